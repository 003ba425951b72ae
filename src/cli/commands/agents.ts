/** The commands that hand the profile map to agents: agent install/uninstall, mcp. */
import { type Command } from 'commander';
import { type Context } from './shared.js';

export function register(program: Command, { io, setExit }: Context): void {
  const agent = program
    .command('agent')
    .description('install or remove the agent definitions that hand the profile map to AI agents');
  agent
    .command('install')
    .description(
      'write an agent for Amazon Q Developer CLI / Kiro CLI, or a SessionStart hook for Claude Code',
    )
    .option(
      '--target <target>',
      'amazonq, kiro, claude-code or all (default: every host found on this machine)',
    )
    .option('--scope <scope>', 'global (your home folder) or workspace (this folder)', 'global')
    .option('--name <name>', 'agent name and file name', 'org-awscli-agent')
    .option('--max-bytes <n>', "largest hook output; also sets the hook's max_output_size", '10240')
    .option('--mcp', 'also wire the aws-org-profiles MCP server into the agent')
    .option('--force', 'overwrite a file that was changed by hand or not written by aws-org-profiles')
    .option('--dry-run', 'show what would change and write nothing')
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      '\nExamples:\n  aws-org-profiles agent install\n  aws-org-profiles agent install --target kiro --scope workspace --mcp\n  aws-org-profiles agent install --target all --dry-run',
    )
    .action(async (options: Record<string, unknown>) => {
      const { runAgentInstall } = await import('../agent.js');
      setExit(runAgentInstall(io, options));
    });
  agent
    .command('uninstall')
    .description('remove what agent install wrote')
    .option('--target <target>', 'amazonq, kiro, claude-code or all (default: whatever was installed)')
    .option('--scope <scope>', 'global or workspace', 'global')
    .option('--name <name>', 'agent name', 'org-awscli-agent')
    .option('--force', 'also remove an agent file that was changed by hand')
    .option('--dry-run', 'show what would be removed')
    .option('--json', 'print one JSON document')
    .action(async (options: Record<string, unknown>) => {
      const { runAgentUninstall } = await import('../agent.js');
      setExit(runAgentUninstall(io, options));
    });

  program
    .command('mcp')
    .description('serve the MCP server over stdio: list, find, get and check profiles, and sign-in status')
    .addHelpText(
      'after',
      '\nTools: list_profiles, find_profiles, get_profile, session_status, check_profile.\n' +
        'Resource: aws-profiles://profiles.\n\n' +
        'Example (any MCP host):\n  {"mcpServers": {"aws-org-profiles": {"command": "aws-org-profiles", "args": ["mcp"]}}}',
    )
    .action(async () => {
      const { runMcp } = await import('../mcp.js');
      setExit(await runMcp(io));
    });
}
