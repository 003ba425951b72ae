/**
 * The text an agent-start hook prints, written for a language model to read: which sessions are
 * signed in, how profiles are named, the profiles themselves, and how each kind of tool takes one.
 * Its size is bounded at any organisation size: Amazon Q Developer CLI cuts a hook's output at
 * `max_output_size` (10,240 bytes by default, `crates/chat-cli/src/cli/agent/hook.rs`), so we
 * compress and then truncate ourselves, and say how to look up what was left out.
 */
import { Budget, bytes, cell } from './context-cell.js';
import { foldedSection } from './context-account-list.js';
import { foldByAccount } from './context-fold.js';
import { GROUPED_NOTE, groupedAccounts, groupedTable } from './context-org.js';
import { type ProfileRecord } from './profile-record.js';
import { byProfile, cost, fill, NAMING, row, TABLE_HEAD, tableFits } from './context-table.js';
import { signInCommand, type SessionState } from './sign-in.js';
import { humanTime } from './time-text.js';

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
  /** The tag keys whose production values mark an account as production (core/production.ts). */
  readonly prodTagKeys?: readonly string[];
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  // Bounded, so that the room kept for the line holds it whatever the token cache says.
  if (minutes >= 100 * 60) return 'more than 99 h';
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

function sessionLine(s: SessionState, now: Date): string {
  const where = [s.startUrl, s.region]
    .filter((x) => x !== null)
    .map((x) => cell(x, Infinity))
    .join(', ');
  const head = `- sso-session \`${cell(s.name, Infinity)}\`${where ? ` (${where})` : ''}: `;
  const login = `\`${signInCommand(cell(s.name, Infinity))}\``;
  switch (s.state) {
    case 'signed-in':
      return `${head}signed in; the token is valid until ${humanTime(s.expiresAt!)} (${duration(s.expiresAt!.getTime() - now.getTime())} left); once it has expired, ask the user to run ${login}.`;
    case 'refreshable':
      return `${head}the token expired at ${humanTime(s.expiresAt!)} but is refreshed automatically; if a call still fails, ask the user to run ${login}.`;
    case 'expired':
      return `${head}SIGNED OUT: the token expired at ${humanTime(s.expiresAt!)}, so its profiles fail: ask the user to run ${login}, then retry.`;
    case 'missing':
      return `${head}SIGNED OUT: no cached token. Ask the user to run ${login} before using its profiles.`;
    case 'invalid':
      return `${head}the cached token cannot be used. Ask the user to run ${login}.`;
  }
}

function usage(example: string, input: Pick<ContextInput, 'tools'>): string[] {
  const lines = [
    '## How to use a profile',
    `- AWS CLI: \`--profile PROFILE\` on every command, e.g. \`aws sts get-caller-identity --profile ${example}\`.`,
    '- `use_aws` (Amazon Q Developer CLI, Kiro CLI): always pass `profile_name`; it ignores `AWS_PROFILE`, and without `profile_name` calls go to `default`.',
    '- AWS API MCP server: `--profile PROFILE` inside each `call_aws` command, or `AWS_API_MCP_PROFILE_NAME=PROFILE` in its `env`.',
    "- MCP servers that read only the environment (IAM, CloudTrail, Cost Explorer, most others): `AWS_PROFILE=PROFILE` in the server's `env`.",
    '- A question about several accounts takes one call per relevant profile; do not stop at the first.',
  ];
  if (input.tools?.each) {
    lines.push(
      "- Many accounts at once: `aws-org-profiles each --role ROLE --account 'GLOB' --json -- aws ...` runs it once per profile, with `AWS_PROFILE` set.",
    );
  }
  return lines;
}

function lookup(input: Pick<ContextInput, 'tools'>, grouped: boolean): string {
  const mcp = input.tools?.mcp
    ? ', or the MCP tool `find_profiles` with words such as "prod db readonly"'
    : '';
  const org = grouped ? "; `--ou 'PATH'` and `--tag KEY=VALUE` select by OU and by tag" : '';
  return `Look up any account or role: \`aws-org-profiles list --account 'GLOB' --role ROLE --json\` (globs match the account name or id${org})${mcp}.`;
}

/** The sessions as the config names them: enough to know how long their sign-in lines can be. */
export type SessionNames = readonly Pick<SessionState, 'name' | 'startUrl' | 'region'>[];

const STATES = ['signed-in', 'refreshable', 'expired', 'missing', 'invalid'] as const;

/**
 * Room kept for the sign-in lines, so that the rest does not depend on the clock: the longest line
 * each session can have, in any state, at any time (a date is always as long, a duration at most
 * `more than 99 h`).
 */
function signInRoom(sessions: SessionNames): number {
  const at = new Date(Date.UTC(2000, 0, 1));
  const before = new Date(at.getTime() - 100 * 3_600_000);
  let room = 0;
  for (const s of sessions) {
    const lines = STATES.map((state) =>
      sessionLine({ ...s, state, expiresAt: at, renewable: false }, before),
    );
    room += Math.max(...lines.map(bytes)) + 1;
  }
  return room;
}

