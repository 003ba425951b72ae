/**
 * Selecting and finding profiles by the organisation's structure, through the built CLI and the
 * MCP server, with an org cache file written by the test (as `sync` writes it) and no emulator.
 */
import type { Client } from '@modelcontextprotocol/client';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrgSnapshot } from '../../src/core/org.js';
import { writeOrgSnapshot } from '../../src/state/org-cache.js';
import { cleanEnv, runCli } from '../support/cli.js';
import { connectMcp } from '../support/mcp-client.js';

const ORG_URL = 'https://d-1111111111.awsapps.com/start';
const OTHER_URL = 'https://d-2222222222.awsapps.com/start';

interface Account {
  readonly id: string;
  readonly name: string;
  readonly parentId: string;
  readonly tags?: Record<string, string>;
}

const ACCOUNTS: Account[] = [
  { id: '111111111111', name: 'Management', parentId: 'r-root' },
  {
    id: '222222222222',
    name: 'acct-7731',
    parentId: 'ou-pay',
    tags: { env: 'production', team: 'payments' },
  },
  { id: '333333333333', name: 'prod-mirror', parentId: 'ou-stg', tags: { env: 'staging' } },
  {
    id: '444444444444',
    name: 'Payments Dev',
    parentId: 'ou-dev',
    tags: { Env: 'development', team: 'payments' },
  },
  { id: '555555555555', name: 'Security Tooling', parentId: 'ou-sec' },
  { id: '666666666666', name: 'Odd', parentId: 'ou-odd', tags: { 'note\u202e': 'x\u001b[2Jy' } },
];

function snapshot(accounts: readonly Account[] = ACCOUNTS): OrgSnapshot {
  return {
    version: 1,
    startUrl: ORG_URL,
    orgId: 'o-abcdefghij',
    rootId: 'r-root',
    managementAccountId: '111111111111',
    readAt: new Date().toISOString(),
    reader: { accountId: '111111111111', role: 'OrgReader' },
    units: {
      'ou-wl': { name: 'Workloads', parentId: 'r-root' },
      'ou-prod': { name: 'Prod', parentId: 'ou-wl' },
      'ou-pay': { name: 'Payments', parentId: 'ou-prod' },
      'ou-stg': { name: 'Staging', parentId: 'ou-wl' },
      'ou-dev': { name: 'NonProd', parentId: 'ou-wl' },
      'ou-sec': { name: 'Security', parentId: 'r-root' },
      'ou-odd': { name: 'Evil\u202eOU/x', parentId: 'r-root' },
    },
    accounts: Object.fromEntries(
      accounts.map((a) => [a.id, { parentId: a.parentId, ...(a.tags ? { tags: a.tags } : {}) }]),
    ),
  };
}

const profileOf = (session: string, a: { id: string; name: string }, role = 'ReadOnlyAccess') =>
  `[profile ${session}-${a.name.toLowerCase().replace(/ /g, '-')}-${role}]\nsso_session = ${session}\nsso_account_id = ${a.id}\n` +
  `sso_role_name = ${role}\nregion = eu-central-1\nsso_account_name = ${a.name}\ngenerated_by = aws-org-profiles\n`;

/** A HOME with two sso-sessions: `org`, whose org cache the test writes, and `other`, with none. */
function home(): { env: Record<string, string | undefined>; home: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aop-structure-'));
  mkdirSync(join(dir, '.aws'), { mode: 0o700 });
  const sessions =
    `[sso-session org]\nsso_start_url = ${ORG_URL}\nsso_region = eu-central-1\n\n` +
    `[sso-session other]\nsso_start_url = ${OTHER_URL}\nsso_region = eu-central-1\n\n`;
  const profiles = [
    ...ACCOUNTS.map((a) => profileOf('org', a)),
    profileOf('org', ACCOUNTS[1]!, 'AdministratorAccess'),
    profileOf('other', { id: '999999999999', name: 'Elsewhere' }),
  ];
  writeFileSync(join(dir, '.aws', 'config'), `${sessions}${profiles.join('\n')}`, { mode: 0o600 });
  return { env: cleanEnv({ HOME: dir }), home: dir };
}

