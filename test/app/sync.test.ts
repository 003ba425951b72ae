/** The sync use case in process: what it reports on the way, what it returns, and what it leaves on disk. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sync } from '../../src/app/sync.js';
import { AppError } from '../../src/core/errors.js';
import { generateOrganization } from '../../src/emulator/index.js';
import { lastSync } from '../../src/state/sync-record.js';
import { pointSdkAt, testRuntime, type TestRuntime } from '../support/runtime.js';
import { account, World } from '../support/world.js';

let world: World | undefined;
let restore: (() => void) | undefined;
afterEach(async () => {
  restore?.();
  await world?.close();
  world = undefined;
});

async function setUp(org = generateOrganization({ accounts: 8, rolesPerAccount: 2, seed: 3 })) {
  const w = await World.create(org);
  world = w;
  w.signIn();
  restore = pointSdkAt(w.emulator.url);
  return { w, rt: testRuntime({ HOME: w.home }) };
}

const kinds = (rt: TestRuntime) => rt.notices.map((n) => n.kind);

describe('sync', () => {
  it('plans without writing on a dry run, then writes, records the sync and caches the profile map', async () => {
    const { w, rt } = await setUp();
    const before = w.config();
    const dry = await sync(rt, { dryRun: true });
    expect(dry).toMatchObject({ session: 'myorg', dryRun: true, written: false });
    expect(dry.plan.create.length).toBeGreaterThan(0);
    expect(w.config()).toBe(before);
    expect(lastSync(rt.env, w.configPath, 'myorg')).toBeUndefined();

    const done = await sync(rt, {});
    expect(done).toMatchObject({ written: true, backupFile: `${w.configPath}.aws-org-profiles.bak` });
    expect(done.plan.create.map((p) => p.name)).toEqual(dry.plan.create.map((p) => p.name));
    for (const p of done.plan.create) expect(w.config()).toContain(`[profile ${p.name}]`);
    expect(lastSync(rt.env, w.configPath, 'myorg')?.profiles).toBe(done.plan.create.length);
    const cache = readdirSync(join(w.home, '.cache', 'aws-org-profiles'));
    expect(cache.filter((f) => f.startsWith('context-'))).toHaveLength(1);

    const again = await sync(rt, {});
    expect(again).toMatchObject({ written: false });
    expect(again.plan.unchanged).toHaveLength(done.plan.create.length);
  });

  it('reports discovery progress and where the time on the config went, and counts the requests', async () => {
    const { rt } = await setUp();
    const result = await sync(rt, {});
    expect(kinds(rt)).toContain('discovery');
    expect(kinds(rt).filter((k) => k === 'discovery-done')).toHaveLength(1);
    const last = rt.notices.filter((n) => n.kind === 'discovery').at(-1);
    expect(last).toMatchObject({
      progress: { accounts: 8, accountsInScope: 8, rolesDone: 8, listingDone: true },
    });
    const timings = rt.notices.flatMap((n) =>
      n.kind === 'debug' && n.text.startsWith('config file:') ? [n.text] : [],
    );
    expect(timings).toHaveLength(1);
    expect(timings[0]).toMatch(
      /^config file: read \d+ ms, lock \d+ ms, plan \d+ ms, check \d+ ms, write \d+ ms; \d+ ms in all$/,
    );
    expect(rt.notices.filter((n) => n.kind === 'debug' && /ListAccountRoles/.test(n.text))).toHaveLength(8);
    expect(result.run.stats.requests).toBe(result.run.discovery.accounts.length + 1);
  });

  it('warns about a role no account has, with the near miss by case or by a typo', async () => {
    const { rt } = await setUp({
      accounts: [account('111111111111', 'Workload', ['DBAReadOnly', 'ReadOnlyAccess'])],
    });
    const result = await sync(rt, { roles: ['DBAReadOnly', 'DBAReadonly', 'ReadOnlyAcess', 'Nope'] });
    expect(result.warnings).toEqual([
      'no account in scope has role DBAReadonly. Did you mean DBAReadOnly?',
      'no account in scope has role ReadOnlyAcess. Did you mean ReadOnlyAccess?',
      'no account in scope has role Nope (roles found: DBAReadOnly, ReadOnlyAccess).',
    ]);
    expect(rt.notices.filter((n) => n.kind === 'warning')).toEqual(
      result.warnings.map((text) => ({ kind: 'warning', text })),
    );
    expect(result.written).toBe(true);
  });

  it('is a usage error, writing nothing, when no role asked for exists, as each and list treat it', async () => {
    const { w, rt } = await setUp({ accounts: [account('111111111111', 'Workload', ['ReadOnlyAccess'])] });
    const before = w.config();
    const error = (await sync(rt, { roles: ['ReadOnlyAcess'] }).catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('no account in scope has role ReadOnlyAcess. Did you mean ReadOnlyAccess?');
    expect(w.config()).toBe(before);
    await expect(sync(rt, { roles: ['ReadOnlyAcess'], dryRun: true })).rejects.toThrow(
      'Did you mean ReadOnlyAccess?',
    );
  });

  it('refuses a prune of most profiles without yes, writing nothing; with yes it prunes', async () => {
    const { w, rt } = await setUp({
      accounts: [
        account('111111111111', 'A', ['R']),
        account('222222222222', 'B', ['R']),
        account('333333333333', 'C', ['R']),
      ],
    });
    await sync(rt, {});
    w.emulator.setOrganization({ accounts: [account('111111111111', 'A', ['R'])] });
    const before = w.config();
    const refused = await sync(rt, { prune: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).exitCode).toBe(2);
    expect((refused as AppError).message).toContain('--prune would remove 2 of the 3 profiles');
    expect(w.config()).toBe(before);
    const pruned = await sync(rt, { prune: true, yes: true });
    expect(pruned.plan.prune.map((p) => p.name).sort()).toEqual(['myorg-b-R', 'myorg-c-R']);
  });

  it('checks its input before it reads anything', async () => {
    const { rt } = await setUp();
    await expect(sync(rt, { roles: ['R'], allRoles: true })).rejects.toThrow(
      'use either --role or --all-roles',
    );
    await expect(sync(rt, { region: 'Europe' })).rejects.toThrow('is not an AWS region name');
    expect(rt.notices).toEqual([]);
  });

  it('asks for a sign-in, naming the session, when its token is missing, and asks the portal nothing', async () => {
    const { w, rt } = await setUp();
    writeFileSync(
      w.configPath,
      `${readFileSync(w.configPath, 'utf8')}\n[sso-session other]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\n`,
    );
    w.emulator.resetStats();
    const error = (await sync(rt, { ssoSession: 'other' }).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('TOKEN_MISSING');
    expect(error.exitCode).toBe(3);
    expect(error.hint).toContain('aws-org-profiles login --sso-session other');
    expect(w.emulator.stats().totalRequests).toBe(0);
    expect(existsSync(join(w.home, '.local', 'state', 'aws-org-profiles', 'syncs.json'))).toBe(false);
  });
});
