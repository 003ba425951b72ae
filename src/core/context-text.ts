/**
 * The text an agent-start hook prints, written for a language model to read: which sessions are
 * signed in, how profiles are named, the profiles themselves, and how each kind of tool takes one.
 * Its size is bounded at any organisation size: Amazon Q Developer CLI cuts a hook's output at
 * `max_output_size` (10,240 bytes by default, `crates/chat-cli/src/cli/agent/hook.rs`), so we
 * compress and then truncate ourselves, and say how to look up what was left out.
 */
import { byProfileName, type ProfileRecord } from './profile-record.js';
import { signInCommand, type SessionState } from './sign-in.js';
import { humanTime } from './time-text.js';
import { UNSAFE_CHARACTERS } from './untrusted-text.js';

export const DEFAULT_MAX_BYTES = 10_240;

/** The smallest `--max-bytes` that leaves room for anything useful. */
export const MIN_MAX_BYTES = 256;

export interface ContextInput {
  readonly now: Date;
  readonly sessions: readonly SessionState[];
  readonly profiles: readonly ProfileRecord[];
  readonly maxBytes: number;
  /** Mention the `each` command and the MCP server's tools. */
  readonly tools?: { readonly each?: boolean; readonly mcp?: boolean };
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * Account names come from the organisation: keep them on one line and out of the table syntax. The
 * C1 controls and Unicode line separators end a line for some readers too (U+0085, U+2028), and
 * the bidirectional marks make a name read as something else.
 */
const NOT_IN_A_CELL = new RegExp(`[${UNSAFE_CHARACTERS}|\`]`, 'g');

function cell(text: string | null, max = 48): string {
  if (text === null || text === '') return '';
  const clean = text.replace(NOT_IN_A_CELL, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

function sessionLine(s: SessionState, now: Date): string {
  const where = [s.startUrl, s.region].filter((x) => x !== null).join(', ');
  const head = `- sso-session \`${s.name}\`${where ? ` (${where})` : ''}: `;
  const login = `\`${signInCommand(s.name)}\``;
  switch (s.state) {
    case 'signed-in':
      return `${head}signed in; the token is valid until ${humanTime(s.expiresAt!)} (${duration(s.expiresAt!.getTime() - now.getTime())} left).`;
    case 'refreshable':
      return `${head}the access token expired at ${humanTime(s.expiresAt!)} but is refreshed automatically; if a call fails with an expired-token error, ask the user to run ${login}.`;
    case 'expired':
      return `${head}SIGNED OUT: the token expired at ${humanTime(s.expiresAt!)}. Every profile of this session fails until the user signs in again: ask the user to run ${login}, then retry.`;
    case 'missing':
      return `${head}SIGNED OUT: no cached token. Ask the user to run ${login} before using its profiles.`;
    case 'invalid':
      return `${head}the cached token cannot be used. Ask the user to run ${login}.`;
  }
}

function usage(example: string, input: Pick<ContextInput, 'tools'>): string[] {
  const lines = [
    '## How to use a profile',
    `- AWS CLI: add \`--profile PROFILE\` to every command, e.g. \`aws sts get-caller-identity --profile ${example}\`.`,
    '- `use_aws` tool (Amazon Q Developer CLI, Kiro CLI): always pass `profile_name`. It ignores `AWS_PROFILE`, and without `profile_name` the call goes to `default`.',
    '- AWS API MCP server: put `--profile PROFILE` inside each `call_aws` command, or start the server with `AWS_API_MCP_PROFILE_NAME=PROFILE`.',
    "- MCP servers that read only the environment (IAM, CloudTrail, Cost Explorer and most others): set `AWS_PROFILE=PROFILE` in that server's `env`.",
    '- A question about several accounts means one call per relevant profile; do not stop at the first account.',
  ];
  if (input.tools?.each) {
    lines.push(
      "- Many accounts at once: `aws-org-profiles each --role ROLE --account 'GLOB' --json -- aws ...` runs the command once per profile with `AWS_PROFILE` set.",
    );
  }
  return lines;
}

function lookup(input: Pick<ContextInput, 'tools'>): string {
  const mcp = input.tools?.mcp
    ? ', or the MCP tool `find_profiles` with words such as "prod db readonly"'
    : '';
  return `Look up any account or role: \`aws-org-profiles list --account 'GLOB' --role ROLE --json\` (globs match the account name or id)${mcp}.`;
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

function row(p: ProfileRecord): string {
  return `| ${cell(p.profile, Infinity)} | ${cell(p.accountName) || cell(p.source)} | ${p.accountId ?? ''} | ${cell(p.role) || cell(p.roleArn ?? null, 80)} | ${cell(p.region)} |`;
}

function table(profiles: readonly ProfileRecord[]): string[] {
  return [
    '| profile | account | account id | role | region |',
    '|---|---|---|---|---|',
    ...profiles.map(row),
  ];
}

interface AccountGroup {
  readonly session: string;
  readonly part: string;
  readonly accountId: string | null;
  readonly accountName: string | null;
  readonly roles: string[];
  readonly regions: Set<string>;
}

/** Generated profiles folded by account: `part (id, name): role, role`. */
function foldByAccount(profiles: readonly ProfileRecord[]): {
  groups: AccountGroup[];
  rest: ProfileRecord[];
} {
  const groups = new Map<string, AccountGroup>();
  const rest: ProfileRecord[] = [];
  for (const p of profiles) {
    const part = accountPartOf(p);
    if (part === undefined) {
      rest.push(p);
      continue;
    }
    const key = `${p.ssoSession}\u0000${part}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        session: p.ssoSession!,
        part,
        accountId: p.accountId,
        accountName: p.accountName,
        roles: [],
        regions: new Set(),
      };
      groups.set(key, group);
    }
    group.roles.push(p.role!);
    if (p.region) group.regions.add(p.region);
  }
  return { groups: [...groups.values()], rest };
}

function groupLine(g: AccountGroup): string {
  const name = cell(g.accountName, 40);
  const shown = name !== '' && name.toLowerCase().replace(/[^a-z0-9]+/g, '-') !== g.part ? `, "${name}"` : '';
  return `- ${g.part} (${g.accountId ?? '?'}${shown}): ${g.roles.join(', ')}`;
}

/** Adds lines while they fit in `budget`; returns how many fitted. Lines are made only as needed. */
function fill(out: string[], lines: Iterable<string>, budget: { left: number }): number {
  let n = 0;
  for (const line of lines) {
    const cost = bytes(line) + 1;
    if (cost > budget.left) break;
    out.push(line);
    budget.left -= cost;
    n++;
  }
  return n;
}

function* mapped<T>(items: readonly T[], f: (item: T) => string): Iterable<string> {
  for (const item of items) yield f(item);
}

function* concat(...parts: Iterable<string>[]): Iterable<string> {
  for (const part of parts) yield* part;
}

/** Room kept for each session's sign-in line, so that the rest does not depend on the clock. */
export const SIGN_IN_ALLOWANCE = 400;

/**
 * Everything but the sign-in lines, which depend on the clock and the token cache: `before` and
 * `after` go around them. Deterministic in its inputs, so it can be cached per config file.
 */
export interface ContextParts {
  readonly before: string;
  readonly after: string;
}

export function renderContextParts(
  input: Omit<ContextInput, 'now' | 'sessions'> & { sessionCount: number },
): ContextParts {
  const { profiles } = input;
  const accountIds = new Set<string>();
  for (const p of profiles) if (p.accountId !== null) accountIds.add(p.accountId);
  const example =
    cell(profiles.find((p) => p.generated)?.profile ?? null, Infinity) ||
    cell(profiles.find((p) => p.profile !== 'default')?.profile ?? null, Infinity) ||
    'PROFILE';
  const intro = [
    '# AWS accounts and profiles (from aws-org-profiles)',
    '',
    `This machine has ${profiles.length.toLocaleString('en-US')} AWS profiles for ${accountIds.size.toLocaleString('en-US')} accounts. ` +
      'Each profile is one account and one role. Name a profile on every AWS call: without one, tools fall back to ' +
      '`default`, which is probably not the account you mean. Pick the profile whose account and role fit the task; ' +
      'prefer read-only roles unless a change is asked for.',
    '',
  ];
  if (input.sessionCount > 0) intro.push('## Sign-in');
  const before = `${intro.join('\n')}\n`;
  const naming = profiles.some((p) => p.generated)
    ? 'Generated profiles are named `<sso-session>-<account name>-<role>`: the account name lower-cased, spaces and other characters as `-`, and the account id added where two accounts share a name.\n\n'
    : '';
  const tail = `\n${[...usage(example, input), '', lookup(input)].join('\n')}\n`;
  const budget = {
    left:
      input.maxBytes -
      bytes(before) -
      input.sessionCount * SIGN_IN_ALLOWANCE -
      1 -
      bytes(naming) -
      bytes(tail),
  };
  const body: string[] = [];
  const sorted = [...profiles].sort(byProfile);
  const title = `## Profiles (${profiles.length.toLocaleString('en-US')})`;
  const probe = { left: budget.left };
  const scratch: string[] = [];
  if (fill(scratch, concat([title, ...table([])], mapped(sorted, row)), probe) === sorted.length + 3) {
    for (const line of scratch) body.push(line);
  } else {
    foldedBody(body, sorted, budget);
  }
  const after = `${input.sessionCount > 0 ? '\n' : ''}${naming}${body.join('\n')}\n${tail}`;
  return { before, after };
}

/** Hand-made profiles first, then generated ones; by name within each. */
const byProfile = (a: ProfileRecord, b: ProfileRecord) =>
  a.generated === b.generated ? byProfileName(a, b) : a.generated ? 1 : -1;

function foldedBody(body: string[], sorted: readonly ProfileRecord[], budget: { left: number }): void {
  // Room for the line that says what was left out.
  budget.left -= 120;
  const { groups, rest } = foldByAccount(sorted);
  let omittedOthers = rest.length;
  if (rest.length > 0) {
    // Hand-made profiles are few and often the ones the user means: they come first.
    if (fill(body, ['## Other profiles', ...table([])], budget) === 3) {
      omittedOthers -= fill(body, mapped(rest.slice(0, 50), row), budget);
    }
  }
  const roles = new Map<string, number>();
  for (const g of groups) for (const r of g.roles) roles.set(r, (roles.get(r) ?? 0) + 1);
  const roleLine = [...roles]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([r, n]) => `${r} (${n.toLocaleString('en-US')})`)
    .join(', ');
  fill(
    body,
    [
      `## Generated profiles (${(sorted.length - rest.length).toLocaleString('en-US')}), folded by account: profile = \`<sso-session>-<part>-<role>\``,
      ...(roleLine ? [`Roles and how many accounts have each: ${roleLine}.`] : []),
    ],
    budget,
  );
  let omittedAccounts = 0;
  const sessions = [...new Set(groups.map((g) => g.session))];
  for (const session of sessions) {
    const mine = groups.filter((g) => g.session === session);
    const regions = [...new Set(mine.flatMap((g) => [...g.regions]))];
    const heading = `### sso-session ${session} (${mine.length.toLocaleString('en-US')} accounts${regions.length === 1 ? `, region ${regions[0]}` : ''}): part (account id): roles`;
    if (fill(body, [heading], budget) === 0) {
      omittedAccounts += mine.length;
      continue;
    }
    omittedAccounts += mine.length - fill(body, mapped(mine, groupLine), budget);
  }
  if (omittedAccounts > 0 || omittedOthers > 0) {
    const what = [
      omittedAccounts > 0 ? `${omittedAccounts.toLocaleString('en-US')} more accounts` : '',
      omittedOthers > 0 ? `${omittedOthers.toLocaleString('en-US')} more hand-made profiles` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    body.push(`(${what} not shown here, to keep this short.)`);
  }
}

/** The sign-in lines, fresh on every run: they depend on the clock and the token cache. */
export function assembleContext(parts: ContextParts, sessions: readonly SessionState[], now: Date): string {
  const lines = sessions.map((s) => sessionLine(s, now));
  return `${parts.before}${lines.length > 0 ? `${lines.join('\n')}\n` : ''}${parts.after}`;
}

export function renderContext(input: ContextInput): string {
  const parts = renderContextParts({ ...input, sessionCount: input.sessions.length });
  return fitContext(assembleContext(parts, input.sessions, input.now), input.maxBytes);
}

/** The text, cut to `maxBytes` when it is longer. */
export function fitContext(text: string, maxBytes: number): string {
  return bytes(text) <= maxBytes ? text : truncate(text, maxBytes);
}

/** A last resort for a very small limit: whole lines only, and say so. */
export function truncate(text: string, maxBytes: number): string {
  const marker = '[truncated: run `aws-org-profiles list` for the profiles]\n';
  const out: string[] = [];
  let size = bytes(marker);
  for (const line of text.split('\n')) {
    const cost = bytes(line) + 1;
    if (size + cost > maxBytes) break;
    out.push(line);
    size += cost;
  }
  const result = out.length > 0 ? `${out.join('\n')}\n${marker}` : marker;
  return bytes(result) <= maxBytes ? result : '';
}
