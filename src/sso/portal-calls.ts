/**
 * What every command that calls the portal shares: the scheduler (retries, pacing, the deadline
 * on progress, and a line per call for --debug) and how a failed call reads to the user.
 */
import { AppError, type ErrorCode } from '../core/errors.js';
import type { Env } from '../core/model.js';
import { signInHint } from '../core/sign-in.js';
import {
  DEFAULT_PROGRESS_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  PROGRESS_TIMEOUT_ENV,
  REQUEST_TIMEOUT_ENV,
  type Timeouts,
} from './clients.js';
import {
  classifyFailure,
  describeFailure,
  MalformedResponseError,
  NoProgressError,
  PaginationError,
} from './failures.js';
import { RequestScheduler, type SchedulerOptions } from './scheduler.js';

/**
 * A scheduler with `AWS_MAX_ATTEMPTS` (the standard AWS setting, which wins over `maxAttempts`)
 * and the deadline on progress.
 */
export function portalScheduler(
  env: Env,
  timeouts: Timeouts,
  debug?: (line: string) => void,
  options: Pick<SchedulerOptions, 'maxThrottleRetries' | 'maxAttempts'> = {},
): RequestScheduler {
  const attempts = Number(env.AWS_MAX_ATTEMPTS);
  return new RequestScheduler({
    ...options,
    ...(Number.isInteger(attempts) && attempts > 0 ? { maxAttempts: attempts } : {}),
    progressTimeoutMs: timeouts.progressMs,
    ...(debug ? { debug } : {}),
  });
}

/** What to do about a failed portal call, when there is more to say than its message. */
export function failureHint(error: unknown): string | undefined {
  if (error instanceof NoProgressError || classifyFailure(error) === 'transient') {
    return (
      `Check the network and the portal endpoint. ${PROGRESS_TIMEOUT_ENV} (default ${DEFAULT_PROGRESS_TIMEOUT_MS / 1000}) ` +
      `and ${REQUEST_TIMEOUT_ENV} (default ${DEFAULT_REQUEST_TIMEOUT_MS / 1000}) set how many seconds to wait.`
    );
  }
  if (error instanceof MalformedResponseError || error instanceof PaginationError) {
    return 'The server sent an answer that IAM Identity Center does not send; nothing was changed. Run again later, or check AWS_ENDPOINT_URL_SSO and the [services] endpoints.';
  }
  return undefined;
}

/**
 * A failed portal call as the error the user reads: a rejected token asks for a sign-in (exit
 * code 3); anything else is `code` with `what` and the AWS error, and a hint when there is one.
 */
export function portalFailure(
  error: unknown,
  sessionName: string,
  code: Extract<ErrorCode, 'DISCOVERY_FAILED' | 'CHECK_FAILED'>,
  what: string,
  fallbackHint?: string,
): AppError {
  if (classifyFailure(error) === 'unauthorized') {
    return new AppError('TOKEN_REJECTED', `the portal rejected the SSO token of session ${sessionName}.`, {
      hint: signInHint(sessionName),
      session: sessionName,
      cause: error,
    });
  }
  return new AppError(code, `${what}: ${describeFailure(error)}`, {
    hint: failureHint(error) ?? fallbackHint,
    cause: error,
  });
}
