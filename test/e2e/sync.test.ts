/**
 * `sync` and `create` end to end: the built CLI as a child process, against the emulator over
 * real HTTP, with the result read back by botocore itself.
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateOrganization, HOSTILE_ACCOUNT_NAMES, type Organization } from '../../src/emulator/index.js';
import { botocoreRead, hasAwsCli, hasBotocore } from '../support/botocore.js';
import { bigConfigText } from '../support/big-config.js';
import { runCli, runProgram } from '../support/cli.js';
import { account, sessionSection, START_URL, World } from '../support/world.js';

const worlds: World[] = [];
async function world(org: Organization, options: Parameters<typeof World.create>[1] = {}): Promise<World> {
  const w = await World.create(org, options);
  worlds.push(w);
  return w;
}
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

const smallOrg: Organization = {
  accounts: [
    account('111111111111', 'Workload', ['DBAReadOnly', 'AdministratorAccess']),
    account('222222222222', 'Development', ['DBAReadOnly']),
    account('333333333333', 'Audit', ['SecurityAudit']),
  ],
};

interface SyncJson {
  version: number;
  written: boolean;
  summary: Record<string, number>;
  create: { profile: string; accountId: string; accountName: string; role: string }[];
  prune: { profile: string; reason: string }[];
  stale: { profile: string; reason: string; renamedTo?: string }[];
  conflicts: { profile: string; reason: string }[];
  discovery: { accounts: number; requests: number; throttled: number; accountsWithoutRole: number };
}

const parse = (stdout: string) => JSON.parse(stdout) as SyncJson;

const OTHER_START_URL = 'https://d-1111111111.awsapps.com/start';

describe('sync', () => {
  it('pages past one page, skips accounts without the role, and writes one profile per account', async () => {
    const org = generateOrganization({ accounts: 45, rolesPerAccount: 3, seed: 3 });
    const w = await world(org, { pageSize: 4 });
    w.signIn();
    const result = await w.cli('sync', '--role', 'AdministratorAccess', '--json', '--no-org');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = parse(result.stdout);
    const withRole = org.accounts.filter((a) => a.roles.includes('AdministratorAccess'));
    expect(withRole.length).toBeLessThan(45);
    expect(out.summary.create).toBe(withRole.length);
    expect(out.discovery.accounts).toBe(45);
    expect(out.discovery.accountsWithoutRole).toBe(45 - withRole.length);
    const requests = w.emulator.requests();
    const listAccounts = requests.filter((r) => r.operation === 'ListAccounts');
    expect(listAccounts.length).toBe(Math.ceil(45 / 4));
    expect(listAccounts.every((r) => r.query.max_result === '100')).toBe(true);
    expect(requests.filter((r) => r.operation === 'ListAccountRoles').length).toBeGreaterThanOrEqual(45);
    expect(requests.some((r) => r.operation === 'GetRoleCredentials')).toBe(false);
    const ids = out.create.map((p) => p.accountId).sort();
    expect(ids).toEqual(withRole.map((a) => a.accountId).sort());
  });

  it.skipIf(!hasBotocore)(
    'gives hostile account names one safe profile each, read back exactly by botocore',
    async () => {
      const org = generateOrganization({ accounts: 40, rolesPerAccount: 2, seed: 5, oddNames: true });
      const names = new Set(org.accounts.map((a) => a.accountName));
      for (const hostile of HOSTILE_ACCOUNT_NAMES) expect(names.has(hostile)).toBe(true);
      const w = await world(org, { pageSize: 7 });
      w.signIn();
      const result = await w.cli('sync', '--all-roles', '--json');
      expect(result.code).toBe(0);
      const [read] = botocoreRead([w.configPath]);
      if (!read?.ok) throw new Error(`botocore refused the file: ${JSON.stringify(read)}`);
      const generated = Object.entries(read.profiles).filter(
        ([, v]) => v.generated_by === 'aws-org-profiles',
      );
      const expected = org.accounts.flatMap((a) => a.roles.map((r) => `${a.accountId}/${r}`)).sort();
      expect(
        generated.map(([, v]) => `${String(v.sso_account_id)}/${String(v.sso_role_name)}`).sort(),
      ).toEqual(expected);
      for (const [name, values] of generated) {
        expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
        expect(name).not.toMatch(/^-|-$/);
        const raw = org.accounts.find((a) => a.accountId === values.sso_account_id)!.accountName;
        expect(decodeURIComponentSafe(String(values.sso_account_name))).toBe(raw);
        expect(values.sso_session).toBe('myorg');
        expect(values.region).toBe('eu-central-1');
      }
      const out = parse(result.stdout);
      expect(out.summary.renamed).toBeGreaterThan(0);
    },
  );

  it('survives throttling and server errors, and pays them back with few retries', async () => {
    const org = generateOrganization({ accounts: 60, rolesPerAccount: 1, seed: 9 });
    const w = await world(org, {
      pageSize: 10,
      rateLimit: { rate: 40, burst: 10 },
      faultRate: 0.1,
      latencyMs: 2,
    });
    w.signIn();
    // Discovery's calls alone: the organisation step's GetRoleCredentials would share the throttling.
    const result = await w.cli('sync', '--all-roles', '--json', '--no-org');
    expect(result.code).toBe(0);
    const out = parse(result.stdout);
    expect(out.summary.create).toBe(60);
    const stats = w.emulator.stats();
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.faults).toBeGreaterThan(0);
    expect(out.discovery.throttled).toBe(stats.throttled);
    expect(stats.throttled).toBeLessThan(stats.totalRequests * 0.25);
  });

  it('paces itself on a bare 429 without an error name, as on a named one, and writes every profile', async () => {
    const org = generateOrganization({ accounts: 12, rolesPerAccount: 2, seed: 12 });
    const w = await world(org, {
      pageSize: 10,
      faults: [{ mode: 'bare-throttle', operations: ['ListAccounts', 'ListAccountRoles'], rate: 0.3 }],
    });
    w.signIn();
    const result = await w.cli('sync', '--all-roles', '--json', '--no-org');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = parse(result.stdout);
    const expected = org.accounts.flatMap((a) => a.roles.map((r) => `${a.accountId}/${r}`)).sort();
    expect(out.create.map((p) => `${p.accountId}/${p.role}`).sort()).toEqual(expected);
    const headers = w.config().match(/^\[profile [^\]]+\]$/gm) ?? [];
    expect(headers).toHaveLength(expected.length);
    const stats = w.emulator.stats();
    expect(stats.byStatus[429]).toBeGreaterThan(0);
    // Every bare 429 was taken as throttling and retried, none as a failure.
    expect(out.discovery.throttled).toBe(stats.byStatus[429]);
    expect(out.discovery.requests).toBe(stats.totalRequests);
  });

  it('fails and writes nothing when an account keeps failing', async () => {
    const w = await world(smallOrg, { failRolesFor: ['222222222222'] });
    w.signIn();
    const before = w.config();
    const { runCli } = await import('../support/cli.js');
    const result = await runCli(['sync', '--all-roles'], { env: { ...w.env, AWS_MAX_ATTEMPTS: '3' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('failed after 3 attempts');
    expect(result.stderr).toMatch(
      /discovery failed, so nothing was written: .*ListAccountRoles 222222222222.*InternalServerException/,
    );
    expect(w.config()).toBe(before);
  });

  it.each([
    ['expired', (w: World) => w.signIn('myorg', new Date(Date.now() - 60_000)), /expired at/],
    ['missing', () => undefined, /no cached SSO token/],
    ['rejected', (w: World) => w.emulator.revokeToken(w.signIn()), /rejected the SSO token/],
    [
      'for another portal',
      (w: World) => w.signIn('myorg', undefined, 'https://other.awsapps.com/start'),
      /issued for https:\/\/other/,
    ],
  ])(
    'exits 3 with the login command and leaves the config byte-identical when the token is %s',
    async (_, setup, message) => {
      const w = await world(smallOrg, {
        config: `# mine\n${sessionSection()}[profile keep]\nregion = x ; y\n`,
      });
      setup(w);
      const before = readFileSync(w.configPath);
      const mtime = statSync(w.configPath).mtimeMs;
      const result = await w.cli('sync');
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain('aws sso login --sso-session myorg');
      expect(readFileSync(w.configPath).equals(before)).toBe(true);
      expect(statSync(w.configPath).mtimeMs).toBe(mtime);
    },
  );

  it.each([
    ['the same start URL', START_URL, (w: World) => w.signIn('signed-in')],
    ['another start URL', OTHER_START_URL, (w: World) => w.signIn('signed-in')],
    [
      'another start URL, the signed-in token cached under its start URL (legacy)',
      OTHER_START_URL,
      (w: World) => w.signIn(START_URL),
    ],
  ])(
    "never uses another session's token: with %s, a session without its own exits 3 and asks nothing",
    async (_, otherUrl, signIn) => {
      const config = `# mine\n${sessionSection('signed-in')}${sessionSection('other', otherUrl)}`;
      const w = await world(smallOrg, { config });
      signIn(w);
      const before = readFileSync(w.configPath);
      const mtime = statSync(w.configPath).mtimeMs;
      const result = await w.cli('sync', '--sso-session', 'other');
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('no cached SSO token for session other');
      expect(result.stderr).toContain('aws sso login --sso-session other');
      expect(readFileSync(w.configPath).equals(before)).toBe(true);
      expect(statSync(w.configPath).mtimeMs).toBe(mtime);
      // No portal request at all, so none with the signed-in session's token.
      expect(w.emulator.stats().totalRequests).toBe(0);
      // That token is a good one: its own session syncs with it.
      const own = await w.cli('sync', '--sso-session', 'signed-in', '--json');
      expect(own.stderr).toBe('');
      expect(own.code).toBe(0);
      expect(parse(own.stdout).summary.create).toBeGreaterThan(0);
      expect(w.emulator.stats().totalRequests).toBeGreaterThan(0);
    },
  );

  it('keeps comments, hand-made profiles and odd formatting byte for byte, and is idempotent', async () => {
    const mine = [
      '; top comment',
      '[default]',
      'region = us-west-2  ; note',
      'x = y # hash',
      '',
      sessionSection().trimEnd(),
      '',
      '# before hand-made',
      '[profile hand-made]',
      'role_arn = arn:aws:iam::111111111111:role/Legacy',
      's3 =',
      '    max_concurrent_requests = 20',
      'output: json',
      '[services local]',
      'sts =',
      '  endpoint_url = http://localhost:4566',
      '',
    ].join('\r\n');
    const w = await world(smallOrg, { config: mine });
    w.signIn();
    const first = await w.cli('sync', '--role', 'DBAReadOnly');
    expect(first.code).toBe(0);
    const after = w.config();
    expect(after.startsWith(mine)).toBe(true);
    expect(after.slice(mine.length)).not.toMatch(/[^\r]\n/);
    const mtime = statSync(w.configPath).mtimeMs;
    const second = await w.cli('sync', '--role', 'DBAReadOnly');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes');
    expect(w.config()).toBe(after);
    expect(statSync(w.configPath).mtimeMs).toBe(mtime);
    expect(readFileSync(`${w.configPath}.aws-org-profiles.bak`, 'utf8')).toBe(mine);
  });

  it('reports a hand-made profile with the same name as a conflict and leaves it alone', async () => {
    const hand = `${sessionSection()}\n[profile myorg-workload-DBAReadOnly]\nsso_session = myorg\nsso_account_id = 999999999999\nsso_role_name = Other\n`;
    const w = await world(smallOrg, { config: hand });
    w.signIn();
    const result = await w.cli('sync', '--role', 'DBAReadOnly', '--json');
    expect(result.code).toBe(0);
    const out = parse(result.stdout);
    expect(out.conflicts.map((c) => c.profile)).toEqual(['myorg-workload-DBAReadOnly']);
    expect(out.create.map((c) => c.profile)).toEqual(['myorg-development-DBAReadOnly']);
    expect(w.config().startsWith(hand)).toBe(true);
  });

  it('reports profiles that another name template renamed as renamed, not as unassigned', async () => {
    const w = await world(smallOrg);
    w.signIn();
    expect((await w.cli('sync', '--all-roles')).code).toBe(0);
    const template = ['--name-template', '{session}-{accountName}-{role}'];
    const text = await w.cli('sync', '--all-roles', ...template, '--dry-run');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      '4 generated profiles were renamed: the old names stay beside the new until --prune removes them',
    );
    expect(text.stdout).not.toContain('no longer match');
    const json = parse((await w.cli('sync', '--all-roles', ...template, '--json')).stdout);
    expect(json.summary.stale).toBe(4);
    expect(json.summary.staleRenamed).toBe(4);
    expect(json.stale.find((s) => s.profile === 'myorg-workload-DBAReadOnly')).toEqual({
      profile: 'myorg-workload-DBAReadOnly',
      accountId: '111111111111',
      role: 'DBAReadOnly',
      reason: 'renamed: the same account and role is now myorg-Workload-DBAReadOnly',
      renamedTo: 'myorg-Workload-DBAReadOnly',
    });
    // An account that is gone as well: each kind is counted as what it is.
    w.emulator.setOrganization({ accounts: smallOrg.accounts.slice(0, 2) });
    const mixed = await w.cli('sync', '--all-roles', ...template);
    expect(mixed.stdout).toContain('3 generated profiles were renamed');
    expect(mixed.stdout).toContain(
      '2 generated profiles no longer match an assignment; --prune removes them',
    );
    const pruned = parse((await w.cli('sync', '--all-roles', ...template, '--prune', '--json')).stdout);
    expect(pruned.prune.map((p) => p.profile).sort()).toEqual([
      'myorg-Audit-SecurityAudit',
      'myorg-audit-SecurityAudit',
      'myorg-development-DBAReadOnly',
      'myorg-workload-AdministratorAccess',
      'myorg-workload-DBAReadOnly',
    ]);
  });

  it('prunes only with --prune, only generated profiles, and previews with --dry-run', async () => {
    const w = await world(smallOrg, {
      config: `${sessionSection()}[profile mine]\nsso_session = myorg\nsso_account_id = 222222222222\nsso_role_name = DBAReadOnly\n`,
    });
    w.signIn();
    expect((await w.cli('sync', '--all-roles')).code).toBe(0);
    w.emulator.setOrganization({
      accounts: [
        account('111111111111', 'Workload', ['DBAReadOnly']),
        account('333333333333', 'Audit', ['SecurityAudit']),
      ],
    });
    const before = w.config();
    const stale = parse((await w.cli('sync', '--all-roles', '--json')).stdout);
    expect(stale.stale.map((s) => s.profile).sort()).toEqual([
      'myorg-development-DBAReadOnly',
      'myorg-workload-AdministratorAccess',
    ]);
    expect(w.config()).toBe(before);
    const dry = await w.cli('sync', '--all-roles', '--prune', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('- myorg-development-DBAReadOnly');
    expect(dry.stdout).toContain('account 222222222222 is no longer assigned');
    expect(dry.stdout).toContain('role AdministratorAccess is no longer assigned in account 111111111111');
    expect(w.config()).toBe(before);
    const pruned = parse((await w.cli('sync', '--all-roles', '--prune', '--json')).stdout);
    expect(pruned.prune.map((p) => p.profile).sort()).toEqual([
      'myorg-development-DBAReadOnly',
      'myorg-workload-AdministratorAccess',
    ]);
    const text = w.config();
    expect(text).not.toContain('[profile myorg-development-DBAReadOnly]');
    expect(text).toContain('[profile myorg-workload-DBAReadOnly]');
    expect(text).toContain('[profile mine]\nsso_session = myorg\nsso_account_id = 222222222222');
  });

  it('lets two runs that reach the config at the same moment both land, one waiting for the other', async () => {
    // Two runs over disjoint accounts, and a large config, so that planning and writing it takes
    // long enough for the second run to come to it while the first is at it.
    const accounts = [1, 2, 3].flatMap((i) => [
      account(`30000000000${i}`, `alpha-${i}`, ['ReadOnlyAccess', 'DBAReadOnly']),
      account(`40000000000${i}`, `beta-${i}`, ['ReadOnlyAccess', 'DBAReadOnly']),
    ]);
    const config = bigConfigText(4000);
    const w = await world({ accounts }, { latencyMs: 10, config });
    w.signIn();
    const lock = `${w.configPath}.lock`;
    // Who holds the lock, sampled every few milliseconds: [time, pid, or 0 for nobody].
    const holders: [number, number][] = [[performance.now(), 0]];
    const sampler = setInterval(() => {
      let pid = 0;
      try {
        pid = (JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid;
      } catch {
        // No lock, or one not written whole yet.
      }
      if (pid !== holders.at(-1)![1]) holders.push([performance.now(), pid]);
    }, 2);
    const until = async (condition: () => boolean) => {
      const start = performance.now();
      while (!condition() && performance.now() - start < 30_000) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const pids: number[] = [];
    const sync = (glob: string) =>
      runCli(['sync', '--all-roles', '--account', glob, '--json', '--no-org'], {
        env: w.env,
        onSpawn: (child) => pids.push(child.pid!),
      });
    // The portal holds what the runs ask until both asked, then answers both at once: first their
    // ListAccounts, then their three ListAccountRoles each. Both runs then have their last answer
    // at the same moment, and go on to the config together.
    w.emulator.pause();
    const runs = Promise.all([sync('alpha-*'), sync('beta-*')]);
    let answered: number;
    try {
      await until(() => w.emulator.stats().inFlight === 2);
      expect(w.emulator.stats().inFlight).toBe(2);
      w.emulator.resume();
      w.emulator.pause();
      await until(() => w.emulator.stats().inFlight === 6);
      expect(w.emulator.stats().inFlight).toBe(6);
      answered = performance.now() + 10;
    } finally {
      w.emulator.resume();
    }
    const [a, b] = await runs.finally(() => clearInterval(sampler));

    expect([a.code, b.code]).toEqual([0, 0]);
    // The run that waited said so at once, naming the other; the other said nothing.
    const [quiet, waited] = [a.stderr, b.stderr].sort();
    expect(quiet).toBe('');
    expect(waited).toMatch(
      /^warning: another aws-org-profiles run holds \S+\/config\.lock \(pid \d+ on host .+, held for \d+ s\); waiting up to 30 s for it to finish\.\n$/,
    );
    expect(parse(a.stdout).summary.create).toBe(6);
    expect(parse(b.stdout).summary.create).toBe(6);
    const headers = w.config().match(/^\[profile [^\]]+\]$/gm) ?? [];
    expect(new Set(headers).size).toBe(headers.length);
    expect(headers.filter((h) => /-(alpha|beta)-\d-/.test(h))).toHaveLength(12);
    expect(headers).toHaveLength(config.match(/^\[profile /gm)!.length + 12);
    expect(
      w.emulator
        .requests()
        .map((r) => r.operation)
        .sort(),
    ).toEqual([...Array<string>(6).fill('ListAccountRoles'), ...Array<string>(2).fill('ListAccounts')]);

    // They met at the lock: each run held it once, and the first let go of it only well after the
    // second had had its last answer, so the second waited for it.
    const taken = holders.filter(([, pid]) => pid !== 0);
    expect(taken.map(([, pid]) => pid).sort()).toEqual([...pids].sort());
    const [[takenAt, first]] = taken as [[number, number]];
    const released = holders.find(([at, pid]) => at > takenAt && pid !== first)![0];
    expect(waited).toContain(`(pid ${first} on host `);
    expect(takenAt).toBeGreaterThan(answered);
    expect(released - answered).toBeGreaterThan(50);
  });

  it('refuses a config botocore would refuse, naming the file and line, and writes nothing', async () => {
    const bad = `${sessionSection()}[profile a]\nregion = x\n[profile a]\nregion = y\n`;
    const w = await world(smallOrg, { config: bad });
    w.signIn();
    const result = await w.cli('sync');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${w.configPath}, line 7: duplicate section [profile a] (first at line 5)`,
    );
    expect(w.config()).toBe(bad);
  });

  it('keeps the mode, writes through a symlink, and keeps a 0600 file 0600', async () => {
    const w = await world(smallOrg);
    w.signIn();
    const target = join(w.home, 'dotfiles', 'aws-config');
    mkdirSync(join(w.home, 'dotfiles'));
    renameSync(w.configPath, target);
    symlinkSync(target, w.configPath);
    chmodSync(target, 0o640);
    expect((await w.cli('sync', '--role', 'DBAReadOnly')).code).toBe(0);
    expect(lstatSync(w.configPath).isSymbolicLink()).toBe(true);
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(readFileSync(target, 'utf8')).toContain('[profile myorg-workload-DBAReadOnly]');

    const fresh = join(w.home, 'new', 'config');
    const env = { ...w.env, AWS_CONFIG_FILE: fresh };
    mkdirSync(join(w.home, 'new'));
    writeFileSync(fresh, sessionSection());
    chmodSync(fresh, 0o600);
    const { runCli } = await import('../support/cli.js');
    expect((await runCli(['sync'], { env })).code).toBe(0);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
  });

  it('lists the sessions when none is named and several exist, and exits 2', async () => {
    const w = await world(smallOrg, { config: `${sessionSection('a')}${sessionSection('b')}` });
    const result = await w.cli('sync');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('several sso-sessions exist');
    expect(result.stderr).toContain('a, b');
    const unknown = await w.cli('sync', '--sso-session', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no [sso-session nope]');
  });

  it('never prints the access token, even with --debug', async () => {
    const w = await world(smallOrg);
    const token = w.signIn();
    const result = await w.cli('sync', '--debug', '--json');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('debug: ListAccounts: ok');
    expect(result.stdout + result.stderr).not.toContain(token);
  });
});

describe('create (the original sample interface)', () => {
  it('creates profiles for one role in session myorg by default, with the sample names', async () => {
    const w = await world(smallOrg);
    w.signIn();
    const result = await w.cli('create', 'DBAReadOnly');
    expect(result.code).toBe(0);
    const text = w.config();
    expect(text).toContain(
      '[profile myorg-workload-DBAReadOnly]\nsso_session = myorg\nsso_account_id = 111111111111\nsso_role_name = DBAReadOnly\nregion = eu-central-1\n',
    );
    expect(text).toContain('[profile myorg-development-DBAReadOnly]');
    expect(text).not.toContain('AdministratorAccess');
    const missing = await w.cli('create');
    expect(missing.code).toBe(2);
  });

  it('takes a region as its third argument', async () => {
    const w = await world(smallOrg);
    w.signIn();
    expect((await w.cli('create', 'DBAReadOnly', 'myorg', 'us-west-2')).code).toBe(0);
    expect(w.config()).toContain('sso_role_name = DBAReadOnly\nregion = us-west-2\n');
  });
});

describe.skipIf(!hasAwsCli)('the real AWS CLI on generated profiles', () => {
  it('reads the profile and resolves its credentials end to end', async () => {
    const w = await world(smallOrg);
    w.signIn();
    expect((await w.cli('sync', '--role', 'DBAReadOnly')).code).toBe(0);
    const env = { ...w.env, NODE_OPTIONS: undefined };
    const get = await runProgram(
      'aws',
      ['configure', 'get', 'sso_account_id', '--profile', 'myorg-development-DBAReadOnly'],
      env,
    );
    expect(get.stdout.trim()).toBe('222222222222');
    const who = await runProgram(
      'aws',
      ['sts', 'get-caller-identity', '--profile', 'myorg-workload-DBAReadOnly', '--output', 'json'],
      env,
    );
    expect(who.stderr).toBe('');
    expect(JSON.parse(who.stdout)).toMatchObject({ Account: '111111111111' });
  });
});

function decodeURIComponentSafe(value: string): string {
  return value.replace(/(?:%[0-9A-F]{2})+/g, (run) => decodeURIComponent(run));
}

describe('a broken or hostile portal', () => {
  /** Short deadlines, so a portal that never answers costs the test about two seconds. */
  const impatient = (w: World) => ({
    ...w.env,
    AWS_ORG_PROFILES_REQUEST_TIMEOUT: '0.5',
    AWS_ORG_PROFILES_TIMEOUT: '1.5',
  });
  const mine = `# mine\n${sessionSection()}[profile keep]\nregion = x ; y\n`;

  async function syncTimed(w: World, args: string[], env = impatient(w)) {
    const { runCli } = await import('../support/cli.js');
    const t0 = performance.now();
    // Killed long before the default: a run that hangs fails here instead of holding the suite.
    const result = await runCli(args, { env, timeoutMs: 15_000 });
    return { ...result, ms: performance.now() - t0 };
  }

  it.each([
    ['stalls', { faults: [{ mode: 'stall' as const }] }],
    [
      'drips its answer',
      { faults: [{ mode: 'drip' as const, operations: ['ListAccountRoles'] }], dripIntervalMs: 50 },
    ],
  ])('ends a sync against a portal that %s within the deadline, and writes nothing', async (_, faults) => {
    const w = await world(smallOrg, { config: mine, ...faults });
    w.signIn();
    const before = readFileSync(w.configPath);
    const result = await syncTimed(w, ['sync', '--all-roles', '--prune']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'discovery failed, so nothing was written: the portal did not answer within 1.5 s',
    );
    expect(result.stderr).toContain('AWS_ORG_PROFILES_TIMEOUT');
    expect(result.ms).toBeLessThan(8_000);
    expect(readFileSync(w.configPath).equals(before)).toBe(true);
  });

  it.each([
    ['{}', 'json-object', 'ListAccounts', /ListAccounts returned a malformed answer: accountList is missing/],
    [
      'an empty body',
      'empty-body',
      'ListAccounts',
      /ListAccounts returned a malformed answer: accountList is missing/,
    ],
    ['roles without roleName', 'missing-fields', 'ListAccountRoles', /roleList\[0\]\.roleName is missing/],
    ['account ids as numbers', 'wrong-types', 'ListAccounts', /accountList\[0\]\.accountId is a number/],
  ] as const)(
    'sync --prune against a portal answering %s exits 1 and deletes nothing',
    async (_, mode, operation, message) => {
      const w = await world(smallOrg, { config: mine });
      w.signIn();
      expect((await w.cli('sync', '--all-roles')).code).toBe(0);
      const before = readFileSync(w.configPath);
      expect(before.toString()).toContain('[profile myorg-workload-DBAReadOnly]');
      w.emulator.setOptions({ faults: [{ mode, operations: [operation] }] });
      const result = await syncTimed(w, ['sync', '--all-roles', '--prune', '--yes']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain('nothing was written');
      expect(readFileSync(w.configPath).equals(before)).toBe(true);
    },
  );

  it('names a hostile role name as the server data it is, escaped, and writes nothing', async () => {
    const w = await world(smallOrg, {
      config: mine,
      faults: [{ mode: 'hostile-values', operations: ['ListAccountRoles'] }],
    });
    w.signIn();
    const before = readFileSync(w.configPath);
    const result = await syncTimed(w, ['sync', '--all-roles']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /the portal returned an invalid role name "\w+\\n\[profile evil\]" for account \d{12}/,
    );
    expect(result.stderr).not.toContain('bug in aws-org-profiles');
    expect(readFileSync(w.configPath).equals(before)).toBe(true);
  });

  it.each(['cycle-tokens', 'repeat-token'] as const)(
    'fails fast on a next_token that loops (%s)',
    async (mode) => {
      const w = await world(smallOrg, { config: mine, faults: [{ mode, operations: ['ListAccounts'] }] });
      w.signIn();
      const before = readFileSync(w.configPath);
      const result = await syncTimed(w, ['sync', '--all-roles', '--prune', '--yes']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('ListAccounts sent a next_token it had already sent');
      expect(w.emulator.requests().filter((r) => r.operation === 'ListAccounts').length).toBeLessThanOrEqual(
        3,
      );
      expect(readFileSync(w.configPath).equals(before)).toBe(true);
    },
  );

  it('prints a hostile error message without its escape sequences, with or without --debug', async () => {
    const w = await world(smallOrg, { faults: [{ mode: 'hostile-error', operations: ['ListAccounts'] }] });
    w.signIn();
    for (const args of [['sync'], ['sync', '--debug']]) {
      const result = await syncTimed(w, args);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'ForbiddenException (HTTP 403): Access denied\\x1b[2J\\x1b]0;owned\\x07',
      );
      expect(result.stderr).toContain('\\u202etxt.exe');
      expect(result.stdout + result.stderr).not.toMatch(/[\x1b\x07\x9b\u202e]/);
      expect(result.stderr).not.toMatch(/^error: \\x1b\[32mall profiles deleted/m);
    }
  });
});

