/**
 * `guard` in the full program: its help, and the same check when the fast path is not taken. Agent
 * hosts run `<node> <bin> guard`, which bin.ts sends straight to guard.ts (guard-hook.ts).
 */
import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../cli-context.js';
import { guardHook } from '../guard-hook.js';

const HELP = `
Reads the host's pre-tool-use event on stdin (Amazon Q Developer CLI and Kiro CLI "preToolUse",
Kiro CLI 3 and Claude Code "PreToolUse") and judges the shell, file and AWS tool calls in it;
every other tool passes. It blocks:
  - reading the SSO token cache, the AWS CLI, botocore and \`aws login\` credential caches, the
    credentials file and this tool's role credential cache (file tools, or any shell command);
  - AWS CLI commands and use_aws calls that return secrets (the MCP server's rules), --debug and
    its abbreviations, \`aws configure export-credentials\` and \`get\`;
  - aws-org-profiles credentials, exec and console --url.
Exit 0 lets the call run and prints nothing; exit 2 blocks it with one line on stderr, which the
host hands to the model. An event it cannot read is blocked.

Wire it as the host's pre-tool-use hook command, with absolute paths and no arguments:
  /usr/local/bin/node /path/to/aws-org-profiles/dist/bin.cjs guard
(\`aws-org-profiles agent install\` does this.)

Examples:
  echo '{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"cat ~/.aws/sso/cache/x.json"}}' | aws-org-profiles guard; echo $?`;

export function registerGuard(program: Command, { io, setExit }: CliContext): void {
  program
    .command('guard')
    .description(
      'judge an agent tool call from its pre-tool-use hook event on stdin: exit 2 blocks it (run by agent hosts)',
    )
    .addHelpText('after', HELP)
    .action(async () =>
      setExit(
        await guardHook({
          env: io.env,
          cwd: io.cwd,
          stderr: io.stderr,
          stdinFd: 0,
          stdin: () => io.stdin ?? process.stdin,
        }),
      ),
    );
}
