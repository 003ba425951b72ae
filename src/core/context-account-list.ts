/**
 * The generated profiles of a large organisation, one line per account: `part account-id roles`,
 * with a letter for each set of roles that several accounts share, and the account's name only
 * where the part does not spell it. When not every account fits, the distinctive accounts come
 * first, then the members of numbered series (`team-7-svc-2`) in turns, and each series not listed
 * in full is named by the glob that looks it up.
 */
import { bytes, cell, type Budget } from './context-cell.js';
import { byText, sortedByName, type Folded, type FoldedAccount } from './context-fold.js';

/** A role set that several accounts share gets a token (`A`, `B`, … `AA`) where that saves room. */
export function legendOf(
  accounts: readonly { readonly roles: string }[],
  roles: ReadonlyMap<string, number>,
): Map<string, string> {
  const count = new Map<string, number>();
  for (const a of accounts) count.set(a.roles, (count.get(a.roles) ?? 0) + 1);
  const saving = (set: string, n: number) => n * (bytes(set) - 2) - (bytes(set) + 6);
  const sets = [...count]
    .filter(([set, n]) => n > 1 && saving(set, n) > 0)
    .sort((a, b) => saving(b[0], b[1]) - saving(a[0], a[1]) || byText(a[0], b[0]));
  const legend = new Map<string, string>();
  let i = 0;
  for (const [set] of sets) {
    // A token never reads as a role: one that is a role's name is skipped.
    let token = tokenAt(i++);
    while (token !== undefined && roles.has(token)) token = tokenAt(i++);
    if (token === undefined) break;
    legend.set(set, token);
  }
  return legend;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function tokenAt(i: number): string | undefined {
  if (i < 26) return LETTERS[i];
  const j = i - 26;
  return j < 26 * 26 ? `${LETTERS[Math.floor(j / 26)]}${LETTERS[j % 26]}` : undefined;
}

/** The account name as the part would spell it, had it not been changed. */
const spelled = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * Whether another of `accounts` has the same part in the same session: such accounts' lines show
 * their names (twins named before every profile carried the id).
 */
export function sharesPart(accounts: readonly FoldedAccount[]): (a: FoldedAccount) => boolean {
  const keyOf = (a: FoldedAccount) => `${a.session}\u0000${a.part}`;
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const a of accounts) {
    const key = keyOf(a);
    if (seen.has(key)) shared.add(key);
    seen.add(key);
  }
  return (a) => shared.has(keyOf(a));
}

/** `shared`: another line has the same part (twins named before every profile carried the id). */
export function accountLine(a: FoldedAccount, token: string | undefined, shared: boolean): string {
  const name = cell(a.accountName, Infinity);
  const named = name !== '' && (shared || spelled(name) !== a.part) ? ` "${cell(name, 40)}"` : '';
  const elsewhere = a.elsewhere === '' ? '' : ` ${a.elsewhere}`;
  return `${cell(a.part, Infinity)} ${cell(a.accountId)}${named} ${token ?? a.roles}${elsewhere}`;
}

/** Accounts named alike but for their numbers, as `team-*-svc-*`; a long one is a series. */
interface Series {
  readonly session: string;
  readonly glob: string;
  readonly members: FoldedAccount[];
}

const SERIES_MIN = 5;

/** A glob a shell keeps as it is inside single quotes, with a letter in it. */
const PLAIN_GLOB = /^(?=.*[A-Za-z])[A-Za-z0-9._*-]+$/;

function seriesOf(accounts: readonly FoldedAccount[]): { distinctive: FoldedAccount[]; series: Series[] } {
  const shapes = new Map<string, Series>();
  const of: (Series | undefined)[] = new Array<Series | undefined>(accounts.length);
  for (let i = 0; i < accounts.length; i++) {
    const a = accounts[i]!;
    // A twin's part holds its account id: that number says nothing about the series.
    const at = a.part.indexOf(`-${a.accountId}`);
    const stripped = at < 0 ? a.part : a.part.slice(0, at) + a.part.slice(at + 1 + a.accountId.length);
    const glob = stripped.replace(/[0-9]+/g, '*');
    if (glob === stripped || !PLAIN_GLOB.test(glob)) continue;
    const key = `${a.session}\u0000${glob}`;
    let series = shapes.get(key);
    if (!series) shapes.set(key, (series = { session: a.session, glob, members: [] }));
    series.members.push(a);
    of[i] = series;
  }
  const series = [...shapes.values()].filter((s) => s.members.length >= SERIES_MIN);
  const distinctive = accounts.filter((_, i) => (of[i]?.members.length ?? 0) < SERIES_MIN);
  return { distinctive, series };
}

