/** Serving the MCP server over stdio for the length of one agent session. */
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { stopAllRuns } from '../app/fan-out.js';
import { silentReporter } from '../app/runtime.js';
import type { Env } from '../core/model.js';
import { createMcpServer } from './mcp-server.js';

/** What the server needs from the process that hosts it. */
export interface McpHost {
  readonly env: Env;
  readonly cwd: string;
  readonly now: () => Date;
  /** Print the server's own errors (never a token) on stderr. */
  readonly debug: boolean;
  readonly stderr: { write(text: string): unknown };
}

/** Serves until the host closes stdin or signals us; the exit code. */
export async function serveMcp(host: McpHost): Promise<number> {
  const rt = { env: host.env, cwd: host.cwd, now: host.now, reporter: silentReporter };
  const handle = serveStdio(() => createMcpServer(rt), {
    onerror: (error) => {
      if (host.debug) host.stderr.write(`mcp: ${error.message}\n`);
    },
  });
  await new Promise<void>((resolve) => {
    process.stdin.once('close', resolve);
    process.stdin.once('end', resolve);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, resolve);
  });
  // AWS CLI runs of run_across_profiles end with the session, never left behind.
  stopAllRuns();
  await handle.close();
  return 0;
}
