import {
  ListAccountsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  demoOrganization,
  HOSTILE_MESSAGE,
  IdentityCenterEmulator,
  parseFaultSpec,
} from '../../src/emulator/index.js';
import { failure, orgClient } from './organizations-helpers.js';

const demo = demoOrganization();
let emulator: IdentityCenterEmulator;
let admin: OrganizationsClient;

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start({ org: demo });
  admin = await orgClient(emulator, '111111111111', 'AdministratorAccess');
});
afterAll(async () => {
  admin.destroy();
  await emulator.stop();
});
beforeEach(() => {
  emulator.setOptions({ orgRateLimit: undefined, rateLimit: undefined, orgFaults: {}, faults: [] });
  emulator.resetStats();
});

async function accounts(): Promise<{ Id?: string; Paths?: string[] }[]> {
  const out = await admin.send(new ListAccountsCommand({}));
  return [
    ...(out.Accounts ?? []),
    ...((await admin.send(new ListAccountsCommand({ NextToken: out.NextToken }))).Accounts ?? []),
  ];
}

describe('Organizations throttling', () => {
  it('answers HTTP 400 TooManyRequestsException from its own bucket, the portal untouched', async () => {
    emulator.setOptions({ orgRateLimit: { rate: 0, burst: 1 } });
    await admin.send(new ListRootsCommand({}));
    const throttled = await failure(admin.send(new ListRootsCommand({})));
    expect(throttled).toMatchObject({ name: 'TooManyRequestsException', status: 400 });
    expect(throttled.message).toContain("AWS Organizations can't complete your request");
    // The portal's bucket is another one: it still hands out credentials.
    const other = await orgClient(emulator, '333333333333', 'SecurityAudit');
    other.destroy();
    expect(emulator.stats()).toMatchObject({ throttled: 1 });
    expect(emulator.requests().at(-2)).toMatchObject({ operation: 'Organizations.ListRoots', status: 400 });
  });

  it('sends the Type and Message of the model', async () => {
    emulator.setOptions({ orgRateLimit: { rate: 0, burst: 0 } });
    expect(await failure(admin.send(new ListRootsCommand({})))).toMatchObject({
      name: 'TooManyRequestsException',
      status: 400,
    });
    // Throttled on arrival, before the signature is even read.
    const res = await fetch(emulator.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSOrganizationsV20161128.ListRoots' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      __type: 'TooManyRequestsException',
      Type: 'Throttling',
      Message:
        "AWS Organizations can't complete your request because another request is already in progress. Try again later.",
    });
  });
});

describe('fault rules on Organizations operations', () => {
  it('accepts Organizations.<Op> names in rules and in specs', () => {
    expect(parseFaultSpec('hostile-error:Organizations.ListAccounts@0.5')).toEqual({
      mode: 'hostile-error',
      operations: ['Organizations.ListAccounts'],
      rate: 0.5,
    });
    expect(() =>
      emulator.setOptions({ faults: [{ mode: 'stall', operations: ['Organizations.Nope'] }] }),
    ).toThrow(RangeError);
  });

  it('answers an org-shaped hostile error, only to the operation named', async () => {
    emulator.setOptions({ faults: [{ mode: 'hostile-error', operations: ['Organizations.ListAccounts'] }] });
    expect(await failure(admin.send(new ListAccountsCommand({})))).toEqual({
      name: 'AccessDeniedException',
      status: 400,
      message: HOSTILE_MESSAGE,
    });
    expect((await admin.send(new ListRootsCommand({}))).Roots).toHaveLength(1);
    expect(emulator.stats().faults).toBe(1);
  });

  it('leaves the portal’s ListAccounts alone when the rule names Organizations.ListAccounts, and the other way round', async () => {
    emulator.setOptions({ faults: [{ mode: 'json-object', operations: ['ListAccounts'] }] });
    expect((await admin.send(new ListAccountsCommand({ MaxResults: 1 }))).Accounts).toHaveLength(1);
    emulator.setOptions({ faults: [{ mode: 'json-object', operations: ['Organizations.ListAccounts'] }] });
    const out = await admin.send(new ListAccountsCommand({}));
    expect(out.Accounts).toBeUndefined();
  });

  it('repeats or cycles NextToken so a listing never ends', async () => {
    emulator.setOptions({ faults: [{ mode: 'repeat-token', operations: ['Organizations.ListAccounts'] }] });
    const first = await admin.send(new ListAccountsCommand({}));
    const again = await admin.send(new ListAccountsCommand({ NextToken: first.NextToken }));
    expect(again.NextToken).toBe(first.NextToken);
    emulator.setOptions({ faults: [{ mode: 'cycle-tokens', operations: ['Organizations.ListRoots'] }] });
    const a = await admin.send(new ListRootsCommand({}));
    const b = await admin.send(new ListRootsCommand({ NextToken: a.NextToken }));
    const c = await admin.send(new ListRootsCommand({ NextToken: b.NextToken }));
    expect(b.NextToken).not.toBe(a.NextToken);
    expect(c.NextToken).toBe(a.NextToken);
  });

  it('breaks fields: ids as numbers, ids missing, a name with a forged section', async () => {
    emulator.setOptions({
      faults: [{ mode: 'missing-fields', operations: ['Organizations.ListOrganizationalUnitsForParent'] }],
    });
    const missing = await admin.send(new ListOrganizationalUnitsForParentCommand({ ParentId: 'r-d3m0' }));
    for (const unit of missing.OrganizationalUnits ?? []) expect(unit.Id).toBeUndefined();
    emulator.setOptions({
      faults: [{ mode: 'hostile-values', operations: ['Organizations.ListOrganizationalUnitsForParent'] }],
    });
    const hostile = await admin.send(new ListOrganizationalUnitsForParentCommand({ ParentId: 'r-d3m0' }));
    expect(hostile.OrganizationalUnits?.[0]?.Name).toBe('Security\n[profile evil]');
  });

  it('stalls an Organizations call, logged on arrival with status 0', async () => {
    emulator.setOptions({ faults: [{ mode: 'stall', operations: ['Organizations.ListRoots'] }] });
    const controller = new AbortController();
    const pending = admin.send(new ListRootsCommand({}), { abortSignal: controller.signal });
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(emulator.requests().at(-1)).toMatchObject({ operation: 'Organizations.ListRoots', status: 0 });
  });
});