/**
 * Everything but the sign-in lines, which depend on the clock and the token cache: `before` and
 * `after` go around them. Deterministic in its inputs, so it can be cached per config file.
 */
export interface ContextParts {
  readonly before: string;
  readonly after: string;
}

export function renderContextParts(
  input: Omit<ContextInput, 'now' | 'sessions'> & { sessions: SessionNames },
): ContextParts {
  const { profiles } = input;
  // The organisation's structure is known for some accounts: group them by OU.
  const grouped = profiles.some((p) => p.ouPath !== undefined);
  const accountIds = new Set<string>();
  for (const p of profiles) if (p.accountId !== null) accountIds.add(p.accountId);
  const example =
    cell(profiles.find((p) => p.generated)?.profile ?? null, Infinity) ||
    cell(profiles.find((p) => p.profile !== 'default')?.profile ?? null, Infinity) ||
    'PROFILE';
  const intro = [
    '# AWS accounts and profiles (from aws-org-profiles)',
    '',
    `This machine has ${profiles.length.toLocaleString('en-US')} AWS profiles for ${accountIds.size.toLocaleString('en-US')} accounts, one per account and role. ` +
      'Name a profile on every AWS call: without one, tools fall back to `default`, probably not the account you mean. ' +
      'Pick the profile whose account and role fit the task; prefer read-only roles unless a change is asked for.',
    '',
    ...(grouped ? [GROUPED_NOTE, ''] : []),
  ];
  if (input.sessions.length > 0) intro.push('## Sign-in');
  const before = `${intro.join('\n')}\n`;
  const gap = input.sessions.length > 0 ? '\n' : '';
  const tail = `\n${[...usage(example, input), '', lookup(input, grouped)].join('\n')}\n`;
  const budget = new Budget(
    input.maxBytes - bytes(before) - signInRoom(input.sessions) - bytes(gap) - bytes(tail),
  );
  const body: string[] = [];
  const org = grouped ? { prodTagKeys: input.prodTagKeys } : undefined;
  if (!tableFits(profiles, budget)) foldedBody(body, profiles, budget, org);
  else if (grouped) {
    const table = groupedTable(profiles, input.prodTagKeys);
    if (cost(table) <= budget.left) body.push(...table);
    else foldedBody(body, profiles, budget, org);
  } else {
    const sorted = [...profiles].sort(byProfile);
    const table = [
      `## Profiles (${profiles.length.toLocaleString('en-US')})`,
      ...(profiles.some((p) => p.generated) ? [NAMING, ''] : []),
      ...TABLE_HEAD,
      ...sorted.map((p) => row(p)),
    ];
    if (cost(table) <= budget.left) body.push(...table);
    else foldedBody(body, profiles, budget, org);
  }
  const after = `${gap}${body.map((line) => `${line}\n`).join('')}${tail}`;
  return { before, after };
}

function omission(accounts: number, others: number): string {
  const what = [
    accounts > 0 ? `${accounts.toLocaleString('en-US')} more accounts` : '',
    others > 0 ? `${others.toLocaleString('en-US')} more hand-made profiles` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return `(${what} not shown here, to keep this short.)`;
}

function foldedBody(
  body: string[],
  profiles: readonly ProfileRecord[],
  budget: Budget,
  org?: { readonly prodTagKeys?: readonly string[] | undefined },
): void {
  const folded = foldByAccount(profiles);
  const { accounts, rest } = folded;
  rest.sort(byProfile);
  // Room for the line that says what was left out.
  const reserved = bytes(omission(accounts.length, rest.length)) + 1;
  budget.left -= reserved;
  let omittedOthers = rest.length;
  // Hand-made profiles are few and often the ones the user means: they come first.
  if (rest.length > 0 && fill(body, ['## Other profiles', ...TABLE_HEAD], budget) === 3) {
    omittedOthers -= fill(
      body,
      rest.slice(0, 50).map((p) => row(p)),
      budget,
    );
    fill(body, [''], budget);
  }
  let omittedAccounts = 0;
  if (org) {
    omittedAccounts = groupedAccounts(body, profiles, folded, budget, org.prodTagKeys);
  } else if (accounts.length > 0) {
    const section = foldedSection(folded, budget);
    body.push(...section.lines);
    omittedAccounts = section.omitted;
  }
  budget.left += reserved;
  if (omittedAccounts > 0 || omittedOthers > 0) {
    const line = omission(omittedAccounts, omittedOthers);
    if (budget.take(line)) body.push(line);
  }
}

/** The sign-in lines, fresh on every run: they depend on the clock and the token cache. */
export function assembleContext(parts: ContextParts, sessions: readonly SessionState[], now: Date): string {
  const lines = sessions.map((s) => sessionLine(s, now));
  return `${parts.before}${lines.length > 0 ? `${lines.join('\n')}\n` : ''}${parts.after}`;
}

export function renderContext(input: ContextInput): string {
  const parts = renderContextParts(input);
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
