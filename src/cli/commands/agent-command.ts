/** `agent install` and `agent uninstall`: the agent definitions that hand the profile map to AI agents. */
import { Option, type Command } from '@commander-js/extra-typings';
import { AGENT_TARGETS, DEFAULT_AGENT_NAME } from '../../core/agent-definition.js';
import { DEFAULT_MAX_BYTES } from '../../core/context-text.js';
import { KIRO_FORMAT_CHOICES } from '../../core/kiro-v3.js';
import type { CliContext } from '../cli-context.js';
import { parseMaxBytes } from '../context-hook.js';
import { printAgentResult } from '../output/agent-output.js';
import { cliRuntime } from '../terminal-reporter.js';

const targetOption = (help: string) =>
  new Option('--target <target>', help).choices([...AGENT_TARGETS, 'all'] as const);
const scopeOption = (help: string) =>
  new Option('--scope <scope>', help).choices(['global', 'workspace'] as const).default('global' as const);

export function registerAgent(program: Command, { io, setExit }: CliContext): void {
  const agent = program
    .command('agent')
    .description('install or remove the agent definitions that hand the profile map to AI agents');
  agent
    .command('install')
    .description(
      'write an agent for Amazon Q Developer CLI / Kiro CLI, or hooks for Claude Code; by default they keep the token and credential caches out of reach',
    )
    .addOption(targetOption('amazonq, kiro, claude-code or all (default: every host found on this machine)'))
    .addOption(scopeOption('global (your home folder) or workspace (this folder)'))
    .option('--name <name>', 'agent name and file name', DEFAULT_AGENT_NAME)
    .option(
      '--max-bytes <n>',
      "largest hook output; also sets the hook's max_output_size",
      parseMaxBytes,
      DEFAULT_MAX_BYTES,
    )
    .option('--mcp', 'also wire the aws-org-profiles MCP server into the agent')
    .option(
      '--permissive',
      'leave out the guard hook and the denied paths and commands that keep credentials from the agent',
    )
    .addOption(
      new Option(
        '--kiro-format <format>',
        'Kiro CLI files: v2 (the agent file), v3 (also .kiro/hooks and permission rules, hooks out of the agent file), both; auto asks kiro-cli --version',
      )
        .choices(KIRO_FORMAT_CHOICES)
        .default('auto' as const),
    )
    .option('--force', 'overwrite a file that was changed by hand or not written by aws-org-profiles')
    .option('--dry-run', 'show what would change and write nothing')
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      '\nExamples:\n  aws-org-profiles agent install\n  aws-org-profiles agent install --target kiro --scope workspace --mcp\n  aws-org-profiles agent install --target all --dry-run\n  aws-org-profiles agent install --target kiro --kiro-format v3',
    )
    .action(async (o) => {
      const { installAgents } = await import('../../app/agent-install.js');
      const result = await installAgents(cliRuntime(io), {
        target: o.target,
        scope: o.scope,
        name: o.name,
        maxBytes: o.maxBytes,
        mcp: o.mcp,
        permissive: o.permissive,
        kiroFormat: o.kiroFormat,
        force: o.force,
        dryRun: o.dryRun,
      });
      setExit(printAgentResult(io, 'install', result, o.json === true));
    });
  agent
    .command('uninstall')
    .description('remove what agent install wrote')
    .addOption(targetOption('amazonq, kiro, claude-code or all (default: whatever was installed)'))
    .addOption(scopeOption('global or workspace'))
    .option('--name <name>', 'agent name', DEFAULT_AGENT_NAME)
    .option('--force', 'also remove an agent file that was changed by hand')
    .option('--dry-run', 'show what would be removed')
    .option('--json', 'print one JSON document')
    .action(async (o) => {
      const { uninstallAgents } = await import('../../app/agent-install.js');
      const result = uninstallAgents(cliRuntime(io), {
        target: o.target,
        scope: o.scope,
        name: o.name,
        force: o.force,
        dryRun: o.dryRun,
      });
      setExit(printAgentResult(io, 'uninstall', result, o.json === true));
    });
}
