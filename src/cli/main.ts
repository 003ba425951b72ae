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
import { registerConsole } from './commands/console-command.js';
import { registerContext } from './commands/context-command.js';
import { registerDoctor } from './commands/doctor-command.js';
import { registerEach } from './commands/each-command.js';
import { registerEmulator } from './commands/emulator-command.js';
import { registerExec } from './commands/exec-command.js';
import { registerGuard } from './commands/guard-command.js';
import { registerInit } from './commands/init-command.js';
import { registerList } from './commands/list-command.js';
import { registerMcp } from './commands/mcp-command.js';
import { registerShellInit } from './commands/shell-init-command.js';
import { registerSync } from './commands/sync-command.js';
import { registerUse } from './commands/use-command.js';
import { BROKEN_PIPE_EXIT, watchPipes } from './broken-pipe.js';
import { printErrorJson, reportError, type OutputFormat } from './error-output.js';
import { systemIo, type Io } from './io.js';

const EXIT_CODES = [
  '',
  'Exit codes:',
  '  0    success',
  '  1    failure (a config file that cannot be read or written, discovery that failed, an I/O error)',
  '  2    usage error (bad arguments, an unknown sso-session or profile, a large prune without --yes)',
  '  3    authentication needed (no SSO token, or it expired and could not be refreshed, or was rejected)',
  '  126  exec: the command cannot be run (not executable)',
  "  127  exec: no such command (otherwise exec exits with the command's own code)",
  '  130  interrupted (Ctrl-C): each stopped its runs; sync says whether it wrote the config; use: cancelled',
  '  141  the reader of the output went away (| head): output stopped there, and each stopped its runs',
  '',
  'With --json (each: --json or --jsonl), an error is also printed on stdout as',
  '{"version": 1, "error": {"code", "message", "hint", "exitCode"}}.',
].join('\n');

/** `--json` or `--jsonl` before any `--` (after it come the words of the command that `each` runs). */
function formatOf(argv: readonly string[]): OutputFormat {
  const end = argv.indexOf('--');
  const own = end === -1 ? argv : argv.slice(0, end);
  return own.includes('--json') ? 'json' : own.includes('--jsonl') ? 'jsonl' : 'text';
}

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
    registerExec,
    registerConsole,
    registerAgent,
    registerMcp,
    registerGuard,
    registerInit,
    registerAuth,
    registerDoctor,
    registerEmulator,
    registerCompletion,
    registerUse,
    registerShellInit,
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
  // What the command line asks for, until the parser says what the command's options are.
  let format = formatOf(argv);
  const program = buildProgram(io, (c) => (code = c), roots).hook('preAction', (_, command) => {
    const options = command.opts() as { json?: unknown; jsonl?: unknown };
    format = options.json === true ? 'json' : options.jsonl === true ? 'jsonl' : 'text';
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      )
        return ExitCode.Success;
      // `each --role R aws sts get-caller-identity --output json` without `--`: the command's own
      // options read as options of each.
      const afterDash =
        error.code === 'commander.unknownOption' &&
        (argv[0] === 'each' || argv[0] === 'exec') &&
        !argv.includes('--');
      if (afterDash) {
        io.stderr.write(
          `Put the command to run after --, e.g. aws-org-profiles ${argv[0] === 'exec' ? 'exec PROFILE' : 'each --role ReadOnlyAccess'} -- aws sts get-caller-identity\n`,
        );
      }
      // The parser printed its message on stderr already.
      const message = error.message.replace(/^error: /, '');
      const hint = afterDash ? 'Put the command to run after --.' : 'Run with --help for usage.';
      printErrorJson(
        io,
        { version: 1, error: { code: 'USAGE', message, hint, exitCode: ExitCode.Usage } },
        format,
      );
      return ExitCode.Usage;
    }
    return reportError(io, error, format);
  }
}

/**
 * The program as the entry point runs it: the process's own streams and environment. A reader of
 * its output that goes away early stops it quietly (broken-pipe.ts).
 */
export async function runProgram(argv: readonly string[], roots: Roots): Promise<number> {
  const pipes = watchPipes(process, (code) => process.exit(code));
  const code = await main(
    argv,
    (debug) => ({
      ...systemIo(debug),
      stdout: pipes.stdout,
      stderr: pipes.stderr,
      onBrokenPipe: (windDown) => pipes.onBroken(windDown),
    }),
    roots,
  );
  return pipes.broken ? BROKEN_PIPE_EXIT : code;
}
