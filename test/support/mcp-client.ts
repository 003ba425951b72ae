/** The official MCP client, connected over stdio to the built CLI's `mcp` server, as an agent host connects. */
import { Client, type ClientCapabilities } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { BIN } from './cli.js';

export interface McpSession {
  readonly client: Client;
  /** Everything the server wrote on stderr so far. */
  stderr(): string;
}

/**
 * Starts the server and connects to it. `capabilities` are the client's (e.g. URL-mode
 * elicitation); `prepare` registers the client's handlers before the handshake.
 */
export async function startMcp(
  env: Record<string, string | undefined>,
  name: string,
  options: { capabilities?: ClientCapabilities; args?: string[]; prepare?: (client: Client) => void } = {},
): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', ...(options.args ?? [])],
    env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client(
    { name, version: '1.0.0' },
    options.capabilities ? { capabilities: options.capabilities } : undefined,
  );
  options.prepare?.(client);
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

export async function connectMcp(env: Record<string, string | undefined>, name: string): Promise<Client> {
  return (await startMcp(env, name)).client;
}
