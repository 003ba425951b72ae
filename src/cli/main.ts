/**
 * The command-line program: argument parsing, one handler per command (loaded only when that
 * command runs, so the agent hook path never loads the AWS SDK), and the one place that maps
 * errors to the documented exit codes.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode } from '../core/errors.js';
import { version } from '../version.js';
import { register as agentCommands } from './commands/agents.js';
import { register as authCommands } from './commands/auth.js';
import { register as completionCommands } from './commands/completion.js';
import { register as emulatorCommands } from './commands/emulator.js';
import { register as profileCommands } from './commands/profiles.js';
import type { Io } from './io.js';
import { reportError } from './report.js';

function exitCodes(): string {
  return [
    '',
    'Exit codes:',
    '  0  success',
    '  1  failure (a config file that cannot be read or written, discovery that failed, an I/O error)',
    '  2  usage error (bad arguments, an unknown sso-session or profile, a large prune without --yes)',
    '  3  authentication needed (no SSO token, or it expired and could not be refreshed, or was rejected)',
    '  130  each was interrupted (Ctrl-C)',
  ].join('\n');
}

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('aws-org-profiles')
    .description(
      'Discover every AWS account and role your IAM Identity Center session can reach, write a named ' +
        'profile for each into ~/.aws/config, and hand the profile map to AI agents.',
    )
    .version(version(), '-V, --version')
    .option('--debug', 'print stack traces and one line per API call (never a token)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', exitCodes())
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();

  const context = { io, setExit };
  for (const register of [profileCommands, agentCommands, authCommands, emulatorCommands, completionCommands])
    register(program, context);

  return program;
}

export async function main(argv: readonly string[], makeIo: (debug: boolean) => Io): Promise<number> {
  const io = makeIo(argv.includes('--debug'));
  let code: number = ExitCode.Success;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
        return ExitCode.Success;
      }
      return error.exitCode === 0 ? ExitCode.Success : ExitCode.Usage;
    }
    return reportError(io, error);
  }
}
