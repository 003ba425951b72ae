/** Runs discovery for a session and maps its failures to errors a user can act on. */
import { AppError } from '../core/errors.js';
import type { Account, Discovery, SsoSession } from '../core/model.js';
import type { TokenSource } from '../sso/session-token.js';
import { discover } from '../sso/discovery.js';
import { classifyFailure, describeFailure } from '../sso/errors.js';
import { createPortalApi } from '../sso/portal.js';
import { RequestScheduler, type SchedulerStats } from '../sso/scheduler.js';
import type { Io } from './io.js';
import { progressLine } from './progress.js';
import { loginHint } from './session.js';

export interface DiscoveryRun {
  readonly discovery: Discovery;
  readonly stats: SchedulerStats;
  readonly durationMs: number;
}

export async function discoverSession(
  io: Io,
  session: SsoSession,
  token: TokenSource,
  inScope: (account: Account) => boolean,
): Promise<DiscoveryRun> {
  const api = createPortalApi({ region: session.region, accessToken: token });
  const attempts = Number(io.env.AWS_MAX_ATTEMPTS);
  const scheduler = new RequestScheduler({
    // The standard AWS setting for how often a failing call is tried.
    ...(Number.isInteger(attempts) && attempts > 0 ? { maxAttempts: attempts } : {}),
    ...(io.debug ? { debug: (line: string) => io.stderr.write(`debug: ${line}\n`) } : {}),
  });
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
        hint: 'Run the command again; with --debug it shows every API call.',
        cause: error,
      },
    );
  } finally {
    progress.done();
    api.close();
  }
}
