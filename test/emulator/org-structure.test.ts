import { describe, expect, it } from 'vitest';
import {
  DEFAULT_READER_ROLES,
  demoOrganization,
  generateOrganization,
  IdentityCenterEmulator,
  parseOrganization,
  type Organization,
} from '../../src/emulator/index.js';

function depthOf(org: Organization): (id: string) => number {
  const byId = new Map(org.structure!.units.map((u) => [u.id, u]));
  const depth = (id: string): number =>
    id === org.structure!.rootId ? 0 : 1 + depth(byId.get(id)!.parentId);
  return depth;
}

describe('generateOrganization with units', () => {
  it('keeps the accounts of the same seed without units, and gives none a structure then', () => {
    const plain = generateOrganization({ accounts: 300, seed: 7, oddNames: true });
    const withUnits = generateOrganization({ accounts: 300, seed: 7, oddNames: true, units: 40 });
    expect(plain.structure).toBeUndefined();
    expect(Object.keys(plain.accounts[5]!)).toEqual(['accountId', 'accountName', 'emailAddress', 'roles']);
    expect(withUnits.accounts.map((a) => [a.accountId, a.accountName, a.emailAddress])).toEqual(
      plain.accounts.map((a) => [a.accountId, a.accountName, a.emailAddress]),
    );
    expect(withUnits.accounts.slice(1).map((a) => a.roles)).toEqual(
      plain.accounts.slice(1).map((a) => a.roles),
    );
  });

  it('is deterministic per seed', () => {
    expect(generateOrganization({ accounts: 200, units: 50, seed: 3 })).toEqual(
      generateOrganization({ accounts: 200, units: 50, seed: 3 }),
    );
    expect(generateOrganization({ accounts: 200, units: 50, seed: 4 }).structure?.orgId).not.toBe(
      generateOrganization({ accounts: 200, units: 50, seed: 3 }).structure?.orgId,
    );
  });

  it('builds 1,000 OUs for 10,000 accounts, at most 5 deep', () => {
    // Not a speed target (the benchmark has those): a bound that only work growing with the
    // square of the accounts would cross, whatever else the machine is doing.
    const t0 = performance.now();
    const org = generateOrganization({ accounts: 10_000, units: 1000, seed: 9 });
    expect(performance.now() - t0).toBeLessThan(15_000);
    const { structure } = org;
    expect(structure!.units).toHaveLength(1000);
    expect(new Set(structure!.units.map((u) => u.id)).size).toBe(1000);
    for (const u of structure!.units) expect(u.id).toMatch(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/);
    const depth = depthOf(org);
    const depths = structure!.units.map((u) => depth(u.id));
    expect(Math.max(...depths)).toBe(5);
    expect(depths.filter((d) => d === 1).length).toBeLessThan(60);
    // Names are unique among siblings, as Organizations requires.
    const siblings = new Set(structure!.units.map((u) => `${u.parentId}/${u.name}`));
    expect(siblings.size).toBe(1000);
    // Accounts spread over the root and many OUs, most of them tagged, none over the quota.
    const parents = new Set(org.accounts.map((a) => a.parentId ?? structure!.rootId));
    expect(parents.size).toBeGreaterThan(300);
    expect(parents.has(structure!.rootId)).toBe(true);
    const untagged = org.accounts.filter((a) => !a.tags).length;
    expect(untagged).toBeGreaterThan(0);
    expect(untagged).toBeLessThan(2000);
    for (const a of org.accounts) expect(Object.keys(a.tags ?? {}).length).toBeLessThanOrEqual(50);
    expect(new Set(org.accounts.map((a) => a.tags?.env)).size).toBeGreaterThanOrEqual(5);
  });

  it('lays out a landing zone and places workloads by the environment in their name', () => {
    const org = generateOrganization({ accounts: 400, units: 60, seed: 5 });
    const s = org.structure!;
    const byId = new Map(s.units.map((u) => [u.id, u]));
    const pathOf = (id: string | undefined): string => {
      const names: string[] = [];
      for (let u = id ? byId.get(id) : undefined; u; u = byId.get(u.parentId)) names.unshift(u.name);
      return `/${names.join('/')}`;
    };
    expect(s.units.slice(0, 3).map((u) => u.name)).toEqual(['Security', 'Infrastructure', 'Workloads']);
    expect(org.accounts[0]!.parentId).toBeUndefined();
    expect(s.managementAccountId).toBe(org.accounts[0]!.accountId);
    expect(pathOf(org.accounts.find((a) => a.accountName === 'Log Archive')?.parentId)).toBe('/Security');
    const prod = org.accounts.filter((a) => /^workload-prod-/.test(a.accountName) && a.parentId);
    expect(prod.length).toBeGreaterThan(10);
    const inProd = prod.filter((a) => pathOf(a.parentId).startsWith('/Workloads/Prod'));
    expect(inProd.length / prod.length).toBeGreaterThan(0.8);
  });

  it('gives the management account a reader role, whatever its draw', () => {
    for (const rolesPerAccount of [0, 1, 3]) {
      const org = generateOrganization({ accounts: 5, rolesPerAccount, units: 3, seed: 12 });
      expect(org.accounts[0]!.roles.some((r) => DEFAULT_READER_ROLES.includes(r))).toBe(true);
    }
    const none = generateOrganization({ accounts: 20, units: 0 });
    expect(none.structure?.units).toEqual([]);
    expect(none.accounts.every((a) => a.parentId === undefined)).toBe(true);
  });

  it('refuses units outside 0..1000', () => {
    expect(() => generateOrganization({ accounts: 1, units: 1001 })).toThrow(RangeError);
    expect(() => generateOrganization({ accounts: 1, units: -1 })).toThrow(RangeError);
    expect(() => generateOrganization({ accounts: 1, units: 1.5 })).toThrow(RangeError);
  });

  it('starts an emulator on it', async () => {
    const emulator = await IdentityCenterEmulator.start({
      org: generateOrganization({ accounts: 50, units: 20, seed: 1 }),
    });
    await emulator.stop();
  });
});

