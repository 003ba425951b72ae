import { describe, expect, it } from 'vitest';
import { PaginationError } from '../../src/sso/failures.js';
import { ListingGuard } from '../../src/sso/listing-guard.js';
import { timeoutsFromEnv } from '../../src/sso/clients.js';

describe('a listing that must end', () => {
  it('follows fresh tokens to the end', () => {
    const guard = new ListingGuard('ListAccounts', { maxPages: 10, maxBarrenPages: 3 });
    expect(guard.next('a', 5)).toBe('a');
    expect(guard.next('b', 5)).toBe('b');
    expect(guard.next(undefined, 0)).toBeUndefined();
  });

  it('stops at a token it has seen, never showing it', () => {
    const guard = new ListingGuard('ListAccounts', { maxPages: 10, maxBarrenPages: 3 });
    guard.next('secret-ish-token-A', 1);
    guard.next('B', 1);
    let error: unknown;
    try {
      guard.next('secret-ish-token-A', 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toBe(
      'ListAccounts sent a next_token it had already sent (after 3 pages): the listing would never end',
    );
  });

  it('stops after too many pages, or too many in a row with nothing new', () => {
    const pages = new ListingGuard('ListAccounts', { maxPages: 4, maxBarrenPages: 100 });
    for (let i = 0; i < 3; i++) pages.next(`t${i}`, 1);
    expect(() => pages.next('t3', 1)).toThrow(
      'ListAccounts still had more pages after 4: the listing does not end',
    );
    const barren = new ListingGuard('ListAccountRoles', { maxPages: 1000, maxBarrenPages: 3 });
    barren.next('a', 0);
    barren.next('b', 0);
    expect(() => barren.next('c', 0)).toThrow('ListAccountRoles sent 3 pages in a row with nothing new');
    // A page with something new starts the count again; the last page may well be empty.
    const mixed = new ListingGuard('ListAccounts', { maxPages: 1000, maxBarrenPages: 3 });
    for (const [token, n] of [
      ['a', 0],
      ['b', 0],
      ['c', 2],
      ['d', 0],
      ['e', 0],
    ] as const)
      mixed.next(token, n);
    expect(mixed.next(undefined, 0)).toBeUndefined();
  });
});

describe('timeouts from the environment', () => {
  it('defaults to 30 s a request and 120 s without progress', () => {
    expect(timeoutsFromEnv({})).toEqual({ requestMs: 30_000, progressMs: 120_000 });
    expect(
      timeoutsFromEnv({ AWS_ORG_PROFILES_REQUEST_TIMEOUT: '2.5', AWS_ORG_PROFILES_TIMEOUT: '600' }),
    ).toEqual({ requestMs: 2_500, progressMs: 600_000 });
  });

  it.each(['0', '-1', 'abc', '1e3', '86401', 'Infinity'])('refuses %j as a usage error', (value) => {
    expect(() => timeoutsFromEnv({ AWS_ORG_PROFILES_TIMEOUT: value })).toThrow(
      /AWS_ORG_PROFILES_TIMEOUT=.* is not a number of seconds/,
    );
  });
});
