/** `mcp`: the MCP server over stdio. The program's entry point supplies the server (cli-context.ts). */
import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../cli-context.js';

export function registerMcp(program: Command, { io, setExit, serveMcp }: CliContext): void {
  program
    .command('mcp')
    .description(
      'serve the MCP server over stdio: list, find, get and check profiles, sign-in status, and sign-in',
    )
    .addHelpText(
      'after',
      '\nTools: list_profiles, find_profiles, get_profile, org_tree, sign_in, session_status, check_profile,\n' +
        'run_across_profiles.\n' +
        'Resource: aws-profiles://profiles.\n\n' +
        'Example (any MCP host):\n  {"mcpServers": {"aws-org-profiles": {"command": "aws-org-profiles", "args": ["mcp"]}}}',
    )
    .action(async () => {
      // The MCP transport handles a stdout the host closed; the server ends when the host closes
      // stdin, and stops its runs then.
      const stopWatchingPipes = io.onBrokenPipe?.(() => undefined);
      try {
        setExit(await serveMcp(io));
      } finally {
        stopWatchingPipes?.();
      }
    });
}
