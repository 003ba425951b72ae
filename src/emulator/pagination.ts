import { portalError, type Reply } from './error-replies.js';

export interface Page {
  start: number;
  size: number;
}

/**
 * A next_token names the list it belongs to and an offset. Offsets rather than cursors keep the
 * emulator O(1) per page; when the organisation shrinks between pages, a token past the end just
 * gives an empty last page.
 */
export function encodeNextToken(list: string, offset: number): string {
  return Buffer.from(`v1|${list}|${offset}`).toString('base64url');
}

/** The offset a token names, or undefined when it is not one of this list's tokens. */
export function decodeNextToken(token: string, list: string): number | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const prefix = `v1|${list}|`;
  if (!text.startsWith(prefix)) return undefined;
  const digits = text.slice(prefix.length);
  if (!/^\d{1,9}$/.test(digits)) return undefined;
  const offset = Number(digits);
  // Node's decoder skips junk; insisting on the canonical form rejects tampered tokens.
  return encodeNextToken(list, offset) === token ? offset : undefined;
}

/** Reads max_result and next_token; answers the 400 the service gives for bad ones. */
export function readPage(query: URLSearchParams, list: string, pageSize: number): Page | Reply {
  let size = pageSize;
  const max = query.get('max_result');
  if (max !== null) {
    const n = /^\d{1,4}$/.test(max) ? Number(max) : NaN;
    if (!(n >= 1 && n <= 100)) {
      return portalError('InvalidRequestException', `max_result must be between 1 and 100, got '${max}'`);
    }
    size = Math.min(n, pageSize);
  }
  const token = query.get('next_token');
  if (token === null || token === '') return { start: 0, size };
  const start = decodeNextToken(token, list);
  if (start === undefined) return portalError('InvalidRequestException', 'Invalid next token');
  return { start, size };
}

/** The slice for one page and the token for the next, if any. */
export function slicePage<T>(
  items: readonly T[],
  page: Page,
  list: string,
): { items: T[]; nextToken?: string } {
  const end = page.start + page.size;
  const slice = items.slice(page.start, end);
  return end < items.length ? { items: slice, nextToken: encodeNextToken(list, end) } : { items: slice };
}

export function isReply(value: Page | Reply): value is Reply {
  return 'status' in value;
}