const seriesLine = (s: Series, listed: number) =>
  `series ${s.glob}: ${s.members.length.toLocaleString('en-US')} accounts, ${listed === 0 ? 'none here' : listed === 1 ? 'the first here:' : `the first ${listed.toLocaleString('en-US')} here:`}`;

export function rolesLine(roles: ReadonlyMap<string, number>): string {
  const ranked = [...roles].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]));
  let line = 'Roles, and how many accounts have each:';
  let n = 0;
  for (const [role, count] of ranked) {
    const next = `${line}${n > 0 ? ',' : ''} ${cell(role)} (${count.toLocaleString('en-US')})`;
    if (bytes(next) > 400) break;
    line = next;
    n++;
  }
  return `${line}${n < ranked.length ? `, and ${(ranked.length - n).toLocaleString('en-US')} more` : ''}.`;
}

/** What the section shows: accounts listed in full, and series of which only the first members are. */
interface Selection {
  /** Sorted by session and name. */
  readonly main: readonly FoldedAccount[];
  readonly partial: readonly { readonly series: Series; readonly listed: number }[];
  /** The counts of roles, for a reader who does not see every account. */
  readonly rolesLine?: string;
}

const title = (folded: Folded) => `## Generated profiles (${folded.profiles.toLocaleString('en-US')})`;
export const DESCRIPTION =
  'A profile is named `<sso-session>-<part>-<role>`. One line per account: `part account-id roles`. The part is the ' +
  'account name lower-cased, other characters as `-` (plus the account id where two names give the same part); ' +
  'the name follows the id in quotes where the part does not spell it';
export const ELSEWHERE = '; `role=profile` is a profile of the account named otherwise';
export const LEGEND = ' A capital letter stands for a set of roles:';
const SERIES =
  "Numbered series not listed in full; `aws-org-profiles list --account 'GLOB' --json` lists one:";

/** The lines of the section, and which account each line shows. */
function compose(
  folded: Folded,
  selection: Selection,
): { lines: string[]; of: (FoldedAccount | undefined)[] } {
  const listed = [...selection.main];
  for (const { series, listed: n } of selection.partial) listed.push(...series.members.slice(0, n));
  const legend = legendOf(listed, folded.roles);
  const shared = sharesPart(listed);
  const lines: string[] = [];
  const of: (FoldedAccount | undefined)[] = [];
  const add = (line: string, a?: FoldedAccount) => {
    lines.push(line);
    of.push(a);
  };
  const line = (a: FoldedAccount) => add(accountLine(a, legend.get(a.roles), shared(a)), a);
  add(title(folded));
  const elsewhere = listed.some((a) => a.elsewhere !== '');
  add(`${DESCRIPTION}${elsewhere ? ELSEWHERE : ''}.${legend.size > 0 ? LEGEND : ''}`);
  for (const [roles, token] of legend) add(`${token} = ${roles}`);
  if (selection.rolesLine !== undefined) add(selection.rolesLine);
  for (const [session, heading] of folded.headings) {
    add('');
    add(heading);
    for (const a of selection.main) if (a.session === session) line(a);
    const partial = selection.partial.filter((p) => p.series.session === session);
    if (partial.length === 0) continue;
    add(SERIES);
    for (const { series, listed: n } of partial) {
      add(seriesLine(series, n));
      for (const a of series.members.slice(0, n)) line(a);
    }
  }
  return { lines, of };
}

const cost = (lines: readonly string[]) => lines.reduce((n, line) => n + bytes(line) + 1, 0);

/**
 * Chooses what to list in `room`: the distinctive accounts in order, then the members of every
 * series in turns, so that no long series crowds out the rest. Costs are estimated from above, and
 * lines are made only for what is chosen.
 */
