import { describe, expect, it } from 'vitest';
import {
  generateOrganization,
  HOSTILE_ACCOUNT_NAMES,
  parseOrganization,
  ROLE_POOL,
} from '../../src/emulator/index.js';

describe('generateOrganization', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateOrganization({ accounts: 300, seed: 7 });
    const b = generateOrganization({ accounts: 300, seed: 7 });
    const c = generateOrganization({ accounts: 300, seed: 8 });
    expect(b).toEqual(a);
    expect(c.accounts.map((x) => x.accountId)).not.toEqual(a.accounts.map((x) => x.accountId));
  });

  it('gives unique 12-digit ids even for 10,000 accounts', () => {
    const org = generateOrganization({ accounts: 10_000 });
    const ids = org.accounts.map((a) => a.accountId);
    expect(ids).toHaveLength(10_000);
    expect(new Set(ids).size).toBe(10_000);
    for (const id of ids) expect(id).toMatch(/^\d{12}$/);
  });

  it('uses realistic names and the landing-zone accounts first', () => {
    const org = generateOrganization({ accounts: 200, seed: 3 });
    const names = org.accounts.map((a) => a.accountName);
    expect(names.slice(0, 3)).toEqual(['Management', 'Log Archive', 'Security Tooling']);
    expect(names.some((n) => /^workload-(prod|staging|dev|test|qa)-\d{4}$/.test(n))).toBe(true);
    expect(names.some((n) => /^Sandbox \d+$/.test(n))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    for (const a of org.accounts) expect(a.emailAddress).toMatch(/^[^@\s]+@example\.com$/);
  });

  it('assigns rolesPerAccount roles from the pool, the first one on most but not all accounts', () => {
    const org = generateOrganization({ accounts: 500, rolesPerAccount: 3, seed: 11 });
    const first = ROLE_POOL[0]!;
    const withFirst = org.accounts.filter((a) => a.roles.includes(first));
    expect(withFirst.length).toBeGreaterThan(500 * 0.7);
    expect(withFirst.length).toBeLessThan(500);
    for (const a of org.accounts) {
      expect(new Set(a.roles).size).toBe(a.roles.length);
      for (const role of a.roles) expect(ROLE_POOL).toContain(role);
      expect(a.roles).toHaveLength(3);
    }
    // Even a two-account organisation has an account without the first role.
    const small = generateOrganization({ accounts: 2, rolesPerAccount: 1 });
    expect(small.accounts.filter((a) => !a.roles.includes(first))).toHaveLength(1);
  });

  it('mixes in every hostile name with oddNames', () => {
    const org = generateOrganization({ accounts: 250, seed: 7, oddNames: true });
    const names = org.accounts.map((a) => a.accountName);
    for (const hostile of HOSTILE_ACCOUNT_NAMES) expect(names).toContain(hostile);
    for (const expected of [
      'Prod',
      'prod',
      '[profile x]',
      'name ; with semicolon',
      'hash # name',
      'a/b',
      '東京',
    ]) {
      expect(names).toContain(expected);
    }
    expect(names.filter((n) => n === 'Twin Account')).toHaveLength(2);
    expect(names.filter((n) => n.length === 50).length).toBeGreaterThanOrEqual(2);
    expect(names.some((n) => n !== n.trim())).toBe(true);
    expect(names.some((n) => n.includes('  '))).toBe(true);
    expect(names.some((n) => n.includes('%'))).toBe(true);
    expect(names.some((n) => n.includes('"'))).toBe(true);
    expect(names.some((n) => [...n].some((c) => c.charCodeAt(0) > 127))).toBe(true);
    // The landing zone stays, the ids stay unique.
    expect(names[0]).toBe('Management');
    expect(new Set(org.accounts.map((a) => a.accountId)).size).toBe(250);
  });

  it('refuses impossible sizes', () => {
    expect(() => generateOrganization({ accounts: -1 })).toThrow(RangeError);
    expect(() => generateOrganization({ accounts: 3, rolesPerAccount: ROLE_POOL.length + 1 })).toThrow(
      RangeError,
    );
  });
});

describe('parseOrganization', () => {
  it('reads the accounts format and fills a missing email', () => {
    const org = parseOrganization(
      {
        accounts: [
          {
            accountId: '111122223333',
            accountName: 'Workload',
            emailAddress: 'a@example.com',
            roles: ['DBAReadOnly'],
          },
          { accountId: '444455556666', accountName: 'Other', roles: [] },
        ],
      },
      'org.json',
    );
    expect(org.accounts[0]).toEqual({
      accountId: '111122223333',
      accountName: 'Workload',
      emailAddress: 'a@example.com',
      roles: ['DBAReadOnly'],
    });
    expect(org.accounts[1]?.emailAddress).toMatch(/@example\.com$/);
  });

  it('reads the generate format exactly like generateOrganization', () => {
    const org = parseOrganization(
      { generate: { accounts: 25, rolesPerAccount: 2, seed: 7, oddNames: true } },
      'gen.json',
    );
    expect(org).toEqual(generateOrganization({ accounts: 25, rolesPerAccount: 2, seed: 7, oddNames: true }));
  });

  it.each([
    [null, /org\.json: the document must be a JSON object/],
    [{}, /org\.json: the document must have/],
    [{ acounts: [] }, /org\.json: acounts is not a known field/],
    [{ accounts: {} }, /org\.json: accounts must be an array/],
    [{ accounts: [{ accountId: '12', accountName: 'x', roles: [] }] }, /accounts\[0\]\.accountId must be/],
    [{ accounts: [{ accountId: 111122223333, accountName: 'x', roles: [] }] }, /accounts\[0\]\.accountId/],
    [{ accounts: [{ accountId: '111122223333', accountName: '', roles: [] }] }, /accounts\[0\]\.accountName/],
    [
      { accounts: [{ accountId: '111122223333', accountName: 'x' }] },
      /accounts\[0\]\.roles must be an array/,
    ],
    [
      { accounts: [{ accountId: '111122223333', accountName: 'x', roles: [''] }] },
      /accounts\[0\]\.roles\[0\]/,
    ],
    [
      { accounts: [{ accountId: '111122223333', accountName: 'x', roles: ['A', 'A'] }] },
      /roles\[1\] repeats A/,
    ],
    [
      { accounts: [{ accountId: '111122223333', accountName: 'x', emailAddress: 5, roles: [] }] },
      /accounts\[0\]\.emailAddress/,
    ],
    [
      {
        accounts: [
          { accountId: '111122223333', accountName: 'x', roles: [] },
          { accountId: '111122223333', accountName: 'y', roles: [] },
        ],
      },
      /accounts\[1\]\.accountId repeats 111122223333/,
    ],
    [{ generate: { accounts: -5 } }, /generate\.accounts must be an integer/],
    [{ generate: {} }, /generate\.accounts is required/],
    [{ generate: { accounts: 5, oddNames: 'yes' } }, /generate\.oddNames must be a boolean/],
    [{ generate: { accounts: 5, rolesPerAccount: 99 } }, /generate\.rolesPerAccount/],
    [{ generate: { accounts: 5 }, accounts: [] }, /not both/],
  ])('refuses %j, naming the source and field', (input, message) => {
    expect(() => parseOrganization(input, 'org.json')).toThrow(message);
  });
});
