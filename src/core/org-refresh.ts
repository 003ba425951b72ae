/**
 * When `sync` reads the organisation's structure again, and what it reads: nothing while the org
 * cache is young and knows every reachable account; the structure, and the tags of only the new
 * accounts, while it is young but an account is new; everything when it is old, or asked for.
 */
import type { OrgSnapshot } from './org.js';

export type OrgRefresh =
  /** The cached snapshot serves as it is: no Organizations call. */
  | { readonly kind: 'cached' }
  /** Read the structure; tags only for `tagsFor`, the others' tags kept from `keep`. */
  | { readonly kind: 'partial'; readonly tagsFor: readonly string[]; readonly keep: OrgSnapshot }
  /** Read everything. */
  | { readonly kind: 'full'; readonly why: 'none' | 'stale' | 'asked' };

/** A snapshot read this far in the future is from a clock that was wrong: treated as old. */
const FUTURE_SLACK_MS = 5 * 60_000;

export function isFresh(snapshot: OrgSnapshot, now: Date, lifetimeMs: number): boolean {
  const age = now.getTime() - Date.parse(snapshot.readAt);
  return age < lifetimeMs && age > -FUTURE_SLACK_MS;
}

export function orgRefresh(options: {
  readonly cached: OrgSnapshot | undefined;
  readonly now: Date;
  readonly lifetimeMs: number;
  readonly refresh: boolean;
  /** The accounts the sso-session reaches: their tags are read. */
  readonly reachable: readonly string[];
}): OrgRefresh {
  const { cached } = options;
  if (options.refresh) return { kind: 'full', why: 'asked' };
  if (!cached) return { kind: 'full', why: 'none' };
  if (!isFresh(cached, options.now, options.lifetimeMs)) return { kind: 'full', why: 'stale' };
  const tagsFor = options.reachable.filter(
    (id) => !Object.hasOwn(cached.accounts, id) || cached.accounts[id]!.tags === undefined,
  );
  return tagsFor.length === 0 ? { kind: 'cached' } : { kind: 'partial', tagsFor, keep: cached };
}

/** Seconds the org cache serves before `sync` reads the structure again (default a day; 0: always). */
export const ORG_MAX_AGE_ENV = 'AWS_ORG_PROFILES_ORG_MAX_AGE';

/** Lifetimes in seconds: up to a year (0: always read again). */
export function parseLifetime(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^\s*\d+(\.\d+)?\s*$/.test(raw)) return Number.NaN;
  const seconds = Number(raw);
  return seconds <= 366 * 86_400 ? Math.round(seconds * 1000) : Number.NaN;
}