function choose(folded: Folded, room: number): Selection {
  const { distinctive, series } = seriesOf(folded.accounts);
  const legend = legendOf(folded.accounts, folded.roles);
  const roles = rolesLine(folded.roles);
  // What does not depend on the choice, with no series listed at all.
  let left =
    room -
    cost([title(folded), `${DESCRIPTION}${ELSEWHERE}.${LEGEND}`, roles]) -
    cost([...folded.headings.values()].flatMap((heading) => ['', heading, SERIES]));
  const seriesCost = (s: Series) => bytes(seriesLine(s, s.members.length)) + 1;
  for (const s of series) left -= seriesCost(s);
  const shared = sharesPart(folded.accounts);
  const used = new Set<string>();
  const fits = (a: FoldedAccount) => {
    const token = legend.get(a.roles);
    let need = bytes(accountLine(a, token, shared(a))) + 1;
    if (token !== undefined && !used.has(token)) need += bytes(`${token} = ${a.roles}`) + 1;
    if (need > left) return false;
    left -= need;
    if (token !== undefined) used.add(token);
    return true;
  };
  let main = 0;
  while (main < distinctive.length && fits(distinctive[main]!)) main++;
  const listed = series.map(() => 0);
  let more = main === distinctive.length;
  for (let i = 0; more; i++) {
    more = false;
    for (let k = 0; k < series.length; k++) {
      const s = series[k]!;
      if (i >= s.members.length) continue;
      if (!fits(s.members[i]!)) {
        more = false;
        break;
      }
      listed[k] = i + 1;
      // A series listed in full needs no line of its own.
      if (listed[k] === s.members.length) left += seriesCost(s);
      more = true;
    }
  }
  const complete = series.filter((s, k) => listed[k] === s.members.length).flatMap((s) => s.members);
  return {
    main: sortedByName([...distinctive.slice(0, main), ...complete]),
    partial: series.flatMap((s, k) =>
      listed[k]! < s.members.length ? [{ series: s, listed: listed[k]! }] : [],
    ),
    rolesLine: roles,
  };
}

/** The selection without the account chosen last: the last member of the longest partial series. */
function withOneLess(selection: Selection): Selection | undefined {
  let k = -1;
  selection.partial.forEach((p, i) => {
    if (p.listed > 0 && (k < 0 || p.listed > selection.partial[k]!.listed)) k = i;
  });
  if (k >= 0) {
    const partial = [...selection.partial];
    partial[k] = { series: partial[k]!.series, listed: partial[k]!.listed - 1 };
    return { ...selection, partial };
  }
  return selection.main.length === 0 ? undefined : { ...selection, main: selection.main.slice(0, -1) };
}

/**
 * Every account when they fit in `budget`; otherwise the most useful first (see `choose`), each
 * series not listed in full named by its glob. Returns the lines it took from the budget and how
 * many accounts it left out.
 */
export function foldedSection(folded: Folded, budget: Budget): { lines: string[]; omitted: number } {
  // Each line holds at least a part and an id: most large organisations fail this at once.
  let least = 0;
  for (const a of folded.accounts) least += a.part.length + a.accountId.length + 4;
  let composed = least <= budget.left ? compose(folded, { main: folded.accounts, partial: [] }) : undefined;
  if (composed === undefined || cost(composed.lines) > budget.left) {
    let selection: Selection | undefined = choose(folded, budget.left);
    composed = compose(folded, selection);
    // The estimate holds but where a small role set is cheaper written out: take back a line or two.
    while (cost(composed.lines) > budget.left && (selection = withOneLess(selection)) !== undefined) {
      composed = compose(folded, selection);
    }
  }
  const { lines, of } = composed;
  // A small budget may not hold even the fixed lines: then whole lines, as many as fit.
  const taken: string[] = [];
  const listed = new Set<FoldedAccount>();
  for (let i = 0; i < lines.length && budget.take(lines[i]!); i++) {
    taken.push(lines[i]!);
    if (of[i]) listed.add(of[i]!);
  }
  return { lines: taken, omitted: folded.accounts.length - listed.size };
}
