/**
 * Exec: one command with a profile's role credentials in its environment, for tools that cannot
 * read `sso_session` profiles. The credentials come from the cache of `credentials`; the command
 * shares the terminal, gets the signals, and its exit is the result.
 */
import { constants } from 'node:os';
import { AppError, usageError } from '../core/errors.js';
import { EXEC_MARKER, execEnv } from '../core/exec-env.js';
import { profileCredentials } from '../state/role-credentials.js';
import { runForeground } from '../system/foreground.js';
import type { Runtime } from './runtime.js';

export interface ExecInput {
  readonly profile: string;
  /** The program and its arguments; none: `$SHELL`. */
  readonly command: readonly string[];
  /** Whether a standard stream is a terminal (which then delivers Ctrl-C to the command itself). */
  readonly onTerminal: boolean;
}

export interface ExecResult {
  /** The command's exit code, or 128 + the signal's number when a signal ended it, as shells report it. */
  readonly exitCode: number;
  readonly signal: NodeJS.Signals | null;
}

export async function execProfile(rt: Runtime, input: ExecInput): Promise<ExecResult> {
  // Without a command, a shell in which every command has the credentials, as aws-vault does.
  const [program, ...args] = input.command.length > 0 ? input.command : [rt.env.SHELL || '/bin/sh'];
  if (program === undefined || program === '') {
    throw usageError('which command? Give it after --, e.g. aws-org-profiles exec PROFILE -- aws s3 ls');
  }
  const outer = rt.env[EXEC_MARKER];
  if (outer) {
    // As aws-vault does: allowed (a script may switch profiles), but rarely what was meant.
    rt.reporter.notify({
      kind: 'warning',
      text: `already inside aws-org-profiles exec for profile ${outer}; this command gets the credentials of ${input.profile} instead.`,
    });
  }
  const debug = (text: string) => rt.reporter.notify({ kind: 'debug', text });
  const { target, credentials } = await profileCredentials(rt.env, rt.now, input.profile, debug);
  const env = execEnv(
    rt.env,
    target.profile,
    {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
      expiration: credentials.Expiration,
    },
    target.region,
  );
  const outcome = await runForeground(program, args, { env, onTerminal: input.onTerminal });
  if (outcome.kind === 'exited') return { exitCode: outcome.code, signal: null };
  if (outcome.kind === 'signalled') {
    return { exitCode: 128 + (constants.signals[outcome.signal] ?? 0), signal: outcome.signal };
  }
  const shown = JSON.stringify(program);
  if (outcome.errno === 'ENOENT') {
    throw new AppError(
      'COMMAND_NOT_FOUND',
      `cannot run ${shown}: no such program${program.includes('/') ? '' : ' on PATH'}.`,
    );
  }
  throw new AppError(
    'COMMAND_NOT_EXECUTABLE',
    `cannot run ${shown}: ${outcome.errno === 'EACCES' ? 'it is not executable' : outcome.errno}.`,
  );
}
