/** The official MCP client, connected over stdio to the built CLI's `mcp` server, as an agent host connects. */
import { Client } from '@modelcontextprotocol/client';
export declare function connectMcp(env: Record<string, string | undefined>, name: string): Promise<Client>;
