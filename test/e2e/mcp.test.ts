/**
 * The MCP server, driven by the official MCP client over stdio, on an organisation synced from the
 * emulator: tools, ranking, sign-in state, a real credential check through the emulator's STS.
 */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOrganization, generateOrganization } from '../../src/emulator/index.js';
import { hasAwsCli } from '../support/botocore.js';
import { runCli } from '../support/cli.js';
import { connectMcp } from '../support/mcp-client.js';
import { World } from '../support/world.js';

interface ToolText {
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

let world: World;
let client: Client;

const connect = (w: World) => connectMcp(w.env, 'aws-org-profiles-tests');

const call = async (name: string, args: Record<string, unknown> = {}) =>
  (await client.callTool({ name, arguments: args })) as ToolText;
const data = <T>(result: ToolText) => result.structuredContent as T;

beforeAll(async () => {
  const demo = demoOrganization();
  const more = generateOrganization({ accounts: 300, rolesPerAccount: 2, seed: 21, oddNames: true });
  world = await World.create({ accounts: [...demo.accounts, ...more.accounts] }, { pageSize: 25 });
  world.signIn();
  const sync = await world.cli('sync', '--all-roles');
  if (sync.code !== 0) throw new Error(sync.stderr);
  client = await connect(world);
});

afterAll(async () => {
  await client?.close();
  await world?.close();
});

describe('aws-org-profiles mcp', () => {
  it('lists its tools, each with a description and an input schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'check_profile',
      'find_profiles',
      'get_profile',
      'list_profiles',
      'org_tree',
      'run_across_profiles',
      'session_status',
      'sign_in',
    ]);
    for (const tool of tools) {
      expect(tool.description?.length).toBeGreaterThan(40);
      expect(tool.inputSchema.type).toBe('object');
    }
    const find = tools.find((t) => t.name === 'find_profiles')!;
    expect(find.inputSchema.required).toEqual(['query']);
    // `mcp --help` names every tool the server has.
    const help = await runCli(['mcp', '--help'], { env: world.env });
    for (const tool of tools) expect(help.stdout).toContain(tool.name);
  });

  it('lists profiles with filters, a total and pages', async () => {
    const first = data<{ total: number; profiles: { profile: string; role: string }[]; nextOffset?: number }>(
      await call('list_profiles', { role: 'dbareadonly', limit: 5 }),
    );
    expect(first.total).toBeGreaterThan(15);
    expect(first.profiles).toHaveLength(5);
    expect(first.profiles.every((p) => p.role === 'DBAReadOnly')).toBe(true);
    expect(first.nextOffset).toBe(5);
    const second = data<{ profiles: { profile: string }[] }>(
      await call('list_profiles', { role: 'DBAReadOnly', limit: 5, offset: 5 }),
    );
    expect(second.profiles.map((p) => p.profile)).not.toContain(first.profiles[0]!.profile);
    const byAccount = data<{ total: number; profiles: { accountId: string }[] }>(
      await call('list_profiles', { account: '600000000002' }),
    );
    expect(byAccount.profiles.every((p) => p.accountId === '600000000002')).toBe(true);
    expect(byAccount.total).toBe(3);
  });

  it('ranks profiles for natural queries among hundreds of accounts, and says why', async () => {
    interface Found {
      profile: string;
      accountId: string;
      accountName: string;
      role: string;
      why: string[];
    }
    const find = async (query: string, limit = 5) =>
      data<{ matches: Found[] }>(await call('find_profiles', { query, limit })).matches;
    const prodDb = await find('prod db readonly');
    expect(prodDb).toHaveLength(5);
    for (const m of prodDb) {
      expect(m.role).toBe('DBAReadOnly');
      expect(m.accountName).toMatch(/prod/i);
    }
    const [logArchive] = await find('log archive read only');
    expect(logArchive).toMatchObject({ accountName: 'Log Archive', role: 'ReadOnlyAccess' });
    const [audit] = await find('security audit in the audit account');
    expect(audit).toMatchObject({ accountName: 'Audit', role: 'SecurityAudit' });
    const [zurich] = await find('zurich ops');
    expect(zurich).toMatchObject({ accountName: 'Zürich Ops', accountId: '600000000017' });
    const [byId] = await find('600000000007 readonly');
    expect(byId).toMatchObject({ accountId: '600000000007', role: 'ReadOnlyAccess' });
    const sandboxes = (await find('sandbox admin', 2)).map((m) => [m.accountName, m.role]);
    expect(sandboxes).toEqual([
      ['Sandbox', 'AdministratorAccess'],
      ['Sandbox', 'AdministratorAccess'],
    ]);
    const [payments] = await find('payments prod database read only');
    expect(payments).toMatchObject({ profile: 'myorg-payments-prod-DBAReadOnly' });
    expect(payments!.why).toEqual([
      'account "Payments Prod" matches "payments"',
      'account "Payments Prod" matches "prod"',
      'role "DBAReadOnly" matches "database" (dba)',
      'role "DBAReadOnly" matches "read"',
      'role "DBAReadOnly" matches "only"',
    ]);
  });

  it('gets one profile with every setting, and suggests close names for an unknown one', async () => {
    const p = data<{ accountId: string; role: string; settings: Record<string, string> }>(
      await call('get_profile', { profile: 'myorg-workload-DBAReadOnly' }),
    );
    expect(p.accountId).toBe('600000000002');
    expect(p.settings.generated_by).toBe('aws-org-profiles');
    expect(p.settings.sso_session).toBe('myorg');
    const missing = await call('get_profile', { profile: 'myorg-workload-DBAReadonly' });
    expect(missing.isError).toBe(true);
    expect(missing.content[0]!.text).toContain('myorg-workload-DBAReadOnly');
  });

  it('reports sign-in state without the token', async () => {
    const { sessions } = data<{ sessions: { name: string; state: string; minutesLeft: number }[] }>(
      await call('session_status'),
    );
    expect(sessions).toEqual([expect.objectContaining({ name: 'myorg', state: 'signed-in' })]);
    expect(sessions[0]!.minutesLeft).toBeGreaterThan(50);
  });

  it('checks a profile end to end: role credentials, then STS, the right account', async () => {
    const result = await call('check_profile', { profile: 'myorg-payments-prod-ReadOnlyAccess' });
    expect(result.isError).toBeFalsy();
    const identity = data<{ account: string; arn: string; matchesProfile: boolean }>(result);
    expect(identity.account).toBe('600000000007');
    expect(identity.arn).toMatch(/^arn:aws:sts::600000000007:assumed-role\/AWSReservedSSO_ReadOnlyAccess_/);
    expect(identity.matchesProfile).toBe(true);
    expect(JSON.stringify(result)).not.toMatch(/secret|sessionToken|ASIA/i);
  });

  it('answers bad arguments with an MCP error', async () => {
    const bad = await client.callTool({ name: 'list_profiles', arguments: { limit: 'lots' } }).then(
      (r) => r as ToolText,
      (error: unknown) => error as Error,
    );
    if (bad instanceof Error) expect(bad.message).toMatch(/limit/i);
    else {
      expect(bad.isError).toBe(true);
      expect(bad.content[0]!.text).toMatch(/limit/i);
    }
    await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow();
  });

  it('answers a megabyte-long pattern or query at once, and stays responsive', async () => {
    const started = Date.now();
    const glob = await call('list_profiles', { account: `${'?*'.repeat(500_000)}!` });
    expect(glob.isError).toBe(true);
    expect(glob.content[0]!.text).toMatch(/longer than 4096 characters/);
    const match = await call('run_across_profiles', {
      args: ['sts', 'get-caller-identity'],
      profile_match: '*'.repeat(1_000_000),
    });
    expect(match.isError).toBe(true);
    const query = Array.from({ length: 100_000 }, (_, i) => `w${i}x`).join(' ');
    expect((await call('find_profiles', { query })).isError).toBeFalsy();
    expect((await call('get_profile', { profile: query })).isError).toBe(true);
    await client.ping();
    // Before the limits, these took minutes over a few hundred profiles.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it.skipIf(!hasAwsCli)('runs an AWS CLI read across profiles and gathers each account', async () => {
    const result = await call('run_across_profiles', {
      args: ['sts', 'get-caller-identity'],
      account: '*prod',
      role: 'DBAReadOnly',
    });
    expect(result.isError).toBeFalsy();
    const out = data<{
      profiles: number;
      failed: number;
      results: { accountId: string; output: { Account: string } }[];
    }>(result);
    expect(out.profiles).toBeGreaterThanOrEqual(2);
    expect(out.failed).toBe(0);
    for (const r of out.results) expect(r.output.Account).toBe(r.accountId);
    const refused = await call('run_across_profiles', {
      args: ['s3', 'rb', 's3://bucket'],
      account: '*prod',
    });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]!.text).toContain('only reading operations');
    const tooMany = await call('run_across_profiles', { args: ['sts', 'get-caller-identity'] });
    expect(tooMany.isError).toBe(true);
    expect(tooMany.content[0]!.text).toMatch(/profiles match, more than max_profiles/);
  });

  it('sees a sync made during the session', async () => {
    world.emulator.setOrganization({
      accounts: [
        ...demoOrganization().accounts,
        {
          accountId: '699999999999',
          accountName: 'Brand New',
          emailAddress: 'n@example.com',
          roles: ['ReadOnlyAccess'],
        },
      ],
    });
    expect((await world.cli('sync', '--all-roles')).code).toBe(0);
    const found = data<{ matches: { profile: string }[] }>(
      await call('find_profiles', { query: 'brand new' }),
    );
    expect(found.matches[0]!.profile).toBe('myorg-brand-new-ReadOnlyAccess');
  });

  it('gives a clean tool error, not a crash, when the token has expired', async () => {
    world.signIn('myorg', new Date(Date.now() - 60_000));
    const result = await call('check_profile', { profile: 'myorg-workload-DBAReadOnly' });
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toContain('aws sso login --sso-session myorg');
    expect(result.content[0]!.text).toContain('Call the sign_in tool with {"sso_session":"myorg"}');
    const status = data<{ sessions: { state: string; fix?: string }[] }>(await call('session_status'));
    expect(status.sessions[0]).toMatchObject({ state: 'expired' });
    expect(status.sessions[0]!.fix).toMatch(/^Call the sign_in tool with \{"sso_session":"myorg"\}/);
    expect(status.sessions[0]!.fix).toContain('aws-org-profiles login --sso-session myorg');
  });

  it('offers the profile list as a resource', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toContain('aws-profiles://profiles');
    const read = await client.readResource({ uri: 'aws-profiles://profiles' });
    const body = JSON.parse((read.contents[0] as { text: string }).text) as { profiles: unknown[] };
    expect(body.profiles.length).toBeGreaterThan(300);
  });
});