interface ListJson {
  profiles: { profile: string; ouPath?: string; tags?: Record<string, string> }[];
}

const cli = (env: Record<string, string | undefined>, ...args: string[]) => runCli(args, { env });
const listed = async (env: Record<string, string | undefined>, ...args: string[]) => {
  const result = await cli(env, 'list', '--json', ...args);
  return { ...result, names: (JSON.parse(result.stdout) as ListJson).profiles.map((p) => p.profile) };
};

describe('list by structure', () => {
  it('shows ouPath and tags where the org cache places the account, and neither where it does not', async () => {
    const { env } = home();
    const before = JSON.parse((await cli(env, 'list', '--json')).stdout) as ListJson;
    expect(before.profiles.every((p) => p.ouPath === undefined && p.tags === undefined)).toBe(true);
    writeOrgSnapshot(env, snapshot());
    const { profiles } = JSON.parse((await cli(env, 'list', '--json')).stdout) as ListJson;
    const byName = new Map(profiles.map((p) => [p.profile, p]));
    expect(byName.get('org-management-ReadOnlyAccess')).toMatchObject({ ouPath: '/', tags: {} });
    expect(byName.get('org-acct-7731-ReadOnlyAccess')).toMatchObject({
      ouPath: '/Workloads/Prod/Payments',
      tags: { env: 'production', team: 'payments' },
    });
    expect(byName.get('org-security-tooling-ReadOnlyAccess')).toMatchObject({
      ouPath: '/Security',
      tags: {},
    });
    expect(byName.get('org-odd-ReadOnlyAccess')!.ouPath).toBe('/Evil%E2%80%AEOU%2Fx');
    expect(byName.get('other-elsewhere-ReadOnlyAccess')).not.toHaveProperty('ouPath');
    expect(byName.get('other-elsewhere-ReadOnlyAccess')).not.toHaveProperty('tags');
  });

  it('filters by --ou and --tag, and says in one line which sso-session it could not see', async () => {
    const { env } = home();
    writeOrgSnapshot(env, snapshot());
    const prod = await listed(env, '--ou', '/workloads/prod*');
    expect(prod.names).toEqual(['org-acct-7731-ReadOnlyAccess', 'org-acct-7731-AdministratorAccess']);
    expect(prod.stderr).toBe(
      'warning: the organisation\'s structure is unknown for sso-session "other": 1 profile was left out by the OU and tag filters (run `aws-org-profiles sync` with an Organizations reader; see --org-profile).\n',
    );
    // Only sessions the other filters keep are judged: no note.
    const payments = await listed(env, '--sso-session', 'org', '--tag', 'team=payments', '--tag', 'ENV=dev*');
    expect(payments.names).toEqual(['org-payments-dev-ReadOnlyAccess']);
    expect(payments.stderr).toBe('');
    const either = await listed(
      env,
      '--sso-session',
      'org',
      '--tag',
      'env=staging',
      '--tag',
      'env=production',
      '--role',
      'ReadOnlyAccess',
    );
    expect(either.names).toEqual(['org-acct-7731-ReadOnlyAccess', 'org-prod-mirror-ReadOnlyAccess']);
    const root = await listed(env, '--sso-session', 'org', '--ou', '/', '--ou', '/Security');
    expect(root.names).toEqual(['org-management-ReadOnlyAccess', 'org-security-tooling-ReadOnlyAccess']);
  });

  it('is a usage error when the structure of no candidate is known, or a --tag has no key', async () => {
    const { env } = home();
    const none = await cli(env, 'list', '--ou', '/Workloads/*');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /structure is unknown for sso-sessions "org", "other", so the OU and tag filters/,
    );
    writeOrgSnapshot(env, snapshot());
    const other = await cli(env, 'list', '--sso-session', 'other', '--tag', 'env');
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('unknown for sso-session "other"');
    const bad = await cli(env, 'list', '--tag', '=prod');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--tag "=prod" names no tag key');
  });

  it('shows an OU column only when a listed profile has an OU path, with nothing a terminal acts on', async () => {
    const { env } = home();
    const plain = await cli(env, 'list');
    expect(plain.stdout.split('\n')[0]).not.toMatch(/\bOU\b/);
    writeOrgSnapshot(env, snapshot());
    const table = await cli(env, 'list');
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PROFILE +ACCOUNT +ACCOUNT ID +OU +ROLE +REGION +SESSION\/SOURCE$/);
    expect(lines.find((l) => l.startsWith('org-acct-7731-ReadOnlyAccess '))).toContain(
      ' /Workloads/Prod/Payments ',
    );
    expect(table.stdout).not.toMatch(/[\x1b\u202e]/);
    const other = await cli(env, 'list', '--sso-session', 'other');
    expect(other.stdout.split('\n')[0]).not.toMatch(/\bOU\b/);
  });
});

