/** Free-text search over the organisation's structure: OU names and tag values, by whole words. */
import { describe, expect, it } from 'vitest';
import type { ProfileRecord } from '../../src/core/profile-record.js';
import { ProfileIndex, searchProfiles, words } from '../../src/core/search.js';

const record = (
  accountId: string,
  accountName: string,
  role: string,
  ouPath?: string,
  tags: Record<string, string> = {},
): ProfileRecord => ({
  profile: `myorg-${accountName.toLowerCase().replace(/ /g, '-')}-${role}`,
  accountId,
  accountName,
  role,
  region: 'eu-central-1',
  ssoSession: 'myorg',
  generated: true,
  source: 'sso-session',
  ...(ouPath === undefined ? {} : { ouPath, tags }),
});

const profiles: ProfileRecord[] = [
  record('100000000001', 'acct-7731', 'ReadOnlyAccess', '/Workloads/Prod/Payments'),
  record('100000000002', 'prod-mirror', 'ReadOnlyAccess', '/Workloads/Staging'),
  record('100000000003', 'acct-2214', 'ReadOnlyAccess', '/Workloads/NonProd'),
  record('100000000004', 'acct-9001', 'ReadOnlyAccess', '/Workloads/Pre-Prod'),
  record('100000000005', 'acct-4410', 'ReadOnlyAccess', '/', { env: 'Production', team: 'ledger' }),
  record('100000000006', 'prod copy', 'ReadOnlyAccess', '/', { env: 'staging' }),
  record('100000000007', 'Products', 'ReadOnlyAccess', '/Sales/Productivity'),
];

const ranked = (query: string, list = profiles) =>
  searchProfiles(list, query, 20).map((m) => m.profile.accountName);

describe('search by the structure', () => {
  it('finds an account by its OU names when its own name holds none of the words', () => {
    const [first] = searchProfiles(profiles, 'production payments');
    expect(first!.profile.accountName).toBe('acct-7731');
    expect(first!.why).toEqual(['ou "Prod" matches "production" (prod)', 'ou "Payments" matches "payments"']);
  });

  it('matches OU names and tag values by whole words only: prod is not NonProd, Pre-Prod or Productivity', () => {
    const found = ranked('prod');
    expect(found).not.toContain('acct-2214');
    expect(found).not.toContain('acct-9001');
    expect(words('NonProd')).toEqual(['nonprod']);
    expect(words('Pre-Prod')).toEqual(['preprod']);
    // "Products" still matches by the prefix of its account name, which is a name, not the structure.
    const products = searchProfiles(profiles, 'prod').find((m) => m.profile.accountName === 'Products');
    expect(products?.why).toEqual(['account "Products" matches "prod" (products)']);
    expect(ranked('staging')).toContain('acct-9001');
  });

  it('finds tag values, and says which tag matched', () => {
    const [first] = searchProfiles(profiles, 'ledger');
    expect(first!.profile.accountName).toBe('acct-4410');
    expect(first!.why).toEqual(['tag team "ledger" matches "ledger"']);
  });

  it('ranks a real prod account above one named prod whose OU or tags say otherwise', () => {
    const found = ranked('prod');
    const real = Math.max(found.indexOf('acct-7731'), found.indexOf('acct-4410'));
    expect(real).toBeGreaterThanOrEqual(0);
    expect(found.indexOf('prod-mirror')).toBeGreaterThan(real);
    expect(found.indexOf('prod copy')).toBeGreaterThan(real);
    const mirror = searchProfiles(profiles, 'prod', 20).find((m) => m.profile.accountName === 'prod-mirror');
    expect(mirror!.why[0]).toMatch(/but its OUs or tags name another environment$/);
  });

  it('ranks a name above no structure at all when nothing contradicts it', () => {
    const unplaced = [record('200000000001', 'prod-mirror', 'ReadOnlyAccess'), profiles[0]!];
    expect(ranked('prod', unplaced)).toEqual(['acct-7731', 'prod-mirror']);
    const mirror = searchProfiles(unplaced, 'prod').find((m) => m.profile.accountName === 'prod-mirror');
    expect(mirror!.why).toEqual(['account "prod-mirror" matches "prod"']);
  });
});

describe('the search index', () => {
  it('answers many queries the same as a fresh search, and knows its size', () => {
    const index = new ProfileIndex(profiles);
    expect(index.size).toBe(profiles.length);
    for (const query of [
      'prod',
      'production payments',
      'ledger',
      'staging readonly',
      '100000000003',
      'nothing',
    ]) {
      expect(index.search(query, 5)).toEqual(searchProfiles(profiles, query, 5));
    }
  });

  it('shows hostile OU names and tag keys escaped in why, as the OU path holds them', () => {
    const odd = [record('300000000001', 'x', 'R', '/Evil%E2%80%AEOU', { 'team\u202e': 'ledger' })];
    const [match] = searchProfiles(odd, 'ledger');
    expect(match!.why).toEqual(['tag team%E2%80%AE "ledger" matches "ledger"']);
    expect(searchProfiles(odd, 'evil')[0]!.why).toEqual(['ou "Evil%E2%80%AEOU" matches "evil"']);
    // Read as the name it was: Finance/Legal is two words.
    const slash = [record('300000000002', 'y', 'R', '/Finance%2FLegal')];
    expect(searchProfiles(slash, 'legal')[0]!.why).toEqual(['ou "Finance%2FLegal" matches "legal"']);
  });
});
