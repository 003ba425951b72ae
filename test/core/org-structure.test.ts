/**
 * Checking a read of the organisation's structure: paths, OU names, the tree walk, the cached
 * snapshot, when to read again, and which roles to try as the reader.
 */
import { TooManyRequestsException } from '@aws-sdk/client-organizations';
import { describe, expect, it } from 'vitest';
import { placesOf, type OrgSnapshot } from '../../src/core/org.js';
import { orgRefresh, parseLifetime } from '../../src/core/org-refresh.js';
import { describeCandidates, readerCandidates, readOnlyRank } from '../../src/core/org-reader-choice.js';
import {
  assembleSnapshot,
  InconsistentOrgError,
  nameUnits,
  parseAccountPath,
  parseOrgSnapshot,
  parseRootArn,
  placeByPaths,
  TreeWalk,
} from '../../src/core/org-structure.js';
import { classifyFailure } from '../../src/sso/failures.js';

const root = { orgId: 'o-abcdefghij', rootId: 'r-ab12' };
const OU1 = 'ou-ab12-11111111';
const OU2 = 'ou-ab12-22222222';
const OU3 = 'ou-ab12-33333333';
const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const path = (...ids: string[]) => `o-abcdefghij/r-ab12/${ids.join('/')}/`;

describe('account paths', () => {
  it('reads the OU ids root first, and refuses anything that is not this organisation’s path', () => {
    expect(parseAccountPath(root, A, path(OU1, OU2, A))).toEqual([OU1, OU2]);
    expect(parseAccountPath(root, A, path(A))).toEqual([]);
    expect(parseAccountPath(root, A, `o-abcdefghij/r-ab12/${A}`)).toEqual([]);
    const bad = [
      `o-zzzzzzzzzz/r-ab12/${A}/`,
      `o-abcdefghij/r-zz99/${A}/`,
      path(OU1, B),
      path('ou-x', A),
      path('r-ab12', A),
      path(OU1, OU2, OU1, A),
      path(OU1, OU2, OU3, 'ou-ab12-44444444', 'ou-ab12-55555555', 'ou-ab12-66666666', A),
      '',
      `o-abcdefghij/r-ab12/${OU1}\n/${A}/`,
    ];
    for (const p of bad) expect(() => parseAccountPath(root, A, p), p).toThrow(InconsistentOrgError);
  });

  it('lists only the parents that have an OU child on a path: leaf OUs never', () => {
    const placed = placeByPaths(root, [
      { id: A, paths: [path(OU1, OU2, A)] },
      { id: B, paths: [path(OU3, B)] },
      { id: C, paths: [path(C)] },
    ])!;
    expect([...placed.toList].sort()).toEqual([OU1, 'r-ab12'].sort());
    expect(Object.fromEntries(placed.parents)).toEqual({ [A]: OU2, [B]: OU3, [C]: 'r-ab12' });
    expect(Object.fromEntries(placed.unitParents)).toEqual({ [OU1]: 'r-ab12', [OU2]: OU1, [OU3]: 'r-ab12' });
  });

  it('gives up on paths when one account has none, and refuses paths that disagree or loop', () => {
    expect(placeByPaths(root, [{ id: A, paths: [path(A)] }, { id: B }])).toBeUndefined();
    expect(placeByPaths(root, [{ id: A, paths: [] }])).toBeUndefined();
    expect(() =>
      placeByPaths(root, [
        { id: A, paths: [path(OU1, OU2, A)] },
        { id: B, paths: [path(OU2, OU1, B)] },
      ]),
    ).toThrow(/two different parents/);
    expect(() => placeByPaths(root, [{ id: A, paths: [path(OU1, A), path(OU2, A)] }])).toThrow(
      /two different paths/,
    );
  });

  it('reads the root ARN for the organisation and its management account', () => {
    expect(parseRootArn(`arn:aws:organizations::${A}:root/o-abcdefghij/r-ab12`)).toEqual({
      managementAccountId: A,
      ...root,
    });
    expect(parseRootArn('arn:aws:organizations::x:root/o-abcdefghij/r-ab12')).toBeUndefined();
  });
});

