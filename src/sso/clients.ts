/**
 * The one place AWS SDK clients are built, from shared settings: region, no SDK-level retries
 * (the scheduler paces and retries, so it sees every 429), keep-alive sockets, timeouts and our
 * user agent. Endpoints are left to the SDK's standard resolution, so `AWS_ENDPOINT_URL_SSO`,
 * `AWS_ENDPOINT_URL_SSO_OIDC`, `AWS_ENDPOINT_URL_STS` and `[services]` sections work as for any AWS tool.
 */
import { Agent as HttpAgent, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Env } from '../core/model.js';
import { usageError } from '../core/errors.js';
import { version } from '../version.js';
import { RequestTimeoutError } from './failures.js';

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

type AddRequest = (request: ClientRequest, options: unknown) => void;

/**
 * Ends every request on this agent that is not done after `timeoutMs`, from its start to the last
 * byte of the answer: a socket timeout only measures silence, and a server that sends a byte now
 * and then never trips it. The request is destroyed, which frees its socket for the next one.
 * `addRequest` is where Node's ClientRequest hands itself to its agent (undocumented, and what
 * agent libraries hook): the one place that sees each request whatever the SDK does around it.
 */
function withDeadline<A extends HttpAgent>(agent: A, timeoutMs: number): A {
  const hooked = agent as unknown as { addRequest: AddRequest };
  const addRequest = hooked.addRequest.bind(agent);
  hooked.addRequest = (request, options) => {
    const timer = setTimeout(
      () => request.destroy(new RequestTimeoutError('the request', timeoutMs)),
      timeoutMs,
    );
    request.once('close', () => clearTimeout(timer));
    addRequest(request, options);
  };
  return agent;
}

export function clientConfig(settings: ClientSettings) {
  const maxSockets = settings.maxSockets ?? 64;
  const timeoutMs = settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return {
    region: settings.region,
    maxAttempts: 1,
    // Resolve each command's middleware stack once, not on every call: discovery makes thousands.
    // (Passing options such as an abortSignal to `send` turns that cache off, so none are passed.)
    cacheMiddleware: true,
    customUserAgent: `aws-org-profiles/${version()}`,
    requestHandler: {
      httpAgent: withDeadline(new HttpAgent({ keepAlive: true, maxSockets }), timeoutMs),
      httpsAgent: withDeadline(new HttpsAgent({ keepAlive: true, maxSockets }), timeoutMs),
      connectionTimeout: 5_000,
      // @smithy/node-http-handler 4.x only logs a warning when requestTimeout passes, unless
      // throwOnRequestTimeout is set, and stops that timer once the headers arrive: a body that
      // never ends would still hang. The agents above bound the whole exchange; this only makes a
      // request without headers fail without printing the SDK's warning.
      requestTimeout: timeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}

/**
 * Runs one SDK call with a deadline on the whole exchange. The agents of `clientConfig` end the
 * request itself; this makes sure the promise settles at the deadline whatever step of the SDK is
 * waiting, and at once when `outer` aborts (the run gave up), with its reason.
 */
export async function bounded<T>(
  operation: string,
  timeoutMs: number,
  send: () => Promise<T>,
  outer?: AbortSignal,
): Promise<T> {
  outer?.throwIfAborted();
  let reject!: (reason: Error) => void;
  const stopped = new Promise<never>((_, r) => (reject = r));
  const timer = setTimeout(() => reject(new RequestTimeoutError(operation, timeoutMs)), timeoutMs);
  const onOuter = () => reject(outer!.reason as Error);
  outer?.addEventListener('abort', onOuter, { once: true });
  const sent = send();
  // The loser of the race must not become an unhandled rejection.
  sent.catch(() => undefined);
  try {
    return await Promise.race([sent, stopped]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuter);
  }
}