describe('each by structure', () => {
  it('runs in the profiles of the OU, and warns about the sso-session it could not see', async () => {
    const { env } = home();
    writeOrgSnapshot(env, snapshot());
    const result = await cli(env, 'each', '--ou', '*/security', '--dry-run', '--', 'true');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^1 profile selected:\n {2}org-security-tooling-ReadOnlyAccess /);
    expect(result.stderr).toContain(
      'warning: the organisation\'s structure is unknown for sso-session "other"',
    );
  });
});

interface ToolText {
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

describe('the MCP server by structure', () => {
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  it('filters list_profiles by ou and tag, ranks find_profiles by OUs and tags, and notices a new org cache', async () => {
    const { env } = home();
    client = await connectMcp(env, 'structure-tests');
    const call = async (name: string, args: Record<string, unknown>) =>
      (await client!.callTool({ name, arguments: args })) as ToolText;
    const unknown = await call('list_profiles', { ou: '/Workloads/*' });
    expect(unknown.isError).toBe(true);
    expect(unknown.content[0]!.text).toMatch(/structure is unknown for sso-sessions "org", "other"/);

    // A sync during the session: the next call sees the new org cache.
    writeOrgSnapshot(env, snapshot());
    const page = (await call('list_profiles', { ou: '/workloads/*', tag: ['team=payments'] }))
      .structuredContent as {
      total: number;
      note?: string;
      profiles: { profile: string; ouPath: string; tags: Record<string, string> }[];
    };
    expect(page.profiles.map((p) => p.profile)).toEqual([
      'org-acct-7731-AdministratorAccess',
      'org-acct-7731-ReadOnlyAccess',
      'org-payments-dev-ReadOnlyAccess',
    ]);
    expect(page.profiles[0]).toMatchObject({
      ouPath: '/Workloads/Prod/Payments',
      tags: { team: 'payments' },
    });
    expect(page.note).toMatch(/unknown for sso-session "other"/);

    const found = (await call('find_profiles', { query: 'production payments readonly', limit: 3 }))
      .structuredContent as { matches: { profile: string; why: string[] }[] };
    expect(found.matches[0]!.profile).toBe('org-acct-7731-ReadOnlyAccess');
    expect(found.matches[0]!.why.join('; ')).toMatch(/ou "(Prod|Payments)" matches/);

    const prod = (await call('find_profiles', { query: 'prod', limit: 10 })).structuredContent as {
      matches: { profile: string }[];
    };
    const names = prod.matches.map((m) => m.profile);
    expect(names.indexOf('org-acct-7731-ReadOnlyAccess')).toBeLessThan(
      names.indexOf('org-prod-mirror-ReadOnlyAccess'),
    );
    // NonProd is not prod.
    expect(names).not.toContain('org-payments-dev-ReadOnlyAccess');

    const one = (await call('get_profile', { profile: 'org-acct-7731-ReadOnlyAccess' })).structuredContent;
    expect(one).toMatchObject({ ouPath: '/Workloads/Prod/Payments', tags: { env: 'production' } });

    // The account moves: a new snapshot, seen at the next call, by list and search alike.
    const moved = ACCOUNTS.map((a) => (a.id === '222222222222' ? { ...a, parentId: 'ou-stg' } : a));
    writeOrgSnapshot(env, snapshot(moved));
    const after = (await call('list_profiles', { ou: '/Workloads/Prod*' })).structuredContent as {
      total: number;
    };
    expect(after.total).toBe(0);
    const again = (await call('find_profiles', { query: 'staging', limit: 10 })).structuredContent as {
      matches: { profile: string }[];
    };
    expect(again.matches.map((m) => m.profile)).toContain('org-acct-7731-ReadOnlyAccess');
  });

  it('returns the OU tree with counts, roles and production, cut at max_depth', async () => {
    const { env } = home();
    client = await connectMcp(env, 'structure-tests');
    const tree = async (args: Record<string, unknown>) =>
      (await client!.callTool({ name: 'org_tree', arguments: args })) as ToolText;
    const unknown = (await tree({})).structuredContent as { tree?: unknown; note?: string; unplaced: number };
    expect(unknown.tree).toBeUndefined();
    expect(unknown.unplaced).toBe(8);
    expect(unknown.note).toMatch(/structure of these profiles is unknown/);

    writeOrgSnapshot(env, snapshot());
    interface Node {
      path: string;
      accounts: number;
      profiles: number;
      roles: Record<string, number>;
      production: boolean;
      children: Node[];
      hiddenOus?: number;
    }
    const full = (await tree({ sso_session: 'org' })).structuredContent as { tree: Node; unplaced: number };
    expect(full.unplaced).toBe(0);
    expect(full.tree).toMatchObject({ path: '/', accounts: 6, profiles: 7 });
    const workloads = full.tree.children.find((c) => c.path === '/Workloads')!;
    expect(workloads).toMatchObject({ accounts: 3, profiles: 4, production: false });
    const prod = workloads.children.find((c) => c.path === '/Workloads/Prod')!;
    expect(prod).toMatchObject({
      accounts: 1,
      profiles: 2,
      production: true,
      roles: { AdministratorAccess: 1, ReadOnlyAccess: 1 },
    });
    expect(prod.children.map((c) => c.path)).toEqual(['/Workloads/Prod/Payments']);
    // The hostile OU name is escaped in its path.
    expect(full.tree.children.map((c) => c.path)).toContain('/Evil%E2%80%AEOU%2Fx');

    const shallow = (await tree({ sso_session: 'org', max_depth: 1 })).structuredContent as { tree: Node };
    const cutWorkloads = shallow.tree.children.find((c) => c.path === '/Workloads')!;
    expect(cutWorkloads.children).toEqual([]);
    expect(cutWorkloads.hiddenOus).toBe(4);
    const prodOnly = (await tree({ ou: '/Workloads/Prod*' })).structuredContent as { tree: Node };
    expect(prodOnly.tree.accounts).toBe(1);
  });

  it('refuses a run_across_profiles selection by structure that nothing can see, and a malformed tag', async () => {
    const { env } = home();
    client = await connectMcp(env, 'structure-tests');
    const call = async (args: Record<string, unknown>) =>
      (await client!.callTool({ name: 'run_across_profiles', arguments: args })) as ToolText;
    const unknown = await call({ args: ['sts', 'get-caller-identity'], tag: ['env=prod'] });
    expect(unknown.isError).toBe(true);
    expect(unknown.content[0]!.text).toMatch(/structure is unknown/);
    writeOrgSnapshot(env, snapshot());
    const bad = await call({ args: ['sts', 'get-caller-identity'], tag: ['=x'] });
    expect(bad.isError).toBe(true);
    expect(bad.content[0]!.text).toContain('--tag "=x" names no tag key');
    const long = await call({ args: ['sts', 'get-caller-identity'], tag: ['k'.repeat(600)] });
    expect(long.isError).toBe(true);
  });
});
