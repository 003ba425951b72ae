/**
 * The organisation's structure as the tool knows it: the organisational units (OUs) on the path
 * of each account, and each reachable account's tags. Read from AWS Organizations by `sync`,
 * kept in the org cache (one file per IAM Identity Center instance), and joined to the profiles
 * by account id. Plain data: every string in it came from the network and is untrusted.
 */
import type { ProfileRecord } from './profile-record.js';

/** One OU: its name as Organizations gives it, and its parent (the root's id or another OU's). */
export interface OrgUnit {
  readonly name: string;
  readonly parentId: string;
}

/** Where one account sits, and its tags when they were read (only for accounts the user can reach). */
export interface OrgAccount {
  /** The root's id or an OU id; its chain of parents in `units` ends at `rootId`. */
  readonly parentId: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** The profile (account and role) through which the structure was read. */
export interface OrgReader {
  readonly accountId: string;
  readonly role: string;
  readonly profile?: string;
}

/**
 * A complete, consistent read of the structure: every OU on the path of every listed account is
 * in `units`, no chain of parents loops, and every chain ends at the root. A read that is not all
 * of that is never stored.
 */
export interface OrgSnapshot {
  readonly version: 1;
  /** The sso-session's start URL: the Identity Center instance, hence the organisation. */
  readonly startUrl: string;
  readonly orgId: string;
  readonly rootId: string;
  readonly managementAccountId: string;
  /** ISO time of the read; the cache's lifetime counts from it. */
  readonly readAt: string;
  readonly reader: OrgReader;
  readonly units: Readonly<Record<string, OrgUnit>>;
  readonly accounts: Readonly<Record<string, OrgAccount>>;
}

/** An account's place, as `list --json`, the filters, the templates and the agents see it. */
export interface AccountPlace {
  /**
   * The OU names from the root down, each after a `/`: `/Workloads/Prod`; `/` for an account
   * directly under the root. Each name is escaped so that the path is one unambiguous line:
   * `%` → `%25`, `/` → `%2F`, and control, bidi and other invisible characters as `%XX` of their
   * UTF-8 bytes.
   */
  readonly ouPath: string;
  /** The same OU names, unescaped, root first (empty under the root). */
  readonly ouNames: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

/** The default lifetime of a snapshot before `sync` reads the structure again. */
export const ORG_CACHE_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Characters that would make a path ambiguous or hide text: the separator, the escape, controls, bidi and invisible marks. */
const UNSAFE_IN_SEGMENT = /[%/\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** One OU name as a segment of `ouPath`: see {@link AccountPlace.ouPath}. */
export function escapeSegment(name: string): string {
  return name.replace(UNSAFE_IN_SEGMENT, (ch) =>
    Array.from(new TextEncoder().encode(ch), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(
      '',
    ),
  );
}

/** The OU names of an account's parent, root first; undefined when its chain is broken or loops. */
export function ouNamesOf(snapshot: OrgSnapshot, parentId: string): string[] | undefined {
  const names: string[] = [];
  let id = parentId;
  // Organizations allows five levels; a longer chain can only be a loop in the data.
  for (let depth = 0; id !== snapshot.rootId; depth++) {
    const unit = Object.hasOwn(snapshot.units, id) ? snapshot.units[id] : undefined;
    if (unit === undefined || depth > 32) return undefined;
    names.push(unit.name);
    id = unit.parentId;
  }
  return names.reverse();
}

/** Each account's place, by account id. Accounts whose chain is broken are left out (unknown). */
export function placesOf(snapshot: OrgSnapshot): Map<string, AccountPlace> {
  const byParent = new Map<string, { ouPath: string; ouNames: readonly string[] } | undefined>();
  const places = new Map<string, AccountPlace>();
  for (const [accountId, account] of Object.entries(snapshot.accounts)) {
    let path = byParent.get(account.parentId);
    if (!byParent.has(account.parentId)) {
      const names = ouNamesOf(snapshot, account.parentId);
      path = names && { ouPath: `/${names.map(escapeSegment).join('/')}`, ouNames: names };
      byParent.set(account.parentId, path);
    }
    if (path) places.set(accountId, { ...path, tags: account.tags ?? {} });
  }
  return places;
}

/** Each sso-session's account places, by session name then account id. */
export type PlacesBySession = ReadonlyMap<string, ReadonlyMap<string, AccountPlace>>;

/**
 * The profiles with `ouPath` and `tags` set where the org cache of their sso-session places their
 * account; the others are returned as they are (structure unknown).
 */
export function withPlaces<P extends ProfileRecord>(profiles: readonly P[], places: PlacesBySession): P[] {
  if (places.size === 0) return [...profiles];
  return profiles.map((p) => {
    const place =
      p.ssoSession === null || p.accountId === null ? undefined : places.get(p.ssoSession)?.get(p.accountId);
    return place ? { ...p, ouPath: place.ouPath, tags: place.tags } : p;
  });
}
