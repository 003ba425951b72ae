/** `aws-org-profiles mcp`: the MCP server over stdio, for any agent host. */
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { createMcpServer } from '../mcp/server.js';
import type { Io } from './io.js';

export async function runMcp(io: Io): Promise<number> {
  const handle = serveStdio(() => createMcpServer(io), {
    onerror: (error) => {
      if (io.debug) io.stderr.write(`mcp: ${error.message}\n`);
    },
  });
  // The transport closes when the host closes stdin; the process then ends by itself.
  await new Promise<void>((resolve) => {
    process.stdin.once('close', resolve);
    process.stdin.once('end', resolve);
  });
  await handle.close();
  return 0;
}
