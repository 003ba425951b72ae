/** `context` and `list`: the agent hook path, run as the built CLI with a minimal environment. */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { generateOrganization } from '../../src/emulator/index.js';
import { writeOrgSnapshot } from '../../src/state/org-cache.js';
import { bigOrgSnapshot, writeBigConfig } from '../support/big-config.js';
import { botocoreRead, hasBotocore } from '../support/botocore.js';
import { BIN, cleanEnv, runCli } from '../support/cli.js';
import { World } from '../support/world.js';

const FORBID = fileURLToPath(new URL('../support/forbid-imports.mjs', import.meta.url));
const BLOCK = fileURLToPath(new URL('../support/block-network.mjs', import.meta.url));
const hookEnv = (home: string) => ({
  ...cleanEnv({ HOME: home }),
  NODE_OPTIONS: `--import=${BLOCK} --import=${FORBID}`,
});

const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

interface ListJson {
  version: number;
  profiles: {
    profile: string;
    accountId: string | null;
    accountName: string | null;
    role: string | null;
    region: string | null;
    ssoSession: string | null;
    generated: boolean;
  }[];
}

describe('context', () => {
  it('shows every profile of a small organisation with account id, role and region, and how to use them', async () => {
    const org = generateOrganization({ accounts: 6, rolesPerAccount: 2, seed: 2 });
    const w = await World.create(org);
    worlds.push(w);
    w.signIn();
    expect((await w.cli('sync', '--all-roles')).code).toBe(0);
    const result = await runCli(['context'], { env: hookEnv(w.home) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { profiles } = JSON.parse((await w.cli('list', '--json')).stdout) as ListJson;
    expect(profiles.filter((p) => p.generated)).toHaveLength(12);
    for (const p of profiles) {
      expect(result.stdout).toContain(`| ${p.profile} |`);
      if (p.generated) expect(result.stdout).toContain(`| ${p.accountId} | ${p.role} | ${p.region} |`);
    }
    expect(result.stdout).toContain('--profile');
    expect(result.stdout).toContain('profile_name');
    expect(result.stdout).toContain('AWS_PROFILE=');
    expect(result.stdout).toContain('AWS_API_MCP_PROFILE_NAME');
    expect(result.stdout).toMatch(/sso-session `myorg` .*signed in; the token is valid until/);
  });

  it('tells the agent to ask for a sign-in when the token expired', async () => {
    const w = await World.create({ accounts: [] });
    worlds.push(w);
    w.signIn('myorg', new Date(Date.now() - 3600_000));
    const result = await runCli(['context'], { env: hookEnv(w.home) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('SIGNED OUT');
    expect(result.stdout).toContain('ask the user to run `aws-org-profiles login --sso-session myorg`');
  });

  it('stays within 10,240 bytes at 10,000 profiles, says how to find the rest, and follows changes to the config', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aop-hook-'));
    const config = writeBigConfig(home, 10_000);
    const first = await runCli(['context'], { env: hookEnv(home) });
    expect(first.code).toBe(0);
    expect(Buffer.byteLength(first.stdout)).toBeLessThanOrEqual(10_240);
    expect(Buffer.byteLength(first.stdout)).toBeGreaterThan(8_000);
    expect(first.stdout).toContain('10,002 AWS profiles');
    expect(first.stdout).toContain('legacy-admin');
    expect(first.stdout).toContain('AdministratorAccess (3,334)');
    expect(first.stdout).toContain("aws-org-profiles list --account 'GLOB'");
    expect(first.stdout).toMatch(/\d[\d,]* more accounts not shown/);
    // One line per account, each numbered series named by the glob that lists the rest.
    expect(first.stdout).toMatch(/^workload-prod-00000 100000000000 [A-Z]$/m);
    expect(first.stdout).toMatch(/^series workload-prod-\*: 1,112 accounts, the first [\d,]+ here:$/m);
    expect(
      first.stdout.endsWith(
        "`aws-org-profiles list --account 'GLOB' --role ROLE --json` (globs match the account name or id).\n",
      ),
    ).toBe(true);
    // The second run reads the cache; both must print the same.
    const second = await runCli(['context'], { env: hookEnv(home) });
    expect(second.stdout).toBe(first.stdout);
    appendFileSync(config, '[profile added-by-hand]\nregion = us-east-1\n');
    const third = await runCli(['context'], { env: hookEnv(home) });
    expect(third.stdout).toContain('10,003 AWS profiles');
    for (const max of [300, 2000, 4096, 20_000]) {
      const bounded = await runCli(['context', '--max-bytes', String(max)], { env: hookEnv(home) });
      expect(bounded.code).toBe(0);
      expect(Buffer.byteLength(bounded.stdout)).toBeLessThanOrEqual(max);
    }
  });

  it('loads nothing but its own two files: neither the AWS SDK nor the argument parser, nor any chunk', async () => {
    const packages = JSON.parse(readFileSync(join(dirname(BIN), 'packages.json'), 'utf8')) as Record<
      string,
      string[]
    >;
    expect(packages['bin.cjs']).toEqual([]);
    expect(packages['hook.cjs']).toEqual([]);
    const home = mkdtempSync(join(tmpdir(), 'aop-hook-'));
    writeBigConfig(home, 30);
    const hook = await runCli(['context'], { env: hookEnv(home) });
    expect(hook.stderr).toBe('');
    expect(hook.code).toBe(0);
    // The same guard stops the full program, which loads its chunks: it would see a stray load.
    const full = await runCli(['context', '--help'], { env: hookEnv(home) });
    expect(full.code).not.toBe(0);
    expect(full.stderr).toContain('forbidden');
  });

  it('keeps a V8 code cache (0600) for the hook, and runs the same from a cache that is broken', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aop-hook-'));
    writeBigConfig(home, 30);
    const first = await runCli(['context'], { env: hookEnv(home) });
    const dir = join(home, '.cache', 'aws-org-profiles');
    const caches = readdirSync(dir).filter((f) => f.endsWith('.v8cache'));
    expect(caches).toHaveLength(1);
    expect(statSync(join(dir, caches[0]!)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    writeFileSync(join(dir, caches[0]!), 'not a code cache');
    const broken = await runCli(['context'], { env: hookEnv(home) });
    expect(broken).toEqual(first);
    expect(readFileSync(join(dir, caches[0]!)).length).toBeGreaterThan(1000);
    const cached = await runCli(['context'], { env: hookEnv(home) });
    expect(cached).toEqual(first);
  });

  it('groups by OU from the org cache, marks production by OU and by the tag keys given, and selects by OU and tag', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aop-hook-'));
    writeBigConfig(home, 30);
    const org = bigOrgSnapshot(30, 20);
    const [devId, dev] = Object.entries(org.accounts).find(([, a]) => a.tags?.env === 'dev')!;
    writeOrgSnapshot(
      { HOME: home },
      { ...org, accounts: { ...org.accounts, [devId]: { ...dev, tags: { env: 'dev', Tier: 'live' } } } },
    );
    const marked = new RegExp(`\\[prod\\] \\| ${devId} \\|`);
    const plain = await runCli(['context'], { env: hookEnv(home) });
    expect(plain.stderr).toBe('');
    expect(plain.stdout).toMatch(/^### OU \/Workloads\/Prod \(1 account\) \[prod\]$/m);
    expect(plain.stdout).toMatch(
      new RegExp(`^### OU /Workloads/Dev \\(1 account\\)\n(.*\n){2}.*\\| ${devId} \\|`, 'm'),
    );
    expect(plain.stdout).not.toMatch(marked);
    const tier = await runCli(['context', '--prod-tag-key', 'tier'], { env: hookEnv(home) });
    expect(tier.stdout).toMatch(marked);
    const selected = await runCli(['context', '--ou', '/workloads/*', '--tag', 'env=d*', '--tag', 'Tier'], {
      env: hookEnv(home),
    });
    expect(selected.code).toBe(0);
    expect(selected.stdout).toContain('AWS profiles for 1 accounts');
    expect(selected.stdout).toContain(`| ${devId} |`);
    // The full program takes the same options.
    const full = await runCli(
      ['context', '--ou', '/Workloads/Dev', '--prod-tag-key', 'TIER', '--max-bytes', '4000'],
      {
        env: cleanEnv({ HOME: home }),
      },
    );
    expect(full.stdout).toMatch(marked);
    expect(full.stdout).not.toContain('/Workloads/Prod');
  });

  it('rejects bad arguments with a usage error', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aop-hook-'));
    const result = await runCli(['context', '--max-bytes', 'lots'], { env: hookEnv(home) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--max-bytes must be a whole number of at least 256');
    const unknown = await runCli(['context', '--bogus'], { env: hookEnv(home) });
    expect(unknown.code).toBe(2);
  });
});

describe('list', () => {
  it.skipIf(!hasBotocore)('agrees with botocore on every field of 10,000 profiles', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aop-list-'));
    const config = writeBigConfig(home, 10_000);
    const result = await runCli(['list', '--json'], { env: cleanEnv({ HOME: home }) });
    expect(result.code).toBe(0);
    const { version, profiles } = JSON.parse(result.stdout) as ListJson;
    expect(version).toBe(1);
    const [read] = botocoreRead([config]);
    if (!read?.ok) throw new Error('botocore refused the file');
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
    expect(profiles.map((p) => p.profile).sort()).toEqual(Object.keys(read.profiles).sort());
    for (const p of profiles) {
      const b = read.profiles[p.profile]!;
      expect([p.accountId, p.role, p.region, p.ssoSession, p.accountName]).toEqual([
        str(b.sso_account_id),
        str(b.sso_role_name),
        str(b.region),
        str(b.sso_session),
        str(b.sso_account_name),
      ]);
      expect(p.generated).toBe(b.generated_by === 'aws-org-profiles');
    }
  });

  it('filters by role, account glob, session and region, and prints a table', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aop-list-'));
    writeBigConfig(home, 30);
    const env = cleanEnv({ HOME: home });
    const list = async (...args: string[]) =>
      (JSON.parse((await runCli(['list', '--json', ...args], { env })).stdout) as ListJson).profiles;
    expect((await list('--role', 'dbareadonly')).every((p) => p.role === 'DBAReadOnly')).toBe(true);
    expect(await list('--role', 'DBAReadOnly')).toHaveLength(10);
    expect((await list('--account', '*prod*', '--role', 'ReadOnlyAccess')).map((p) => p.accountName)).toEqual(
      ['workload-prod-00000', 'workload-prod-00003', 'workload-prod-00006', 'workload-prod-00009'],
    );
    expect(await list('--account', '100000007919')).toHaveLength(3);
    expect(await list('--sso-session', 'other')).toHaveLength(0);
    expect(await list('--region', 'eu-west-1')).toHaveLength(1);
    expect(await list('--generated')).toHaveLength(30);
    const text = await runCli(['list', '--role', 'DBAReadOnly'], { env });
    expect(text.stdout.split('\n')[0]).toMatch(
      /^PROFILE\s+ACCOUNT\s+ACCOUNT ID\s+ROLE\s+REGION\s+SESSION\/SOURCE$/,
    );
    expect(text.stdout).toContain('myorg-workload-prod-00000-DBAReadOnly');
    // A pattern that makes a backtracking matcher run for minutes on these 40-character names.
    const hostile = `${'?*'.repeat(16)}!`;
    expect(await list('--account', hostile)).toHaveLength(0);
    expect(await list('--profile-match', hostile)).toHaveLength(0);
  });

  it('shows names with terminal control characters escaped, in the table and in JSON', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aop-list-'));
    const config = writeBigConfig(home, 1);
    // ESC, a C1 CSI, a right-to-left override and a line separator, as a hostile account name holds them.
    const name = 'Prod\u001b[2J\u009b31m\u202eevil\u2028x';
    appendFileSync(
      config,
      `[profile odd]\nsso_session = myorg\nsso_account_id = 111122223333\nsso_role_name = Admin\nsso_account_name = ${name}\n`,
    );
    const env = cleanEnv({ HOME: home });
    const table = await runCli(['list', '--profile-match', 'odd'], { env });
    expect(table.code).toBe(0);
    expect(table.stdout).not.toMatch(/[\u001b\u009b\u202e\u2028]/);
    expect(table.stdout).toContain('Prod\\x1b[2J\\x9b31m\\u202eevil\\u2028x');
    const json = await runCli(['list', '--json', '--profile-match', 'odd'], { env });
    expect(json.stdout).not.toMatch(/[\u001b\u009b\u202e\u2028]/);
    expect((JSON.parse(json.stdout) as ListJson).profiles[0]!.accountName).toBe(name);
  });

  it('names the file and line of a config it cannot read', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aop-list-'));
    const config = writeBigConfig(home, 3);
    appendFileSync(config, 'this line is not valid\n');
    const result = await runCli(['list'], { env: cleanEnv({ HOME: home }) });
    expect(result.code).toBe(1);
    const lines = readFileSync(config, 'utf8').split('\n').length - 1;
    expect(result.stderr).toContain(`${config}, line ${lines}: not a 'key = value' line`);
  });
});