describe('Organizations data faults', () => {
  it('omitPaths: ListAccounts without Paths, as the older API', async () => {
    emulator.setOptions({ orgFaults: { omitPaths: true } });
    for (const a of await accounts()) expect(a.Paths).toBeUndefined();
  });

  it('unknownPathUnit: some Paths name an OU that no listing returns', async () => {
    emulator.setOptions({ orgFaults: { unknownPathUnit: true } });
    const listed = new Set(demo.structure!.units.map((u) => u.id));
    const named = (await accounts()).flatMap((a) =>
      a.Paths![0]!.split('/').filter((s) => s.startsWith('ou-')),
    );
    const unknown = named.filter((id) => !listed.has(id));
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown.length).toBeLessThan(named.length);
    expect(
      await failure(admin.send(new ListOrganizationalUnitsForParentCommand({ ParentId: unknown[0] }))),
    ).toMatchObject({ name: 'ParentNotFoundException' });
  });

  it('loopUnits: the deepest OUs list their top-level OU as a child', async () => {
    emulator.setOptions({ orgFaults: { loopUnits: true } });
    const dev = await admin.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: 'ou-d3m0-dev00001' }),
    );
    expect(dev.OrganizationalUnits?.map((u) => u.Id)).toEqual(['ou-d3m0-workload']);
    // A shallower OU is listed as it is.
    const prod = await admin.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: 'ou-d3m0-prod0001' }),
    );
    expect(prod.OrganizationalUnits).toEqual([]);
  });

  it('denyAfterCalls: access removed halfway through', async () => {
    emulator.setOptions({ orgFaults: { denyAfterCalls: 2 } });
    await admin.send(new ListRootsCommand({}));
    await admin.send(new ListAccountsCommand({}));
    expect(await failure(admin.send(new ListRootsCommand({})))).toMatchObject({
      name: 'AccessDeniedException',
      status: 400,
    });
    // Setting the faults again starts the count again.
    emulator.setOptions({ orgFaults: {} });
    expect((await admin.send(new ListRootsCommand({}))).Roots).toHaveLength(1);
  });

  it('refuses unknown or mistyped data faults, changing nothing', async () => {
    expect(() => emulator.setOptions({ orgFaults: { nope: true } as never })).toThrow(RangeError);
    expect(() => emulator.setOptions({ orgFaults: { denyAfterCalls: -1 } })).toThrow(RangeError);
    expect(() => emulator.setOptions({ orgFaults: { omitPaths: 'yes' } as never, pageSize: 3 })).toThrow(
      RangeError,
    );
    expect((await accounts())[0]?.Paths).toHaveLength(1);
  });
});
