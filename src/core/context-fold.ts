/**
 * Generated profiles folded to one entry per account for the agent context. An account is one
 * entry whatever its profiles are called: they are grouped by the account id they hold, never by
 * their names alone, so a part that two accounts share (twins named by an earlier version) can
 * never put a profile under an account it is not in.
 */
import { cell } from './context-cell.js';
import type { ProfileRecord } from './profile-record.js';

export interface FoldedAccount {
  readonly session: string;
  readonly accountId: string;
  readonly accountName: string | null;
  /** The part most of its profiles share: they are named `<session>-<part>-<role>`. */
  readonly part: string;
  /** The roles of the profiles named with that part, as the context shows them. */
  readonly roles: string;
  /** Its profiles named with another part, as `role=profile`. */
  readonly elsewhere: string;
}

/** Generated profiles folded by account, and what the context says of all of them. */
export interface Folded {
  /** By session, then name. */
  readonly accounts: readonly FoldedAccount[];
  /** Profiles that are hand-made, or whose names do not follow `<session>-<part>-<role>`. */
  readonly rest: ProfileRecord[];
  /** How many generated profiles the accounts hold. */
  readonly profiles: number;
  /** How many accounts have each role. */
  readonly roles: ReadonlyMap<string, number>;
  /** Each session's heading: its number of accounts, and its region when they share one. */
  readonly headings: ReadonlyMap<string, string>;
}

/** The account part of a generated name, when the name follows `<session>-<part>-<role>`. */
function accountPartOf(p: ProfileRecord): string | undefined {
  if (!p.generated || p.ssoSession === null || p.role === null) return undefined;
  const prefix = `${p.ssoSession}-`;
  const suffix = `-${p.role}`;
  if (!p.profile.startsWith(prefix) || !p.profile.endsWith(suffix)) return undefined;
  const part = p.profile.slice(prefix.length, p.profile.length - suffix.length);
  return part === '' ? undefined : part;
}

export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A key that sorts names with their numbers by value: `team-2` before `team-10`. */
const pad = (digits: string) => digits.padStart(20, '0');
const orderKey = (a: FoldedAccount) =>
  `${a.session}\u0000${/[0-9]/.test(a.part) ? a.part.replace(/[0-9]+/g, pad) : a.part}\u0000${a.accountId}`;

/** The accounts by session and name. Keys are made once and compared natively. */
export function sortedByName(accounts: FoldedAccount[]): FoldedAccount[] {
  const keys = accounts.map(orderKey);
  let i = 1;
  // A config that sync wrote is mostly in order already.
  while (i < keys.length && keys[i - 1]! <= keys[i]!) i++;
  if (i >= keys.length) return accounts;
  const order = keys.map((_, k) => k).sort((x, y) => byText(keys[x]!, keys[y]!));
  return order.map((k) => accounts[k]!);
}

/** The part most of an account's profiles share; on a tie the shorter, then the first in order. */
function mainPart(parts: readonly string[], group: readonly number[]): string {
  let part = parts[group[0]!]!;
  let same = true;
  for (const i of group) if (parts[i] !== part) same = false;
  if (same) return part;
  const count = new Map<string, number>();
  for (const i of group) count.set(parts[i]!, (count.get(parts[i]!) ?? 0) + 1);
  for (const [candidate, n] of count) {
    const best = count.get(part)!;
    const shorter = candidate.length < part.length || (candidate.length === part.length && candidate < part);
    if (n > best || (n === best && shorter)) part = candidate;
  }
  return part;
}

/** `texts` sorted and joined; they are most often in order already (the config is sorted). */
function joined(texts: string[]): string {
  if (texts.length === 1) return texts[0]!;
  for (let i = 1; i < texts.length; i++) {
    if (texts[i - 1]! > texts[i]!) {
      texts.sort(byText);
      break;
    }
  }
  return texts.join(' ');
}

/**
 * Generated profiles folded by sso-session and account id; the rest are listed by name. This runs
 * over every profile (30,000 of them) on each `sync`: it does as little as it can per profile.
 */
export function foldByAccount(profiles: readonly ProfileRecord[]): Folded {
  const parts: string[] = new Array<string>(profiles.length);
  const sessions = new Map<string, { byId: Map<string, number[]>; regions: Set<string> }>();
  const rest: ProfileRecord[] = [];
  let folded = 0;
  for (let i = 0; i < profiles.length; i++) {
    const p = profiles[i]!;
    const part = accountPartOf(p);
    if (part === undefined || p.accountId === null) {
      rest.push(p);
      continue;
    }
    parts[i] = part;
    folded++;
    let session = sessions.get(p.ssoSession!);
    if (!session) sessions.set(p.ssoSession!, (session = { byId: new Map(), regions: new Set() }));
    if (p.region !== null) session.regions.add(p.region);
    const group = session.byId.get(p.accountId);
    if (group) group.push(i);
    else session.byId.set(p.accountId, [i]);
  }
  const cells = new Map<string, string>();
  const roleCell = (role: string) => {
    let text = cells.get(role);
    if (text === undefined) cells.set(role, (text = cell(role)));
    return text;
  };
  const roles = new Map<string, number>();
  const accounts: FoldedAccount[] = [];
  const headings = new Map<string, string>();
  for (const [name, { byId, regions }] of sessions) {
    const region = regions.size === 1 ? `, region ${cell([...regions][0]!)}` : '';
    headings.set(
      name,
      `### sso-session ${cell(name, Infinity)}: ${byId.size.toLocaleString('en-US')} accounts${region}`,
    );
    for (const group of byId.values()) {
      const part = mainPart(parts, group);
      const own: string[] = [];
      const other: string[] = [];
      let accountName: string | null = null;
      for (let k = 0; k < group.length; k++) {
        const p = profiles[group[k]!]!;
        const role = p.role!;
        if (parts[group[k]!] === part) own.push(roleCell(role));
        else other.push(`${roleCell(role)}=${cell(p.profile, Infinity)}`);
        // An account with two profiles of one role (an old name kept beside the new) counts once.
        let first = true;
        for (let j = 0; j < k && first; j++) if (profiles[group[j]!]!.role === role) first = false;
        if (first) roles.set(role, (roles.get(role) ?? 0) + 1);
        accountName ??= p.accountName;
      }
      accounts.push({
        session: name,
        accountId: profiles[group[0]!]!.accountId!,
        accountName,
        part,
        roles: joined(own),
        elsewhere: other.length === 0 ? '' : joined(other),
      });
    }
  }
  return { accounts: sortedByName(accounts), rest, profiles: folded, roles, headings };
}
