/** Runs discovery for a session and maps its failures to errors a user can act on. */
import { AppError } from '../core/errors.js';
import type { Account, Discovery, SsoSession } from '../core/model.js';
import type { TokenSource } from '../sso/session-token.js';
import { discover } from '../sso/discovery.js';
import {
  DEFAULT_PROGRESS_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  PROGRESS_TIMEOUT_ENV,
  REQUEST_TIMEOUT_ENV,
  timeoutsFromEnv,
  type Timeouts,
} from '../sso/clients.js';
import {
  classifyFailure,
  describeFailure,
  MalformedResponseError,
  NoProgressError,
  PaginationError,
} from '../sso/failures.js';
import { createPortalApi } from '../sso/portal-client.js';
import { RequestScheduler, type SchedulerStats } from '../sso/scheduler.js';
import type { Io } from './io.js';
import { progressLine } from './progress.js';
import { loginHint } from './session.js';

export interface DiscoveryRun {
  readonly discovery: Discovery;
  readonly stats: SchedulerStats;
  readonly durationMs: number;
}

/**
 * The scheduler every command uses for portal calls: `AWS_MAX_ATTEMPTS`, the deadline on progress,
 * and with --debug a line per call.
 */
export function portalScheduler(io: Pick<Io, 'env'> & Partial<Io>, timeouts: Timeouts): RequestScheduler {
  const attempts = Number(io.env.AWS_MAX_ATTEMPTS);
  const stderr = io.debug ? io.stderr : undefined;
  return new RequestScheduler({
    // The standard AWS setting for how often a failing call is tried.
    ...(Number.isInteger(attempts) && attempts > 0 ? { maxAttempts: attempts } : {}),
    progressTimeoutMs: timeouts.progressMs,
    ...(stderr ? { debug: (line: string) => stderr.write(`debug: ${line}\n`) } : {}),
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

export async function discoverSession(
  io: Io,
  session: SsoSession,
  token: TokenSource,
  inScope: (account: Account) => boolean,
): Promise<DiscoveryRun> {
  const timeouts = timeoutsFromEnv(io.env);
  const api = createPortalApi({
    region: session.region,
    accessToken: token,
    requestTimeoutMs: timeouts.requestMs,
  });
  const scheduler = portalScheduler(io, timeouts);
  const progress = progressLine(io, !io.debug);
  const started = performance.now();
  try {
    const discovery = await discover({
      api,
      scheduler,
      inScope,
      onProgress: (p) =>
        progress.update(
          `Discovering: ${p.accounts} accounts${p.listingDone ? '' : '…'}, roles read for ${p.rolesDone}/${p.accountsInScope}` +
            (scheduler.stats.throttled > 0
              ? `, paced after ${scheduler.stats.throttled} throttled requests`
              : ''),
        ),
    });
    return { discovery, stats: scheduler.stats, durationMs: performance.now() - started };
  } catch (error) {
    if (classifyFailure(error) === 'unauthorized') {
      throw new AppError('TOKEN_REJECTED', `the portal rejected the SSO token of session ${session.name}.`, {
        hint: loginHint(session.name),
        cause: error,
      });
    }
    throw new AppError(
      'DISCOVERY_FAILED',
      `discovery failed, so nothing was written: ${describeFailure(error)}`,
      {
        hint: failureHint(error) ?? 'Run the command again; with --debug it shows every API call.',
        cause: error,
      },
    );
  } finally {
    progress.done();
    api.close();
  }
}
