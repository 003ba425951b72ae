/**
 * The agent context of an organisation whose structure is known: profiles grouped by OU under a
 * heading per OU path, production accounts and OUs marked, and, where not every account fits, the
 * OU tree with its counts before the accounts that do. Every OU name came from the network: it is
 * escaped in `ouPath` (core/org.ts) and kept within the cell rules here.
 */
import {
  accountLine,
  DESCRIPTION,
  ELSEWHERE,
  foldedSection,
  LEGEND,
  legendOf,
  sharesPart,
} from './context-account-list.js';
import { bytes, cell, type Budget } from './context-cell.js';
import { foldByAccount, type Folded } from './context-fold.js';
import { byProfile, cost, fill, NAMING, row, TABLE_HEAD } from './context-table.js';
import { orgTree, type OrgTreeNode } from './org-tree.js';
import type { ProfileRecord } from './profile-record.js';
import { productionPath, productionProfile } from './production.js';

export const PROD_MARK = '[prod]';

/** What the header says once, when the structure is known. */
export const GROUPED_NOTE =
  'Accounts are grouped by organisational unit (OU), each named by its path from the root (`/` for accounts directly under it). ' +
  `\`${PROD_MARK}\` marks production accounts and OUs: confirm with the user before changing anything in them.`;

const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

/** An OU path in one line of the text: escaped already, and kept out of the table syntax and short. */
const ouCell = (path: string) => cell(path, 160) || '/';

const known = (p: ProfileRecord) => p.ouPath !== undefined && p.accountId !== null;

const accountKey = (session: string | null, accountId: string) => `${session ?? ''}\u0000${accountId}`;

interface Group {
  readonly session: string | null;
  readonly path: string;
  readonly production: boolean;
}

/** The group of each known account, and whether the account itself is production. */
function placesOf(profiles: readonly ProfileRecord[], isProd: (p: ProfileRecord) => boolean) {
  const groups = new Map<string, Group>();
  const accounts = new Map<string, { group: Group; production: boolean }>();
  for (const p of profiles) {
    if (!known(p)) continue;
    const key = accountKey(p.ssoSession, p.accountId!);
    if (accounts.has(key)) continue;
    const groupKey = `${p.ssoSession ?? ''}\u0000${p.ouPath!}`;
    let group = groups.get(groupKey);
    if (!group) {
      groups.set(
        groupKey,
        (group = { session: p.ssoSession, path: p.ouPath!, production: productionPath(p.ouPath!) }),
      );
    }
    accounts.set(key, { group, production: isProd(p) });
  }
  return { groups, accounts };
}

function heading(group: Group, accounts: number, sessions: number): string {
  const session =
    sessions > 1 && group.session !== null ? `sso-session ${cell(group.session, Infinity)}, ` : '';
  return `### ${session}OU ${ouCell(group.path)} (${count(accounts, 'account')})${group.production ? ` ${PROD_MARK}` : ''}`;
}

