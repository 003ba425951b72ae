/**
 * `sync` and the organisation's structure, in process, against the emulator's AWS Organizations
 * over real HTTP: the call plan and its counts, finding the reader, the org cache, the line said
 * when the structure cannot be read, and every fault a broken or hostile Organizations may show.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sync, type SyncInput, type SyncResult } from '../../src/app/sync.js';
import { AppError } from '../../src/core/errors.js';
import { placesOf } from '../../src/core/org.js';
import type {
  EmulatorAccount,
  EmulatorOptions,
  Organization,
  OrgStructure,
} from '../../src/emulator/index.js';
import { orgCachePath, readOrgSnapshot } from '../../src/state/org-cache.js';
import { orgReadersPath, rememberedReader } from '../../src/state/org-reader-memory.js';
import { pointSdkAt, testRuntime, type TestRuntime } from '../support/runtime.js';
import { account, START_URL, World } from '../support/world.js';

let world: World | undefined;
let restore: (() => void) | undefined;
afterEach(async () => {
  restore?.();
  await world?.close();
  world = undefined;
});

const ROOT = 'r-ab12';
const WORKLOADS = 'ou-ab12-aaaaaaaa';
const PROD = 'ou-ab12-bbbbbbbb';
const DEV = 'ou-ab12-cccccccc';
const SECURITY = 'ou-ab12-dddddddd';
const EMPTY = 'ou-ab12-eeeeeeee';
const MGMT = '111111111111';
const AUDIT = '222222222222';
const APP = '333333333333';
const DEVAPP = '444444444444';
const SANDBOX = '555555555555';

function structure(over: Partial<OrgStructure> = {}): OrgStructure {
  return {
    orgId: 'o-abcdefghij',
    rootId: ROOT,
    managementAccountId: MGMT,
    units: [
      { id: WORKLOADS, name: 'Workloads', parentId: ROOT },
      { id: PROD, name: 'Prod', parentId: WORKLOADS },
      { id: DEV, name: 'Dev', parentId: WORKLOADS },
      { id: SECURITY, name: 'Security', parentId: ROOT },
      { id: EMPTY, name: 'Empty', parentId: ROOT },
    ],
    ...over,
  };
}

function organization(
  over: Partial<OrgStructure> = {},
  mgmtRoles = ['AdministratorAccess', 'ReadOnlyAccess'],
): Organization & { accounts: EmulatorAccount[] } {
  const accounts: EmulatorAccount[] = [
    { ...account(MGMT, 'Management', mgmtRoles) },
    {
      ...account(AUDIT, 'Audit', ['SecurityAudit', 'Developer']),
      parentId: SECURITY,
      tags: { team: 'sec' },
    },
    {
      ...account(APP, 'prod-app', ['Developer', 'ReadOnlyAccess']),
      parentId: PROD,
      tags: { env: 'prod', owner: 'pay' },
    },
    { ...account(DEVAPP, 'dev-app', ['Developer']), parentId: DEV, tags: { env: 'dev' } },
    { ...account(SANDBOX, 'Sandbox', ['Developer']) },
  ];
  return { accounts, structure: structure(over) };
}

async function setUp(
  org: Organization = organization(),
  options: Omit<EmulatorOptions, 'org'> & { config?: string } = {},
) {
  const w = await World.create(org, options);
  world = w;
  w.signIn();
  restore = pointSdkAt(w.emulator.url);
  return { w, rt: testRuntime({ HOME: w.home }) };
}

/** The Organizations calls the emulator answered, by operation. */
function orgCalls(w: World): Record<string, number> {
  const ops = Object.entries(w.emulator.stats().byOperation)
    .filter(([op]) => op.startsWith('Organizations.'))
    .map(([op, n]) => [op.slice('Organizations.'.length), n] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries(ops);
}

const credentialCalls = (w: World) => w.emulator.stats().byOperation.GetRoleCredentials ?? 0;
const warnings = (rt: TestRuntime) => rt.notices.flatMap((n) => (n.kind === 'warning' ? [n.text] : []));

/** What the same sync makes without Organizations: the profiles of the portal alone. */
async function portalOnly(w: World, input: SyncInput = {}): Promise<string[]> {
  const other = await World.create({
    accounts: organization().accounts.map(({ parentId: _p, tags: _t, ...a }) => a),
  });
  try {
    other.signIn();
    const undo = pointSdkAt(other.emulator.url);
    try {
      const result = await sync(testRuntime({ HOME: other.home }), { ...input, dryRun: true });
      return result.plan.create.map((p) => p.name).sort();
    } finally {
      undo();
      pointSdkAt(w.emulator.url);
    }
  } finally {
    await other.close();
  }
}

const names = (r: SyncResult) =>
  [...r.plan.create, ...r.plan.update.map((u) => u.profile), ...r.plan.unchanged].map((p) => p.name).sort();

describe('sync reads the organisation', () => {
  it('with the fewest calls: leaf OUs and OUs without accounts never listed, tags for the reachable accounts', async () => {
    const { w, rt } = await setUp();
    const result = await sync(rt, {});
    expect(warnings(rt)).toEqual([]);
    const calls = {
      DescribeOrganization: 1,
      ListAccounts: 1,
      ListOrganizationalUnitsForParent: 2,
      ListRoots: 1,
      ListTagsForResource: 5,
    };
    expect(orgCalls(w)).toEqual(calls);
    expect(result.organization.calls).toEqual(calls);
    const listed = w.emulator
      .requests()
      .filter((r) => r.operation === 'Organizations.ListOrganizationalUnitsForParent')
      .map((r) => r.query.ParentId)
      .sort();
    expect(listed).toEqual([WORKLOADS, ROOT].sort());
    // One role's credentials: the read-only role of the management account asks and reads.
    expect(credentialCalls(w)).toBe(1);
    const snapshot = result.organization.snapshot!;
    expect(snapshot.reader).toEqual({ accountId: MGMT, role: 'ReadOnlyAccess' });
    expect(result.organization).toMatchObject({ source: 'read', accountsPlaced: 5 });
    const places = placesOf(snapshot);
    expect(places.get(APP)).toEqual({
      ouPath: '/Workloads/Prod',
      ouNames: ['Workloads', 'Prod'],
      tags: { env: 'prod', owner: 'pay' },
    });
    expect(places.get(SANDBOX)).toEqual({ ouPath: '/', ouNames: [], tags: {} });
    expect(places.get(AUDIT)?.ouPath).toBe('/Security');
    expect(Object.keys(snapshot.units).sort()).toEqual([DEV, PROD, SECURITY, WORKLOADS].sort());
    expect(readOrgSnapshot(rt.env, START_URL)).toEqual(snapshot);
    const debug = rt.notices.flatMap((n) =>
      n.kind === 'debug' && n.text.startsWith('organizations:') ? [n.text] : [],
    );
    expect(debug).toEqual([
      'organizations: read; calls: DescribeOrganization 1, ListAccounts 1, ListOrganizationalUnitsForParent 2, ListRoots 1, ListTagsForResource 5',
    ]);
  });

  it('walks the tree from the root where ListAccounts gives no Paths, to the same places', async () => {
    const { w, rt } = await setUp(organization(), { orgFaults: { omitPaths: true } });
    const result = await sync(rt, {});
    expect(warnings(rt)).toEqual([]);
    const calls = orgCalls(w);
    // Root, Workloads, Prod, Dev, Security, Empty: each listed for its OUs and its accounts.
    expect(calls.ListOrganizationalUnitsForParent).toBe(6);
    expect(calls.ListAccountsForParent).toBe(6);
    expect(placesOf(result.organization.snapshot!).get(APP)?.ouPath).toBe('/Workloads/Prod');
    expect(placesOf(result.organization.snapshot!).get(SANDBOX)?.ouPath).toBe('/');
  });

  it('keeps OU names with slashes, line breaks, controls and bidi as data, escaped in the path', async () => {
    const units = structure().units.map((u) =>
      u.id === WORKLOADS
        ? { ...u, name: 'Work/loads\n[profile evil]' }
        : u.id === PROD
          ? { ...u, name: 'P\u001b[2J\u202erod' }
          : u,
    );
    const { rt } = await setUp(organization({ units }));
    const result = await sync(rt, {});
    const place = placesOf(result.organization.snapshot!).get(APP)!;
    expect(place.ouNames).toEqual(['Work/loads\n[profile evil]', 'P\u001b[2J\u202erod']);
    expect(place.ouPath).toBe('/Work%2Floads%0A[profile evil]/P%1B[2J%E2%80%AErod');
  });

  it('reads 500 OUs at one level page by page', async () => {
    const units = Array.from({ length: 500 }, (_, i) => ({
      id: `ou-ab12-${String(i).padStart(8, '0')}`,
      name: `Unit ${i}`,
      parentId: ROOT,
    }));
    const base = organization();
    const org: Organization = {
      accounts: base.accounts.map((a, i) => ({ ...a, parentId: units[i * 97]!.id })),
      structure: structure({ units }),
    };
    const { w, rt } = await setUp(org);
    const result = await sync(rt, {});
    expect(warnings(rt)).toEqual([]);
    expect(orgCalls(w).ListOrganizationalUnitsForParent).toBe(25);
    expect(placesOf(result.organization.snapshot!).get(APP)?.ouPath).toBe('/Unit 194');
  });
});

describe('finding the reader', () => {
  it('tries a delegated administrator when the management account offers no role', async () => {
    const { w, rt } = await setUp(organization({ delegatedAdministrators: [AUDIT] }, []));
    const result = await sync(rt, {});
    expect(warnings(rt)).toEqual([]);
    expect(result.organization.snapshot?.reader).toEqual({ accountId: AUDIT, role: 'SecurityAudit' });
    expect(orgCalls(w).DescribeOrganization).toBe(1);
  });

  it('uses the remembered reader first, and forgets it once it is denied', async () => {
    const { w, rt } = await setUp();
    await sync(rt, {});
    expect(rememberedReader(rt.env, START_URL, 'myorg')).toEqual({ accountId: MGMT, role: 'ReadOnlyAccess' });
    expect(statSync(orgReadersPath(rt.env)).mode & 0o777).toBe(0o600);

    w.emulator.resetStats();
    await sync(rt, { refreshOrg: true });
    // The remembered role reads at once: no search, no DescribeOrganization (the root's ARN names the organization).
    expect(credentialCalls(w)).toBe(1);
    expect(orgCalls(w).DescribeOrganization).toBeUndefined();

    // Now only AdministratorAccess may read: the remembered role is denied and another is found.
    w.emulator.setOrganization(organization({ readerRoles: ['AdministratorAccess'] }));
    const moved = await sync(rt, { refreshOrg: true });
    expect(moved.organization.snapshot?.reader).toEqual({ accountId: MGMT, role: 'AdministratorAccess' });
    expect(rememberedReader(rt.env, START_URL, 'myorg')).toEqual({
      accountId: MGMT,
      role: 'AdministratorAccess',
    });

    // No role may read any more: the remembered one is forgotten; the cached structure stays in use.
    w.emulator.setOrganization(organization({ readerRoles: [] }));
    const denied = await sync(rt, { refreshOrg: true });
    expect(rememberedReader(rt.env, START_URL, 'myorg')).toBeUndefined();
    expect(denied.organization).toMatchObject({ source: 'cache', snapshot: moved.organization.snapshot });
    expect(warnings(rt)).toHaveLength(1);
    expect(warnings(rt)[0]).toContain(`read at ${moved.organization.snapshot!.readAt}`);
  });

  it('reads through the profile named with --org-profile, and refuses one that is not of the session', async () => {
    const config =
      `[sso-session myorg]\nsso_start_url = ${START_URL}\nsso_region = eu-central-1\nsso_registration_scopes = sso:account:access\n` +
      `[profile auditor]\nsso_session = myorg\nsso_account_id = ${AUDIT}\nsso_role_name = SecurityAudit\n` +
      `[profile plain]\nregion = eu-west-1\n` +
      `[profile elsewhere]\nsso_session = other\nsso_account_id = ${AUDIT}\nsso_role_name = SecurityAudit\n`;
    const { w, rt } = await setUp(organization({ delegatedAdministrators: [AUDIT] }), { config });
    for (const name of ['nope', 'plain', 'elsewhere']) {
      const error = (await sync(rt, { orgProfile: name }).catch((e: unknown) => e)) as AppError;
      expect(error).toBeInstanceOf(AppError);
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain(`--org-profile "${name}"`);
    }
    expect(w.emulator.stats().totalRequests).toBe(0);
    const result = await sync(rt, { orgProfile: 'auditor' });
    expect(result.organization.snapshot?.reader).toEqual({
      accountId: AUDIT,
      role: 'SecurityAudit',
      profile: 'auditor',
    });
    expect(credentialCalls(w)).toBe(1);
    expect(orgCalls(w).DescribeOrganization).toBeUndefined();
  });

  it('makes no Organizations call with --no-org, and says nothing', async () => {
    const { w, rt } = await setUp();
    const result = await sync(rt, { noOrg: true });
    expect(orgCalls(w)).toEqual({});
    expect(credentialCalls(w)).toBe(0);
    expect(warnings(rt)).toEqual([]);
    const { durationMs, ...organization } = result.organization;
    expect(organization).toEqual({ calls: {}, reason: '--no-org', accountsPlaced: 0 });
    expect(durationMs).toBeGreaterThanOrEqual(0);
    await expect(sync(rt, { noOrg: true, refreshOrg: true })).rejects.toThrow(
      'use either --no-org or --refresh-org',
    );
  });
});

describe('the org cache', () => {
  it('serves a second sync within its lifetime without a call, and is 0600, written by rename', async () => {
    const { w, rt } = await setUp();
    await sync(rt, {});
    const file = orgCachePath(rt.env, START_URL);
    const first = statSync(file);
    expect(first.mode & 0o777).toBe(0o600);
    w.emulator.resetStats();
    const again = await sync(rt, {});
    expect(orgCalls(w)).toEqual({});
    expect(credentialCalls(w)).toBe(0);
    expect(again.organization).toMatchObject({ source: 'cache', calls: {}, accountsPlaced: 5 });

    await sync(rt, { refreshOrg: true });
    expect(orgCalls(w).ListTagsForResource).toBe(5);
    const second = statSync(file);
    expect(second.ino).not.toBe(first.ino);
    expect(second.mode & 0o777).toBe(0o600);
    expect(readdirSync(dirname(file)).filter((f) => f.startsWith(`${file.split('/').pop()!}.`))).toEqual([]);
  });

  it('reads the structure again for a new account, but the tags of that account only', async () => {
    const { w, rt } = await setUp();
    await sync(rt, {});
    const org = organization();
    const added = {
      ...account('666666666666', 'new-app', ['Developer']),
      parentId: DEV,
      tags: { env: 'new' },
    };
    w.emulator.setOrganization({ ...org, accounts: [...org.accounts, added] });
    w.emulator.resetStats();
    const result = await sync(rt, {});
    expect(orgCalls(w)).toMatchObject({
      ListAccounts: 1,
      ListOrganizationalUnitsForParent: 2,
      ListTagsForResource: 1,
    });
    const places = placesOf(result.organization.snapshot!);
    expect(places.get('666666666666')).toMatchObject({ ouPath: '/Workloads/Dev', tags: { env: 'new' } });
    expect(places.get(APP)?.tags).toEqual({ env: 'prod', owner: 'pay' });
  });

  it('reads everything again once it is old, and when its file is corrupt', async () => {
    const { w, rt } = await setUp();
    await sync(rt, {});
    w.emulator.resetStats();
    const file = orgCachePath(rt.env, START_URL);
    const cached = JSON.parse(readFileSync(file, 'utf8')) as { readAt: string };
    cached.readAt = new Date(Date.now() - 25 * 3600_000).toISOString();
    writeFileSync(file, JSON.stringify(cached));
    await sync(rt, {});
    expect(orgCalls(w).ListTagsForResource).toBe(5);

    for (const junk of [
      '{',
      '[]',
      JSON.stringify({ version: 1, startUrl: START_URL, rootId: ROOT, readAt: 'x', units: {}, accounts: {} }),
    ]) {
      writeFileSync(orgCachePath(rt.env, START_URL), junk);
      w.emulator.resetStats();
      const result = await sync(rt, {});
      expect(orgCalls(w).ListTagsForResource).toBe(5);
      expect(result.organization.source).toBe('read');
    }
    const lifetime = { ...rt, env: { ...rt.env, AWS_ORG_PROFILES_ORG_MAX_AGE: '0' } };
    w.emulator.resetStats();
    await sync(lifetime, {});
    expect(orgCalls(w).ListTagsForResource).toBe(5);
    await expect(
      sync({ ...rt, env: { ...rt.env, AWS_ORG_PROFILES_ORG_MAX_AGE: 'a day' } }, {}),
    ).rejects.toThrow('AWS_ORG_PROFILES_ORG_MAX_AGE="a day" is not a number of seconds');
  });
});

describe('without the structure', () => {
  it('says what is missing in exactly one line, and makes the profiles the portal alone makes', async () => {
    const { w, rt } = await setUp(organization({ readerRoles: [] }));
    const result = await sync(rt, {});
    expect(warnings(rt)).toHaveLength(1);
    const line = warnings(rt)[0]!;
    expect(line).not.toContain('\n');
    for (const part of [
      `management account ${MGMT} (Management)`,
      'AWSOrganizationsReadOnlyAccess',
      'organizations:List*',
      'delegated administrator',
      '--org-profile',
      '--no-org',
    ]) {
      expect(line).toContain(part);
    }
    expect(result.organization.snapshot).toBeUndefined();
    expect(result.organization.reason).toMatch(/no role of sso-session myorg may read AWS Organizations/);
    expect(names(result)).toEqual(await portalOnly(w));
    expect(readOrgSnapshot(rt.env, START_URL)).toBeUndefined();
    // No more than the few attempts it allows itself.
    expect(credentialCalls(w)).toBeLessThanOrEqual(8);
  });

  it('gives up soon on an Organizations endpoint that does not answer, and keeps the profiles', async () => {
    const { w, rt } = await setUp();
    // A port nothing listens on: every call fails at once, as a blocked or unresolvable endpoint would.
    const closed = 'http://127.0.0.1:9';
    const before = process.env.AWS_ENDPOINT_URL_ORGANIZATIONS;
    process.env.AWS_ENDPOINT_URL_ORGANIZATIONS = closed;
    try {
      const result = await sync(rt, {});
      expect(result.organization.snapshot).toBeUndefined();
      expect(result.organization.reason).toMatch(/failed after 3 attempts/);
      expect(warnings(rt)).toHaveLength(1);
      expect(names(result)).toEqual(await portalOnly(w));
    } finally {
      if (before === undefined) delete process.env.AWS_ENDPOINT_URL_ORGANIZATIONS;
      else process.env.AWS_ENDPOINT_URL_ORGANIZATIONS = before;
    }
  });

  it('is quiet for accounts in no organisation', async () => {
    const { accounts } = organization();
    const { w, rt } = await setUp({ accounts: accounts.map(({ parentId: _p, tags: _t, ...a }) => a) });
    const result = await sync(rt, {});
    expect(warnings(rt)).toEqual([]);
    expect(result.organization.reason).toBe('the accounts are in no AWS organization');
    expect(orgCalls(w)).toEqual({ DescribeOrganization: 1 });
  });
});

describe('a broken or hostile Organizations', () => {
  async function broken(options: Omit<EmulatorOptions, 'org'>, env: Record<string, string> = {}) {
    const { w, rt } = await setUp(organization(), options);
    const run = { ...rt, env: { ...rt.env, ...env } };
    const result = await sync(run, {});
    return { w, rt: run, result };
  }

  const discarded = async (w: World, rt: TestRuntime, result: SyncResult, reason: RegExp) => {
    expect(result.organization.snapshot).toBeUndefined();
    expect(result.organization.reason).toMatch(reason);
    expect(warnings(rt)).toHaveLength(1);
    expect(readOrgSnapshot(rt.env, START_URL)).toBeUndefined();
    expect(names(result)).toEqual(await portalOnly(w));
  };

  it('discards a read whose paths name an OU no listing has', async () => {
    const { w, rt, result } = await broken({ orgFaults: { unknownPathUnit: true } });
    await discarded(w, rt, result, /two different parents|not among the children/);
  });

  it('never meets a loop in OUs it does not list, and discards a tree walk that loops', async () => {
    const fine = await broken({ orgFaults: { loopUnits: true } });
    expect(fine.result.organization.source).toBe('read');
    await fine.w.close();
    world = undefined;
    const { w, rt, result } = await broken({ orgFaults: { loopUnits: true, omitPaths: true } });
    await discarded(w, rt, result, /loops/);
  });

  it('discards a read denied halfway, forgets the reader, and keeps the last complete cache', async () => {
    const { w, rt } = await setUp();
    const good = await sync(rt, {});
    w.emulator.setOptions({ orgFaults: { denyAfterCalls: 4 } });
    const result = await sync(rt, { refreshOrg: true });
    expect(result.organization).toMatchObject({ source: 'cache', snapshot: good.organization.snapshot });
    expect(result.organization.reason).toMatch(/AccessDenied/);
    expect(warnings(rt)).toHaveLength(1);
    expect(rememberedReader(rt.env, START_URL, 'myorg')).toBeUndefined();
    expect(readOrgSnapshot(rt.env, START_URL)).toEqual(good.organization.snapshot);
  });

  it('paces through Organizations throttling (HTTP 400 TooManyRequestsException) and completes', async () => {
    const { w, rt, result } = await broken({
      orgRateLimit: { rate: 20, burst: 3 },
      faults: [{ mode: 'bare-throttle', operations: ['Organizations.ListTagsForResource'], rate: 0.3 }],
    });
    expect(w.emulator.stats().throttled).toBeGreaterThan(0);
    expect(warnings(rt)).toEqual([]);
    expect(result.organization.source).toBe('read');
    const sent = Object.values(result.organization.calls).reduce((a, b) => a + b, 0);
    expect(sent).toBe(Object.values(orgCalls(w)).reduce((a, b) => a + b, 0));
    expect(sent).toBeGreaterThan(10);
  });

  it('gives up on a throttling storm that outlasts the retries, with the portal’s profiles', async () => {
    const { w, rt, result } = await broken({
      faults: [{ mode: 'bare-throttle', operations: ['Organizations.ListAccounts'] }],
    });
    await discarded(w, rt, result, /ListAccounts failed after \d+ attempts/);
  }, 60_000);

  it('discards a malformed answer', async () => {
    const { w, rt, result } = await broken({
      faults: [{ mode: 'json-object', operations: ['Organizations.ListAccounts'] }],
    });
    await discarded(w, rt, result, /malformed/);
  });
});

describe('names and keys from the structure', () => {
  it('writes sso_account_ou and fills {ouPath} from the structure it read', async () => {
    const { w, rt } = await setUp();
    const result = await sync(rt, { nameTemplate: '{ouPath}-{account}-{role}' });
    expect(names(result)).toContain('workloads-prod-prod-app-Developer');
    expect(w.config()).toContain('sso_account_ou = /Workloads/Prod');
  });

  it('refuses a template that needs the structure when it is unknown, and writes nothing', async () => {
    const { w, rt } = await setUp(organization({ readerRoles: [] }));
    const before = w.config();
    const error = (await sync(rt, { nameTemplate: '{ou}-{account}-{role}' }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("needs the organisation's structure, which is unknown");
    expect(w.config()).toBe(before);
    // With --no-org and nothing cached: refused before any call.
    w.emulator.resetStats();
    await expect(sync(rt, { noOrg: true, nameTemplate: '{tag:env}-{account}' })).rejects.toThrow(
      'is not cached',
    );
    expect(w.emulator.stats().totalRequests).toBe(0);
  });

  it('writes only the accounts --ou and --tag select, and refuses them while the structure is unknown', async () => {
    const { w, rt } = await setUp();
    const prod = await sync(rt, { ous: ['/workloads/*'], tags: ['env=prod'], dryRun: true });
    expect(names(prod)).toEqual(['myorg-prod-app-Developer', 'myorg-prod-app-ReadOnlyAccess']);
    const underRoot = await sync(rt, { ous: ['/'], dryRun: true });
    expect(names(underRoot).every((n) => /-(management|sandbox)-/.test(n))).toBe(true);
    expect(names(underRoot).length).toBeGreaterThan(1);
    const tagged = await sync(rt, { tags: ['team'], dryRun: true });
    expect(names(tagged)).toEqual(['myorg-audit-Developer', 'myorg-audit-SecurityAudit']);

    const denied = await setUp(organization({ readerRoles: [] }));
    const before = denied.w.config();
    const error = (await sync(denied.rt, { ous: ['/Workloads/*'] }).catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(
      "--ou and --tag select by the organisation's structure, which is unknown",
    );
    expect(denied.w.config()).toBe(before);
    await w.close();
  });
});
