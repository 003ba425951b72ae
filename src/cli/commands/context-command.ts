/** `context`: the profile map for an agent to read. The agent hook takes the fast path (context-hook.ts). */
import type { Command } from '@commander-js/extra-typings';
import { collect } from '../args.js';
import type { CliContext } from '../cli-context.js';
import { CONTEXT_HELP, parseMaxBytes, printContext } from '../context-hook.js';

export function registerContext(program: Command, { io, setExit }: CliContext): void {
  program
    .command('context')
    .description('print the profile map for an agent to read (what the agent-start hook runs); offline')
    .option('--max-bytes <n>', CONTEXT_HELP.maxBytes, parseMaxBytes)
    .option('--sso-session <name>', CONTEXT_HELP.ssoSession, collect)
    .option('--role <role>', CONTEXT_HELP.role, collect)
    .option('--account <pattern>', CONTEXT_HELP.account, collect)
    .option('--ou <pattern>', CONTEXT_HELP.ou, collect)
    .option('--tag <key[=value]>', CONTEXT_HELP.tag, collect)
    .option('--prod-tag-key <key>', CONTEXT_HELP.prodTagKey, collect)
    .option('--mcp', CONTEXT_HELP.mcp)
    .addHelpText(
      'after',
      "\nExamples:\n  aws-org-profiles context\n  aws-org-profiles context --max-bytes 20000 --role ReadOnlyAccess\n  aws-org-profiles context --ou '/Workloads/*' --prod-tag-key tier",
    )
    .action(async (o) =>
      setExit(
        await printContext(io, {
          maxBytes: o.maxBytes,
          ssoSessions: o.ssoSession,
          roles: o.role,
          accounts: o.account,
          ous: o.ou,
          tags: o.tag,
          prodTagKeys: o.prodTagKey,
          mcp: o.mcp === true,
        }),
      ),
    );
}