const byGroup = (a: Group, b: Group) => {
  const x = `${a.session ?? ''}\u0000${a.path}`;
  const y = `${b.session ?? ''}\u0000${b.path}`;
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Every profile in a table per OU, the profiles of no known OU in a last one. */
export function groupedTable(profiles: readonly ProfileRecord[], prodTagKeys?: readonly string[]): string[] {
  const isProd = productionProfile(prodTagKeys);
  const { accounts } = placesOf(profiles, isProd);
  const byGroupRows = new Map<Group, ProfileRecord[]>();
  const others: ProfileRecord[] = [];
  for (const p of profiles) {
    const place = known(p) ? accounts.get(accountKey(p.ssoSession, p.accountId!)) : undefined;
    if (!place) {
      others.push(p);
      continue;
    }
    const rows = byGroupRows.get(place.group);
    if (rows) rows.push(p);
    else byGroupRows.set(place.group, [p]);
  }
  const sessions = new Set([...byGroupRows.keys()].map((g) => g.session)).size;
  const lines = [
    `## Profiles (${profiles.length.toLocaleString('en-US')})`,
    ...(profiles.some((p) => p.generated) ? [NAMING, ''] : []),
  ];
  for (const group of [...byGroupRows.keys()].sort(byGroup)) {
    const rows = byGroupRows.get(group)!.sort(byProfile);
    const ids = new Set(rows.map((p) => p.accountId));
    lines.push(heading(group, ids.size, sessions), ...TABLE_HEAD);
    for (const p of rows) {
      const mark = !group.production && accounts.get(accountKey(p.ssoSession, p.accountId!))!.production;
      lines.push(row(p, mark ? ` ${PROD_MARK}` : ''));
    }
    lines.push('');
  }
  if (others.length > 0) {
    lines.push('### Profiles of no known OU', ...TABLE_HEAD, ...others.sort(byProfile).map((p) => row(p)));
  }
  while (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The generated profiles of known accounts, one line per account (as today's fold) under their OU's heading. */
function groupedLines(folded: Folded, places: ReturnType<typeof placesOf>): string[] {
  const legend = legendOf(folded.accounts, folded.roles);
  const shared = sharesPart(folded.accounts);
  const byGroupAccounts = new Map<Group, string[]>();
  for (const a of folded.accounts) {
    const place = places.accounts.get(accountKey(a.session, a.accountId))!;
    const mark = place.production && !place.group.production ? ` ${PROD_MARK}` : '';
    const line = `${accountLine(a, legend.get(a.roles), shared(a))}${mark}`;
    const lines = byGroupAccounts.get(place.group);
    if (lines) lines.push(line);
    else byGroupAccounts.set(place.group, [line]);
  }
  const sessions = new Set([...byGroupAccounts.keys()].map((g) => g.session)).size;
  const elsewhere = folded.accounts.some((a) => a.elsewhere !== '');
  const lines = [
    `## Generated profiles (${folded.profiles.toLocaleString('en-US')}), by organisational unit`,
    `${DESCRIPTION}${elsewhere ? ELSEWHERE : ''}.${legend.size > 0 ? LEGEND : ''}`,
    ...[...legend].map(([roles, token]) => `${token} = ${roles}`),
  ];
  for (const group of [...byGroupAccounts.keys()].sort(byGroup)) {
    const accountLines = byGroupAccounts.get(group)!;
    lines.push('', heading(group, accountLines.length, sessions), ...accountLines);
  }
  return lines;
}

/** The least room the folded lines of these accounts take. */
function least(folded: Folded): number {
  let n = 0;
  for (const a of folded.accounts) n += a.part.length + a.accountId.length + 4;
  return n;
}

/**
 * The generated profiles' accounts, grouped by OU when they all fit with the accounts of no known
 * OU after them (in today's layout); otherwise the OU tree, then as many accounts as fit. Returns
 * how many accounts it left out.
 */
export function groupedAccounts(
  body: string[],
  profiles: readonly ProfileRecord[],
  all: Folded,
  budget: Budget,
  prodTagKeys?: readonly string[],
): number {
  const knownProfiles = profiles.filter(known);
  // Most large organisations fail this at once: then they are neither folded again nor grouped.
  if (least(all) <= budget.left) {
    const knownFold = foldByAccount(knownProfiles);
    if (knownFold.accounts.length === 0) return section(body, all, budget);
    const unknownFold = foldByAccount(profiles.filter((p) => !known(p)));
    const lines = groupedLines(knownFold, placesOf(knownProfiles, productionProfile(prodTagKeys)));
    if (cost(lines) + least(unknownFold) <= budget.left) {
      fill(body, lines, budget);
      if (unknownFold.accounts.length === 0) return 0;
      if (!budget.take('')) return unknownFold.accounts.length;
      body.push('');
      return section(body, unknownFold, budget);
    }
  }
  const tree = orgTree(knownProfiles, prodTagKeys === undefined ? {} : { prodTagKeys });
  if (tree) {
    const lines = treeSection(tree, Math.floor(budget.left * 0.6));
    if (lines.length > 0) fill(body, [...lines, ''], budget);
  }
  return section(body, all, budget);
}

function section(body: string[], folded: Folded, budget: Budget): number {
  if (folded.accounts.length === 0) return 0;
  const s = foldedSection(folded, budget);
  body.push(...s.lines);
  return s.omitted;
}

const TREE_DESCRIPTION =
  'One line per OU that holds accounts: `path: accounts, profiles, roles`, counting the OUs below it too; ' +
  `\`N ${PROD_MARK}\` is how many of its accounts are production. ` +
  'A `*` in a path stands for the numbers of a series of OUs named alike. ' +
  "`aws-org-profiles list --ou 'PATH' --json` lists the profiles of an OU (or of a series), `--ou 'PATH/*'` those of the OUs below it.";

/** An OU as the tree section shows it: one OU, or a numbered series of sibling OUs as one glob. */
interface Shown {
  readonly path: string;
  readonly production: boolean;
  readonly accounts: number;
  readonly profiles: number;
  readonly productionAccounts: number;
  readonly roles: readonly string[];
  /** How many OUs the line stands for: more than one for a series. */
  readonly ous: number;
  /** OUs below those, in all. */
  readonly below: number;
  readonly children: readonly Shown[];
}

/** Sibling OUs named alike but for their numbers (`team-1`, `team-2`, …) are one line from this many on. */
const SERIES_MIN = 3;

/** A glob a shell keeps as it is inside single quotes, with a letter in it. */
const PLAIN_GLOB = /^(?=.*[A-Za-z])[A-Za-z0-9._*-]+$/;

const sizeOf = (n: OrgTreeNode): number => n.children.reduce((sum, c) => sum + sizeOf(c), 1);

function shown(n: OrgTreeNode): Shown {
  const series = new Map<string, OrgTreeNode[]>();
  const single: OrgTreeNode[] = [];
  for (const c of n.children) {
    const glob = c.name.replace(/[0-9]+/g, '*');
    if (glob === c.name || !PLAIN_GLOB.test(glob)) single.push(c);
    else series.set(glob, [...(series.get(glob) ?? []), c]);
  }
  const children: Shown[] = [];
  for (const [glob, members] of series) {
    if (members.length < SERIES_MIN) {
      single.push(...members);
      continue;
    }
    const roles = new Set<string>();
    for (const m of members) for (const r of Object.keys(m.roles)) roles.add(r);
    children.push({
      path: `${n.path === '/' ? '' : n.path}/${glob}`,
      production: members.every((m) => m.production),
      accounts: members.reduce((sum, m) => sum + m.accounts, 0),
      profiles: members.reduce((sum, m) => sum + m.profiles, 0),
      productionAccounts: members.reduce((sum, m) => sum + m.productionAccounts, 0),
      roles: [...roles].sort(),
      ous: members.length,
      below: members.reduce((sum, m) => sum + sizeOf(m) - 1, 0),
      children: [],
    });
  }
  children.push(...single.map(shown));
  children.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    path: n.path,
    production: n.production,
    accounts: n.accounts,
    profiles: n.profiles,
    productionAccounts: n.productionAccounts,
    roles: Object.keys(n.roles),
    ous: 1,
    below: 0,
    children,
  };
}

const depthOf = (path: string) => (path === '/' ? 0 : path.split('/').length - 1);

function treeLine(n: Shown, roles: string, hidden: number): string {
  const series = n.ous > 1 ? `${count(n.ous, 'OU')}, ` : '';
  const prod =
    !n.production && n.productionAccounts > 0
      ? `, ${n.productionAccounts.toLocaleString('en-US')} ${PROD_MARK}`
      : '';
  const below = hidden > 0 ? `; ${count(hidden, 'OU')} below not shown` : '';
  return `${ouCell(n.path)}${n.production ? ` ${PROD_MARK}` : ''}: ${series}${count(n.accounts, 'account')}, ${count(n.profiles, 'profile')}${prod}, ${roles}${below}`;
}

/**
 * The OU tree in `room` bytes, numbered series of sibling OUs folded to one line each: the levels
 * nearest the root first, production OUs and then the largest first within a level; a line whose
 * OUs below are not all shown says how many are not.
 */
export function treeSection(root: OrgTreeNode, room: number): string[] {
  const top = shown(root);
  const nodes: Shown[] = [];
  const parent = new Map<Shown, Shown>();
  const walk = (n: Shown) => {
    nodes.push(n);
    for (const c of n.children) {
      parent.set(c, n);
      walk(c);
    }
  };
  walk(top);
  const roleSet = new Map(nodes.map((n) => [n, n.roles.map((r) => cell(r)).join(' ') || 'no roles']));
  const ous = sizeOf(root) - 1;
  const title = `## Organisational units (${count(ous, 'OU')} holding ${count(root.accounts, 'account')})`;
  const head = [title, `${TREE_DESCRIPTION}${LEGEND}`];
  let left = room - cost(head);
  const order = [...nodes].sort(
    (a, b) =>
      depthOf(a.path) - depthOf(b.path) ||
      Number(b.production) - Number(a.production) ||
      b.accounts - a.accounts ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
  const chosen = new Set<Shown>();
  for (const n of order) {
    // The most any line can say of the OUs below it not shown.
    const need = bytes(treeLine(n, roleSet.get(n)!, n.children.length > 0 || n.below > 0 ? 99_999 : 0)) + 1;
    if (need > left || (n !== top && !chosen.has(parent.get(n)!))) break;
    left -= need;
    chosen.add(n);
  }
  if (chosen.size === 0) return [];
  const list = nodes.filter((n) => chosen.has(n));
  const legend = legendOf(
    list.map((n) => ({ roles: roleSet.get(n)! })),
    new Map(Object.entries(root.roles)),
  );
  const total = (n: Shown): number => n.children.reduce((sum, c) => sum + total(c), n.ous + n.below);
  const hidden = (n: Shown): number =>
    n.below + n.children.reduce((sum, c) => sum + (chosen.has(c) ? hidden(c) : total(c)), 0);
  const lines = [title, `${TREE_DESCRIPTION}${legend.size > 0 ? LEGEND : ''}`];
  for (const [roles, token] of legend) lines.push(`${token} = ${roles}`);
  for (const n of list) {
    const roles = roleSet.get(n)!;
    lines.push(treeLine(n, legend.get(roles) ?? roles, hidden(n)));
  }
  return lines;
}
