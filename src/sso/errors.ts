/** How a failed portal call should be handled. */
import { awsErrorInfo } from '../core/errors.js';

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

export function classifyFailure(error: unknown): FailureKind {
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
  const e = error as { code?: unknown; name?: unknown };
  if (typeof e?.code === 'string' && transientNetworkCodes.has(e.code)) return 'transient';
  if (e?.name === 'TimeoutError' || e?.name === 'RequestTimeout') return 'transient';
  return 'fatal';
}

/** A short description of a failure that keeps the AWS error code, and never the request. */
export function describeFailure(error: unknown): string {
  const info = awsErrorInfo(error);
  if (info)
    return `${info.name}${info.status ? ` (HTTP ${info.status})` : ''}${info.message ? `: ${info.message}` : ''}`;
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? `${e.code}: ` : '';
  return `${code}${typeof e?.message === 'string' ? e.message : String(error)}`;
}
