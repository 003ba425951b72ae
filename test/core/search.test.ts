import { describe, expect, it } from 'vitest';
import type { ProfileRecord } from '../../src/core/profile-record.js';
import { searchProfiles, words } from '../../src/core/search.js';

const org: [string, string, string[]][] = [
  ['111111111111', 'Management', ['AdministratorAccess', 'Billing']],
  ['222222222222', 'Log Archive', ['AdministratorAccess', 'ReadOnlyAccess', 'SecurityAudit']],
  ['333333333333', 'Audit', ['SecurityAudit', 'ReadOnlyAccess']],
  ['600000000005', 'Data Platform Prod', ['DBAReadOnly', 'ReadOnlyAccess']],
  ['600000000006', 'Data Platform Dev', ['DBAReadOnly', 'PowerUserAccess']],
  ['600000000007', 'Payments Prod', ['ReadOnlyAccess', 'AdministratorAccess']],
  ['600000000011', 'Sandbox', ['AdministratorAccess']],
  ['600000000020', 'Network', ['NetworkAdmin', 'ReadOnlyAccess']],
];

const profiles: ProfileRecord[] = org.flatMap(([accountId, accountName, roles]) =>
  roles.map((role) => ({
    profile: `myorg-${accountName.toLowerCase().replace(/ /g, '-')}-${role}`,
    accountId,
    accountName,
    role,
    region: 'eu-central-1',
    ssoSession: 'myorg',
    generated: true,
    source: 'sso-session',
  })),
);

const top = (query: string) => searchProfiles(profiles, query, 3).map((m) => m.profile.profile);

describe('finding profiles by free text', () => {
  it('splits role names into their words', () => {
    expect(words('DBAReadOnly')).toEqual(['dba', 'read', 'only', 'dbareadonly']);
    expect(words('Log Archive')).toEqual(['log', 'archive', 'logarchive']);
  });

  it('finds the production database read-only profile', () => {
    expect(top('prod db readonly')[0]).toBe('myorg-data-platform-prod-DBAReadOnly');
  });

  it('finds security audit in the log archive account', () => {
    expect(top('security audit in the log archive account')[0]).toBe('myorg-log-archive-SecurityAudit');
  });

  it('understands synonyms and account ids', () => {
    expect(top('production payments admin')[0]).toBe('myorg-payments-prod-AdministratorAccess');
    expect(top('600000000011')[0]).toBe('myorg-sandbox-AdministratorAccess');
    expect(top('billing')[0]).toBe('myorg-management-Billing');
    expect(top('network read only')[0]).toBe('myorg-network-ReadOnlyAccess');
  });

  it('reads only the first 32 words of a query, so a query of thousands of words costs no more', () => {
    const filler = Array.from({ length: 31 }, (_, i) => `zz${i}q`).join(' ');
    const found = (query: string) => searchProfiles(profiles, query).map((m) => m.profile.profile);
    expect(found(`${filler} billing`)).toContain('myorg-management-Billing');
    const huge = Array.from({ length: 20_000 }, (_, i) => `zz${i}q`).join(' ');
    expect(found(`${filler} zz31q billing ${huge}`)).toEqual([]);
    expect(found(`billing ${huge}`)).toContain('myorg-management-Billing');
  });

  it('says why each profile matched, and returns nothing for nothing', () => {
    const [first] = searchProfiles(profiles, 'prod db readonly');
    expect(first!.why).toEqual([
      'account "Data Platform Prod" matches "prod"',
      'role "DBAReadOnly" matches "db" (dba)',
      'role "DBAReadOnly" matches "readonly" (read)',
    ]);
    expect(searchProfiles(profiles, 'the account')).toEqual([]);
    expect(searchProfiles(profiles, 'kubernetes')).toEqual([]);
  });
});