describe('OU names', () => {
  const placed = () => placeByPaths(root, [{ id: A, paths: [path(OU1, OU2, A)] }])!;
  const odd = ['Work/loads', 'Line\nbreak', 'Ctl\u0007\u001b[2J', 'Bidi\u202etxt.exe'];

  it('keeps every name as given, slashes, line breaks, controls and bidi included', () => {
    const units = nameUnits(
      placed(),
      new Map([
        ['r-ab12', [{ id: OU1, name: odd[0]! }]],
        [OU1, [{ id: OU2, name: odd[1]! }]],
      ]),
    );
    expect(units).toEqual({
      [OU1]: { name: odd[0], parentId: 'r-ab12' },
      [OU2]: { name: odd[1], parentId: OU1 },
    });
  });

  it('refuses an OU on a path that its parent does not list, or one listed under two parents', () => {
    expect(() => nameUnits(placed(), new Map([['r-ab12', [{ id: OU1, name: 'x' }]]]))).toThrow(
      /not among the children/,
    );
    expect(() =>
      nameUnits(
        placed(),
        new Map([
          ['r-ab12', [{ id: OU1, name: 'x' }]],
          [
            OU1,
            [
              { id: OU2, name: 'y' },
              { id: OU1, name: 'x' },
            ],
          ],
        ]),
      ),
    ).toThrow(/under two parents/);
  });
});

describe('the tree walk', () => {
  it('finds every OU and account once, and refuses loops, depth and accounts the listing lacks', () => {
    const tree = new TreeWalk('r-ab12');
    expect(tree.add('r-ab12', [{ id: OU1, name: 'One' }], [C])).toEqual([OU1]);
    expect(tree.add(OU1, [{ id: OU2, name: 'Two' }], [A])).toEqual([OU2]);
    expect(() => tree.add(OU2, [{ id: OU1, name: 'One' }], [])).toThrow(/loops/);
    const done = new TreeWalk('r-ab12');
    done.add('r-ab12', [{ id: OU1, name: 'One' }], [C]);
    done.add(OU1, [], [A]);
    expect(done.finish([{ id: A }, { id: C }]).units).toEqual({ [OU1]: { name: 'One', parentId: 'r-ab12' } });
    expect(() => done.finish([{ id: A }, { id: B }, { id: C }])).toThrow(/not found in the tree/);
    expect(() => done.finish([{ id: A }])).toThrow(/not listed/);

    const deep = new TreeWalk('r-ab12');
    let parent = 'r-ab12';
    for (let i = 1; i <= 5; i++) {
      const id = `ou-ab12-${String(i).repeat(8)}`;
      deep.add(parent, [{ id, name: `L${i}` }], []);
      parent = id;
    }
    expect(() => deep.add(parent, [{ id: 'ou-ab12-66666666', name: 'L6' }], [])).toThrow(/deep/);
  });
});

const snapshot = (over: Partial<OrgSnapshot> = {}): OrgSnapshot => ({
  version: 1,
  startUrl: 'https://x.awsapps.com/start',
  ...root,
  managementAccountId: A,
  readAt: '2026-01-01T00:00:00.000Z',
  reader: { accountId: A, role: 'ReadOnlyAccess' },
  units: { [OU1]: { name: 'Workloads', parentId: 'r-ab12' }, [OU2]: { name: 'Prod', parentId: OU1 } },
  accounts: {
    [A]: { parentId: 'r-ab12', tags: {} },
    [B]: { parentId: OU2, tags: { env: 'prod' } },
    [C]: { parentId: OU1 },
  },
  ...over,
});

describe('the cached snapshot', () => {
  it('reads a whole one back, and refuses any that is malformed, foreign, of another version or loops', () => {
    const good = snapshot();
    expect(parseOrgSnapshot(JSON.parse(JSON.stringify(good)), good.startUrl)).toEqual(good);
    expect(placesOf(good).get(B)).toEqual({
      ouPath: '/Workloads/Prod',
      ouNames: ['Workloads', 'Prod'],
      tags: { env: 'prod' },
    });
    const bad: unknown[] = [
      null,
      [],
      { ...good, version: 2 },
      { ...good, startUrl: 'https://other.awsapps.com/start' },
      { ...good, orgId: '' },
      { ...good, rootId: 7 },
      { ...good, readAt: 'yesterday' },
      { ...good, reader: { accountId: A } },
      { ...good, units: { [OU1]: { name: 'x', parentId: OU2 }, [OU2]: { name: 'y', parentId: OU1 } } },
      { ...good, units: { [OU1]: { name: 7, parentId: 'r-ab12' } } },
      { ...good, accounts: { [A]: { parentId: OU3 } } },
      { ...good, accounts: { [A]: { parentId: 'r-ab12', tags: { k: 1 } } } },
      { ...good, accounts: { '12': { parentId: 'r-ab12' } } },
      { ...good, units: [] },
    ];
    for (const data of bad)
      expect(parseOrgSnapshot(data, good.startUrl), JSON.stringify(data)).toBeUndefined();
    // Ids were checked for their form when read from Organizations: the cache only needs them to be text.
    const loose = {
      ...good,
      rootId: 'r-root',
      units: { 'ou-wl': { name: 'Workloads', parentId: 'r-root' } },
      accounts: { [A]: { parentId: 'ou-wl' } },
    };
    expect(parseOrgSnapshot(loose, good.startUrl)).toEqual(loose);
  });

  it('is assembled only when whole; tag keys such as __proto__ stay plain data', () => {
    const tags = Object.fromEntries([['__proto__', 'x']]);
    const made = assembleSnapshot({
      ...snapshot(),
      parents: new Map([[A, OU2]]),
      tags: new Map([[A, tags]]),
    });
    expect(Object.keys(made.accounts[A]!.tags!)).toEqual(['__proto__']);
    expect(() => assembleSnapshot({ ...snapshot(), parents: new Map([[A, OU3]]), tags: new Map() })).toThrow(
      InconsistentOrgError,
    );
  });
});

