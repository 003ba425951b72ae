/** `aws-org-profiles mcp`: the MCP server over stdio, for any agent host. */
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { createMcpServer } from '../mcp/mcp-server.js';
import { stopAllRuns } from './each.js';
import type { Io } from './io.js';

export async function runMcp(io: Io): Promise<number> {
  const handle = serveStdio(() => createMcpServer(io), {
    onerror: (error) => {
      if (io.debug) io.stderr.write(`mcp: ${error.message}\n`);
    },
  });
  // The session ends when the host closes stdin or signals us; AWS CLI runs of
  // run_across_profiles are stopped with it, never left behind.
  await new Promise<void>((resolve) => {
    process.stdin.once('close', resolve);
    process.stdin.once('end', resolve);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, resolve);
  });
  stopAllRuns();
  await handle.close();
  return 0;
}
