/**
 * The one place AWS SDK clients are built, from shared settings: region, no SDK-level retries
 * (the scheduler paces and retries, so it sees every 429), keep-alive sockets, timeouts and our
 * user agent. Endpoints are left to the SDK's standard resolution, so `AWS_ENDPOINT_URL_SSO`,
 * `AWS_ENDPOINT_URL_SSO_OIDC`, `AWS_ENDPOINT_URL_STS` and `[services]` sections work as for any AWS tool.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Env } from '../config/paths.js';
import { usageError } from '../core/errors.js';
import { version } from '../version.js';
import { RequestTimeoutError } from './errors.js';

/** How long one request may take, from connecting to the last byte of the answer. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/**
 * How long a command waits for any successful answer, retries included. A deadline on progress
 * rather than on the whole run: a 10,000-account sync paced at 20 requests/s takes minutes and
 * succeeds all along, while a server that stopped answering is given up on after this long.
 */
export const DEFAULT_PROGRESS_TIMEOUT_MS = 120_000;

export const REQUEST_TIMEOUT_ENV = 'AWS_ORG_PROFILES_REQUEST_TIMEOUT';
export const PROGRESS_TIMEOUT_ENV = 'AWS_ORG_PROFILES_TIMEOUT';

export interface Timeouts {
  readonly requestMs: number;
  readonly progressMs: number;
}

function seconds(env: Env, name: string, fallbackMs: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallbackMs;
  const n = Number(raw);
  // A day at most: past that, setTimeout overflows long before anyone would wait.
  if (!/^\s*\d+(\.\d+)?\s*$/.test(raw) || !(n > 0 && n <= 86_400)) {
    throw usageError(
      `${name}=${JSON.stringify(raw)} is not a number of seconds (more than 0, at most 86400)`,
    );
  }
  return Math.round(n * 1000);
}

/** The timeouts set in the environment, or the defaults. */
export function timeoutsFromEnv(env: Env): Timeouts {
  return {
    requestMs: seconds(env, REQUEST_TIMEOUT_ENV, DEFAULT_REQUEST_TIMEOUT_MS),
    progressMs: seconds(env, PROGRESS_TIMEOUT_ENV, DEFAULT_PROGRESS_TIMEOUT_MS),
  };
}

export interface ClientSettings {
  readonly region: string;
  readonly maxSockets?: number;
  readonly requestTimeoutMs?: number;
}

export function clientConfig(settings: ClientSettings) {
  const maxSockets = settings.maxSockets ?? 64;
  return {
    region: settings.region,
    maxAttempts: 1,
    // Resolve each command's middleware stack once, not on every call: discovery makes thousands.
    cacheMiddleware: true,
    customUserAgent: `aws-org-profiles/${version()}`,
    requestHandler: {
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
      connectionTimeout: 5_000,
      // @smithy/node-http-handler 4.x only logs a warning when requestTimeout passes, unless
      // throwOnRequestTimeout is set, and stops the timer once the headers arrive: a body that
      // never ends would still hang. `bounded` below is what limits a call; this only makes a
      // stalled request fail without printing the SDK's warning.
      requestTimeout: settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  };
}

/**
 * Runs one SDK call with a deadline on the whole exchange: connection, headers and body. The
 * signal given to `send` aborts the request; the race makes sure the promise settles even if some
 * step of the SDK ignored it. When `outer` aborts first (the run gave up), its reason is thrown.
 */
export async function bounded<T>(
  operation: string,
  timeoutMs: number,
  send: (signal: AbortSignal) => Promise<T>,
  outer?: AbortSignal,
): Promise<T> {
  outer?.throwIfAborted();
  const own = new AbortController();
  const timer = setTimeout(() => own.abort(new RequestTimeoutError(operation, timeoutMs)), timeoutMs);
  const signal = outer ? AbortSignal.any([own.signal, outer]) : own.signal;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const sent = send(signal);
  // Whichever loses the race must not become an unhandled rejection.
  sent.catch(() => undefined);
  aborted.catch(() => undefined);
  try {
    return await Promise.race([sent, aborted]);
  } catch (error) {
    // The SDK reports an abort as its own AbortError: the reason says what happened.
    if (signal.aborted) throw signal.reason as Error;
    throw error;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