describe('when sync reads the structure again', () => {
  const now = new Date('2026-01-01T12:00:00.000Z');
  const day = 24 * 3600_000;
  it('reuses a young cache that knows every reachable account, and reads what is missing or old', () => {
    const cached = snapshot();
    const base = { cached, now, lifetimeMs: day, refresh: false };
    expect(orgRefresh({ ...base, reachable: [A, B] })).toEqual({ kind: 'cached' });
    // C is in the cache without tags (it was not reachable then): its tags are read now.
    expect(orgRefresh({ ...base, reachable: [A, C, '444444444444'] })).toMatchObject({
      kind: 'partial',
      tagsFor: [C, '444444444444'],
    });
    expect(orgRefresh({ ...base, refresh: true, reachable: [A] })).toEqual({ kind: 'full', why: 'asked' });
    expect(orgRefresh({ ...base, cached: undefined, reachable: [A] })).toEqual({ kind: 'full', why: 'none' });
    expect(orgRefresh({ ...base, now: new Date('2026-01-02T00:00:01.000Z'), reachable: [A] })).toEqual({
      kind: 'full',
      why: 'stale',
    });
    expect(orgRefresh({ ...base, now: new Date('2025-12-31T00:00:00.000Z'), reachable: [A] })).toEqual({
      kind: 'full',
      why: 'stale',
    });
    expect(orgRefresh({ ...base, lifetimeMs: 0, reachable: [A] })).toEqual({ kind: 'full', why: 'stale' });
  });

  it('takes a lifetime in seconds', () => {
    expect(parseLifetime(undefined)).toBeUndefined();
    expect(parseLifetime('3600')).toBe(3600_000);
    expect(parseLifetime('0')).toBe(0);
    for (const raw of ['-1', 'day', '1e3', String(400 * 86_400)]) expect(parseLifetime(raw)).toBeNaN();
  });
});

describe('the reader roles worth trying', () => {
  it('ranks read-only roles first', () => {
    const roles = [
      'AdministratorAccess',
      'PowerUser',
      'SecurityAudit',
      'ReadOnlyAccess',
      'OrgViewOnly',
      'ViewOnlyAccess',
    ];
    expect([...roles].sort((a, b) => readOnlyRank(a) - readOnlyRank(b))).toEqual([
      'ReadOnlyAccess',
      'ViewOnlyAccess',
      'SecurityAudit',
      'OrgViewOnly',
      'AdministratorAccess',
      'PowerUser',
    ]);
  });

  it('tries the management account read-only, then likely delegated administrators, then the rest', () => {
    const accounts = [
      { accountId: A, accountName: 'Management' },
      { accountId: B, accountName: 'Audit' },
      { accountId: C, accountName: 'Workload' },
    ];
    const roles = new Map([
      [A, ['AdministratorAccess', 'ReadOnlyAccess']],
      [B, ['AdministratorAccess', 'SecurityAudit']],
      [C, ['ReadOnlyAccess']],
    ]);
    expect(readerCandidates({ managementAccountId: A, accounts, roles })).toEqual([
      { accountId: A, role: 'ReadOnlyAccess' },
      { accountId: B, role: 'SecurityAudit' },
      { accountId: A, role: 'AdministratorAccess' },
      { accountId: B, role: 'AdministratorAccess' },
    ]);
    expect(describeCandidates(roles, 2).map((c) => c.role)).toEqual(['ReadOnlyAccess', 'ReadOnlyAccess']);
  });
});

describe('Organizations throttling', () => {
  it('is throttling although it is HTTP 400, not 429', () => {
    const error = new TooManyRequestsException({ message: 'slow down', $metadata: { httpStatusCode: 400 } });
    expect(classifyFailure(error)).toBe('throttled');
  });
});
