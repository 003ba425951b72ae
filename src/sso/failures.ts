/** How a failed portal call should be handled, and how it is described to the user. */
import { awsErrorInfo } from '../core/errors.js';
import { escapeControls } from '../core/untrusted-text.js';

export type FailureKind = 'throttled' | 'unauthorized' | 'transient' | 'fatal';

const transientNetworkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** A call that got no complete answer in time: the connection, the headers or the body stalled. */
export class RequestTimeoutError extends Error {
  constructor(operation: string, timeoutMs: number) {
    super(`${operation}: no complete answer within ${formatSeconds(timeoutMs)}`);
    // The name the SDK gives its own timeouts, so both are classified alike.
    this.name = 'TimeoutError';
  }
}

/** An answer that does not have the shape of the API: never read as an empty one. */
export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResponseError';
  }
}

/** A listing whose next_token would never lead to its end. */
export class PaginationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaginationError';
  }
}

/** The portal answered nothing successfully for the whole deadline: the run gives up. */
export class NoProgressError extends Error {
  readonly timeoutMs: number;
  constructor(timeoutMs: number, last: unknown) {
    super(
      `the portal did not answer within ${formatSeconds(timeoutMs)}` +
        (last === undefined ? '' : ` (last: ${describeFailure(last)})`),
    );
    this.name = 'NoProgressError';
    this.timeoutMs = timeoutMs;
  }
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

export function classifyFailure(error: unknown): FailureKind {
  const e = error as { code?: unknown; name?: unknown };
  // A connection reset while the body was read reaches us as an SDK error with the 200's
  // metadata: the transport failed, not the API.
  if (typeof e?.code === 'string' && transientNetworkCodes.has(e.code)) return 'transient';
  if (e?.name === 'TimeoutError' || e?.name === 'RequestTimeout') return 'transient';
  const info = awsErrorInfo(error);
  if (info) {
    if (
      info.name === 'TooManyRequestsException' ||
      info.name === 'ThrottlingException' ||
      info.status === 429
    ) {
      return 'throttled';
    }
    if (info.name === 'UnauthorizedException' || info.status === 401) return 'unauthorized';
    if (info.status !== undefined && info.status >= 500) return 'transient';
    if (info.status === undefined) return 'transient';
    return 'fatal';
  }
  return 'fatal';
}

/**
 * A short description of a failure that keeps the AWS error code, and never the request. The
 * server's text is shown with its control characters escaped, line breaks included.
 */
export function describeFailure(error: unknown): string {
  const info = awsErrorInfo(error);
  if (info) {
    const status = info.status;
    // The SDK could not read a 2xx answer (not JSON, cut off): say so, not "SyntaxError (HTTP 200)".
    if (status !== undefined && status >= 200 && status < 300) {
      const code = (error as { code?: unknown }).code;
      return `the answer could not be read (HTTP ${status}): ${typeof code === 'string' ? `${code}: ` : ''}${escapeControls(firstLine(info.message))}`;
    }
    // SSO-OIDC errors carry their text in error_description; their message is "UnknownError".
    const description = (error as { error_description?: unknown }).error_description;
    const message = typeof description === 'string' && description !== '' ? description : info.message;
    return escapeControls(`${info.name}${status ? ` (HTTP ${status})` : ''}${message ? `: ${message}` : ''}`);
  }
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? `${e.code}: ` : '';
  return escapeControls(`${code}${typeof e?.message === 'string' ? e.message : String(error)}`);
}

/** The SDK appends a second line about `$response` to deserialization errors; the first says it. */
function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end < 0 ? text : text.slice(0, end);
}