describe('the demo organisation', () => {
  const demo = demoOrganization();
  const s = demo.structure!;
  const byId = new Map(s.units.map((u) => [u.id, u]));
  const pathOf = (id: string | undefined): string => {
    const names: string[] = [];
    for (let u = id ? byId.get(id) : undefined; u; u = byId.get(u.parentId)) names.unshift(u.name);
    return `/${names.join('/')}`;
  };
  const place = (name: string) => pathOf(demo.accounts.find((a) => a.accountName === name)?.parentId);

  it('keeps its 24 accounts, the management account at the root and Audit a delegated administrator', () => {
    expect(demo.accounts).toHaveLength(24);
    expect(s.managementAccountId).toBe('111111111111');
    expect(s.delegatedAdministrators).toEqual(['333333333333']);
    expect(place('Management')).toBe('/');
    expect(place('Audit')).toBe('/Security');
  });

  it('has nested OUs, a name that needs escaping, and production payments in /Workloads/Prod', () => {
    expect(place('Development')).toBe('/Workloads/NonProd/Dev');
    expect(place('Staging')).toBe('/Workloads/NonProd/Staging');
    expect(place('Machine Learning  Lab')).toBe('/R&D / Labs');
    expect(place('Legacy Archive')).toBe('/Suspended');
    const payments = demo.accounts.find((a) => a.accountName === 'Payments Prod')!;
    expect(pathOf(payments.parentId)).toBe('/Workloads/Prod');
    expect(payments.tags).toMatchObject({ env: 'prod', team: 'payments' });
    expect(demo.accounts.filter((a) => !a.tags).length).toBeGreaterThan(0);
  });
});

describe('the organisation file with a structure', () => {
  const structure = {
    orgId: 'o-abcdefghij',
    rootId: 'r-abcd',
    managementAccountId: '111122223333',
    units: [
      { id: 'ou-abcd-11111111', name: 'Workloads', parentId: 'r-abcd' },
      { id: 'ou-abcd-22222222', name: 'Prod', parentId: 'ou-abcd-11111111' },
    ],
    delegatedAdministrators: ['222233334444'],
  };
  const accounts = [
    { accountId: '111122223333', accountName: 'Management', roles: ['AdministratorAccess'] },
    {
      accountId: '222233334444',
      accountName: 'Payments',
      roles: ['ReadOnlyAccess'],
      parentId: 'ou-abcd-22222222',
      tags: { env: 'prod', team: 'payments' },
    },
  ];

  it('reads accounts with OUs and tags, and the structure', () => {
    const org = parseOrganization({ accounts, structure }, 'org.json');
    expect(org.structure).toEqual(structure);
    expect(org.accounts[1]).toMatchObject({
      parentId: 'ou-abcd-22222222',
      tags: { env: 'prod', team: 'payments' },
    });
    expect(org.accounts[0]!.parentId).toBeUndefined();
  });

  it('generates one with units', () => {
    const org = parseOrganization({ generate: { accounts: 30, units: 8, seed: 2 } }, 'gen.json');
    expect(org.structure?.units).toHaveLength(8);
    expect(() => parseOrganization({ generate: { accounts: 3, units: 5000 } }, 'gen.json')).toThrow(
      'gen.json: generate.units must be an integer from 0 to 1000',
    );
  });

  it.each([
    [{ accounts, structure: { ...structure, orgId: 'org-1' } }, /structure .*orgId/],
    [{ accounts, structure: { ...structure, extra: 1 } }, /structure\.extra is not a known field/],
    [
      {
        accounts,
        structure: {
          ...structure,
          units: [{ id: 'ou-abcd-11111111', name: 'A', parentId: 'ou-abcd-11111111' }],
        },
      },
      /loop/,
    ],
    [
      {
        accounts,
        structure: { ...structure, units: [{ id: 'ou-abcd-11111111', name: '', parentId: 'r-abcd' }] },
      },
      /units\[0\]\.name must be a non-empty string/,
    ],
    [
      { accounts: [{ ...accounts[0], parentId: 'ou-abcd-99999999' }], structure },
      /neither the root nor an OU/,
    ],
    [{ accounts: [{ ...accounts[0], tags: { env: 1 } }] }, /accounts\[0\]\.tags\.env must be a string/],
    [{ accounts: [{ ...accounts[0], tags: [] }] }, /accounts\[0\]\.tags must be an object/],
    [{ generate: { accounts: 1 }, structure }, /structure comes from "generate"/],
  ])('refuses a broken structure: %#', (doc, message) => {
    expect(() => parseOrganization(doc, 'org.json')).toThrow(message);
  });

  it('is refused by the emulator too when given directly, leaving the old organisation', async () => {
    const emulator = await IdentityCenterEmulator.start({ org: demoOrganization() });
    const broken = demoOrganization();
    broken.structure!.units.push({ id: 'ou-d3m0-orphan01', name: 'Orphan', parentId: 'ou-d3m0-nowhere1' });
    expect(() => emulator.setOrganization(broken)).toThrow(/neither the root nor an OU/);
    await emulator.stop();
  });
});
