/** `shell-init bash|zsh|fish`: the shell function `aop`, whose `aop use` sets AWS_PROFILE in the shell. */
import { Argument, type Command } from '@commander-js/extra-typings';
import { completionScript, SHELLS } from '../../core/completion-script.js';
import { shellInitScript } from '../../core/shell-init-script.js';
import type { CliContext } from '../cli-context.js';
import { describeCommands } from './completion-command.js';

const PROGRAM = 'aws-org-profiles';

export function registerShellInit(program: Command, { io, setExit }: CliContext): void {
  program
    .command('shell-init')
    .description('print a shell function `aop` (aop use sets AWS_PROFILE in this shell), with completion')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText(
      'after',
      '\n`aop ARGS` runs aws-org-profiles ARGS; `aop use [TEXT]` runs `aws-org-profiles use` and, when a\n' +
        'profile was chosen, exports AWS_PROFILE in the shell (a name that is not a plain profile name\n' +
        'is refused). Completion works for both. Load it for this shell, or add the line to\n' +
        '~/.bashrc, ~/.zshrc or ~/.config/fish/config.fish:\n' +
        '  eval "$(aws-org-profiles shell-init bash)"\n' +
        '  eval "$(aws-org-profiles shell-init zsh)"\n' +
        '  aws-org-profiles shell-init fish | source',
    )
    .action((shell) => {
      const completion = completionScript(shell, PROGRAM, describeCommands(program));
      io.stdout.write(shellInitScript(shell, PROGRAM, completion));
      setExit(0);
    });
}
