/**
 * The command-line program: argument parsing, one module per command (each loads its use case only
 * when it runs, so the agent hook path never loads the AWS SDK), and the one place that maps
 * errors to the documented exit codes.
 */
import { Command, CommanderError } from '@commander-js/extra-typings';
import { ExitCode } from '../core/errors.js';
import { version } from '../version.js';
import type { CliContext } from './cli-context.js';
import { registerAgent } from './commands/agent-command.js';
import { registerAuth } from './commands/auth-command.js';
import { registerCompletion } from './commands/completion-command.js';
import { registerContext } from './commands/context-command.js';
import { registerDoctor } from './commands/doctor-command.js';
import { registerEach } from './commands/each-command.js';
import { registerEmulator } from './commands/emulator-command.js';
import { registerInit } from './commands/init-command.js';
import { registerList } from './commands/list-command.js';
import { registerMcp } from './commands/mcp-command.js';
import { registerSync } from './commands/sync-command.js';
import { reportError } from './error-output.js';
import { systemIo, type Io } from './io.js';

const EXIT_CODES = [
  '',
  'Exit codes:',
  '  0  success',
  '  1  failure (a config file that cannot be read or written, discovery that failed, an I/O error)',
  '  2  usage error (bad arguments, an unknown sso-session or profile, a large prune without --yes)',
  '  3  authentication needed (no SSO token, or it expired and could not be refreshed, or was rejected)',
  '  130  each was interrupted (Ctrl-C)',
].join('\n');

/** What the program's entry point wires in: the adapters the command-line program does not know. */
export interface Roots {
  readonly serveMcp: CliContext['serveMcp'];
}

export function buildProgram(io: Io, setExit: (code: number) => void, roots: Roots): Command {
  const program = new Command('aws-org-profiles')
    .description(
      'Discover every AWS account and role your IAM Identity Center session can reach, write a named ' +
        'profile for each into ~/.aws/config, and hand the profile map to AI agents.',
    )
    .version(version(), '-V, --version')
    .option('--debug', 'print stack traces and one line per API call (never a token)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  const context: CliContext = { io, setExit, serveMcp: roots.serveMcp };
  for (const register of [
    registerSync,
    registerList,
    registerContext,
    registerEach,
    registerAgent,
    registerMcp,
    registerInit,
    registerAuth,
    registerDoctor,
    registerEmulator,
    registerCompletion,
  ]) {
    register(program, context);
  }
  return program;
}

export async function main(
  argv: readonly string[],
  makeIo: (debug: boolean) => Io,
  roots: Roots,
): Promise<number> {
  const io = makeIo(argv.includes('--debug'));
  let code: number = ExitCode.Success;
  const program = buildProgram(io, (c) => (code = c), roots);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
        return ExitCode.Success;
      return error.exitCode === 0 ? ExitCode.Success : ExitCode.Usage;
    }
    return reportError(io, error);
  }
}

/** The program as the entry point runs it: the process's own streams and environment. */
export function runProgram(argv: readonly string[], roots: Roots): Promise<number> {
  return main(argv, systemIo, roots);
}
