/** `completion bash|zsh|fish`: shell completion scripts, described from the very commands defined here. */
import { Argument, Option, type Command } from '@commander-js/extra-typings';
import {
  completionScript,
  NAME_KINDS,
  SHELLS,
  type CompletionCommand,
  type ValueKind,
} from '../../core/completion-script.js';
import { usageError } from '../../core/errors.js';
import type { CliContext } from '../cli-context.js';

/** What the values of options with these names are; a value with choices completes to them; the rest is free text. */
const VALUES: Record<string, ValueKind> = {
  '--profile': { kind: 'profiles' },
  '--profile-match': { kind: 'profiles' },
  '--sso-session': { kind: 'sessions' },
  '--role': { kind: 'roles' },
  '--org': { kind: 'file' },
};

const ARGUMENTS: Record<string, ValueKind> = {
  create: { kind: 'roles' },
  console: { kind: 'profiles' },
  exec: { kind: 'profiles' },
  completion: { kind: 'choice', values: SHELLS },
  'shell-init': { kind: 'choice', values: SHELLS },
  use: { kind: 'profiles' },
};

interface CommandShape {
  name(): string;
  description(): string;
  readonly commands: readonly CommandShape[];
  readonly options: readonly {
    short?: string;
    long?: string;
    description: string;
    required: boolean;
    optional: boolean;
    argChoices?: string[];
  }[];
}

function optionOf(option: CommandShape['options'][number]): CompletionCommand['options'][number] {
  const flags = [option.short, option.long].filter((f): f is string => f !== undefined);
  const takesValue = option.required || option.optional;
  const value: ValueKind | undefined = !takesValue
    ? undefined
    : option.argChoices
      ? { kind: 'choice', values: option.argChoices }
      : (VALUES[option.long ?? ''] ?? { kind: 'free' });
  return { flags, description: option.description, ...(value ? { value } : {}) };
}

/** Every command and subcommand, with its options, as the completion scripts need them. */
export function describeCommands(program: CommandShape): CompletionCommand[] {
  const out: CompletionCommand[] = [];
  const visit = (command: CommandShape, prefix: string) => {
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

export function registerCompletion(program: Command, { io, setExit }: CliContext): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish), with profile names for --profile')
    .addArgument(new Argument('[shell]', 'bash, zsh or fish').choices(SHELLS))
    .addOption(
      new Option(
        '--values <kind>',
        'print the profile, sso-session or role names of the config, one per line',
      ).choices(NAME_KINDS),
    )
    .addHelpText(
      'after',
      '\nLoad it for this shell, or add the line to ~/.bashrc, ~/.zshrc or ~/.config/fish/config.fish:\n' +
        '  source <(aws-org-profiles completion bash)\n' +
        '  source <(aws-org-profiles completion zsh)\n' +
        '  aws-org-profiles completion fish | source',
    )
    .action(async (shell, o) => {
      if (o.values !== undefined) {
        const { completionNames, loadProfiles } = await import('../../app/list.js');
        for (const name of completionNames(loadProfiles(io.env), o.values)) io.stdout.write(`${name}\n`);
      } else if (shell !== undefined) {
        io.stdout.write(completionScript(shell, 'aws-org-profiles', describeCommands(program)));
      } else {
        throw usageError(
          'name a shell: bash, zsh or fish',
          'e.g. source <(aws-org-profiles completion bash)',
        );
      }
      setExit(0);
    });
}
