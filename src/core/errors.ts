/**
 * Errors that reach the user. Each carries a stable code, a message that says what to do next,
 * and the cause, so that the AWS error code survives all the way to the terminal.
 */

/** The documented exit codes. */
export const ExitCode = {
  Success: 0,
  Failure: 1,
  Usage: 2,
  AuthRequired: 3,
  /** `exec`: the command was found but cannot be run, as shells report it. */
  CannotExecute: 126,
  /** `exec`: no such command, as shells report it. */
  CommandNotFound: 127,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorCode =
  | 'USAGE'
  | 'CONFIG_PARSE'
  | 'CONFIG_IO'
  | 'CONFIG_LOCKED'
  | 'CONFIG_CHANGED'
  | 'CONFIG_VALUE'
  | 'SESSION_NOT_FOUND'
  | 'SESSION_INVALID'
  | 'TOKEN_MISSING'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_REJECTED'
  | 'TOKEN_INVALID'
  | 'DISCOVERY_FAILED'
  | 'PROFILE_NOT_FOUND'
  | 'NO_MATCH'
  | 'CHECK_FAILED'
  | 'FEDERATION_FAILED'
  | 'COMMAND_NOT_FOUND'
  | 'COMMAND_NOT_EXECUTABLE'
  | 'EMULATOR'
  | 'INTERNAL';

const exitCodeOf: Record<ErrorCode, ExitCode> = {
  USAGE: ExitCode.Usage,
  SESSION_NOT_FOUND: ExitCode.Usage,
  PROFILE_NOT_FOUND: ExitCode.Usage,
  // A search that found nothing: the words were understood, there is just no such profile.
  NO_MATCH: ExitCode.Failure,
  TOKEN_MISSING: ExitCode.AuthRequired,
  TOKEN_EXPIRED: ExitCode.AuthRequired,
  TOKEN_REJECTED: ExitCode.AuthRequired,
  TOKEN_INVALID: ExitCode.AuthRequired,
  CONFIG_PARSE: ExitCode.Failure,
  CONFIG_IO: ExitCode.Failure,
  CONFIG_LOCKED: ExitCode.Failure,
  CONFIG_CHANGED: ExitCode.Failure,
  // A key, value or section that a config file cannot hold so that it reads back the same.
  CONFIG_VALUE: ExitCode.Failure,
  SESSION_INVALID: ExitCode.Failure,
  DISCOVERY_FAILED: ExitCode.Failure,
  CHECK_FAILED: ExitCode.Failure,
  FEDERATION_FAILED: ExitCode.Failure,
  COMMAND_NOT_FOUND: ExitCode.CommandNotFound,
  COMMAND_NOT_EXECUTABLE: ExitCode.CannotExecute,
  EMULATOR: ExitCode.Failure,
  INTERNAL: ExitCode.Failure,
};

export interface AppErrorOptions {
  /** What the user should do next, printed on its own line. */
  hint?: string;
  cause?: unknown;
  /** The sso-session whose sign-in the error is about, for a program that can sign in to it. */
  session?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly session: string | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.hint = options.hint;
    this.session = options.session;
  }

  get exitCode(): ExitCode {
    return exitCodeOf[this.code];
  }
}

export function usageError(message: string, hint?: string): AppError {
  return new AppError('USAGE', message, { hint });
}

/** The AWS error name and HTTP status of an SDK error, when it is one. */
export function awsErrorInfo(error: unknown): { name: string; status?: number; message: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
  if (typeof e.name !== 'string' || e.$metadata === undefined) return undefined;
  return {
    name: e.name,
    status: e.$metadata.httpStatusCode,
    message: typeof e.message === 'string' ? e.message : '',
  };
}
