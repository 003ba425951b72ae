/** `completion bash|zsh|fish`: shell completion scripts, described from the very commands defined here. */
import { type Command, type Option } from 'commander';
import type { CompletionCommand, ValueKind } from '../../core/completion-script.js';
import { usageError } from '../../core/errors.js';
import { type Context } from './shared.js';

/** What the values of options with these names are; every other value is free text. */
const VALUES: Record<string, ValueKind> = {
  '--profile': { kind: 'profiles' },
  '--profile-match': { kind: 'profiles' },
  '--sso-session': { kind: 'sessions' },
  '--role': { kind: 'roles' },
  '--org': { kind: 'file' },
  '--target': { kind: 'choice', values: ['amazonq', 'kiro', 'claude-code', 'all'] },
  '--scope': { kind: 'choice', values: ['global', 'workspace'] },
};

const ARGUMENTS: Record<string, ValueKind> = {
  create: { kind: 'roles' },
  completion: { kind: 'choice', values: ['bash', 'zsh', 'fish'] },
};

function optionOf(option: Option): CompletionCommand['options'][number] {
  const flags = [option.short, option.long].filter((f): f is string => f !== undefined);
  const takesValue = option.required || option.optional;
  const value = takesValue ? (VALUES[option.long ?? ''] ?? { kind: 'free' as const }) : undefined;
  return { flags, description: option.description, ...(value ? { value } : {}) };
}

/** Every command and subcommand, with its options, as the completion scripts need them. */
export function describeCommands(program: Command): CompletionCommand[] {
  const out: CompletionCommand[] = [];
  const visit = (command: Command, prefix: string) => {
    for (const sub of command.commands) {
      if (sub.name() === 'help') continue;
      const path = prefix ? `${prefix} ${sub.name()}` : sub.name();
      const argument = ARGUMENTS[path];
      out.push({
        path,
        description: sub.description(),
        options: sub.options.map(optionOf),
        ...(argument ? { argument } : {}),
      });
      visit(sub, path);
    }
  };
  visit(program, '');
  return out;
}

export function register(program: Command, { io, setExit }: Context): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish), with profile names for --profile')
    .argument('[shell]', 'bash, zsh or fish')
    .option('--values <kind>', 'print the profile, sso-session or role names of the config, one per line')
    .addHelpText(
      'after',
      '\nLoad it for this shell, or add the line to ~/.bashrc, ~/.zshrc or ~/.config/fish/config.fish:\n' +
        '  source <(aws-org-profiles completion bash)\n' +
        '  source <(aws-org-profiles completion zsh)\n' +
        '  aws-org-profiles completion fish | source',
    )
    .action(async (shell: string | undefined, options: { values?: string }) => {
      const { runCompletion } = await import('../completion.js');
      if (shell === undefined && options.values === undefined) {
        throw usageError(
          'name a shell: bash, zsh or fish',
          'e.g. source <(aws-org-profiles completion bash)',
        );
      }
      setExit(runCompletion(io, shell, options.values, describeCommands(program)));
    });
}