describe('sync --prune of more than half', () => {
  it('needs --yes: without it, says how many and writes nothing; --dry-run warns', async () => {
    const w = await world(smallOrg);
    w.signIn();
    expect((await w.cli('sync', '--all-roles')).code).toBe(0);
    w.emulator.setOrganization({ accounts: [account('111111111111', 'Workload', ['DBAReadOnly'])] });
    const before = readFileSync(w.configPath);
    const refused = await w.cli('sync', '--all-roles', '--prune');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      '--prune would remove 3 of the 4 profiles generated for sso-session myorg (more than half)',
    );
    expect(refused.stderr).toContain('nothing was written');
    expect(refused.stderr).toContain('--dry-run --prune, then run again with --yes');
    expect(readFileSync(w.configPath).equals(before)).toBe(true);
    const create = await w.cli('create', 'AdministratorAccess', 'myorg', '--prune');
    expect(create.code).toBe(2);
    expect(readFileSync(w.configPath).equals(before)).toBe(true);

    const dry = await w.cli('sync', '--all-roles', '--prune', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('writing it needs --yes');

    const confirmed = parse((await w.cli('sync', '--all-roles', '--prune', '--yes', '--json')).stdout);
    expect(confirmed.prune.map((p) => p.profile).sort()).toEqual([
      'myorg-audit-SecurityAudit',
      'myorg-development-DBAReadOnly',
      'myorg-workload-AdministratorAccess',
    ]);
    expect(w.config()).toContain('[profile myorg-workload-DBAReadOnly]');
  });
});
