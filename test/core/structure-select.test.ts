/** Selecting profiles by the organisation's structure: OU path globs and tag filters. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { parseTagFilter, tagPredicate } from '../../src/core/filters.js';
import type { ProfileRecord } from '../../src/core/profile-record.js';
import { checkStructureKnown, selectProfiles, structureCoverage } from '../../src/core/select.js';

const profile = (
  name: string,
  place?: { ouPath: string; tags?: Record<string, string> },
  session: string | null = 'myorg',
): ProfileRecord => ({
  profile: name,
  accountId: session === null ? null : '111122223333',
  accountName: name,
  role: 'ReadOnlyAccess',
  region: 'eu-central-1',
  ssoSession: session,
  generated: true,
  source: session === null ? 'static' : 'sso-session',
  ...(place ? { ouPath: place.ouPath, tags: place.tags ?? {} } : {}),
});

const profiles = [
  profile('payments-prod', { ouPath: '/Workloads/Prod', tags: { Env: 'production', team: 'payments' } }),
  profile('payments-dev', { ouPath: '/Workloads/Dev', tags: { env: 'development', team: 'payments' } }),
  profile('data-prod', { ouPath: '/Workloads/Prod/Data', tags: { Env: 'production', team: 'data' } }),
  profile('audit', { ouPath: '/Security', tags: {} }),
  profile('management', { ouPath: '/' }),
  profile('unknown'),
];

const names = (selection: Parameters<typeof selectProfiles>[1]) =>
  selectProfiles(profiles, selection).map((p) => p.profile);

describe('--ou', () => {
  it('is a case-insensitive glob over the whole OU path, where * crosses /', () => {
    expect(names({ ou: ['/workloads/prod'] })).toEqual(['payments-prod']);
    expect(names({ ou: ['/Workloads/*'] })).toEqual(['payments-prod', 'payments-dev', 'data-prod']);
    expect(names({ ou: ['*/Prod*'] })).toEqual(['payments-prod', 'data-prod']);
    expect(names({ ou: ['/'] })).toEqual(['management']);
    expect(names({ ou: ['Prod'] })).toEqual([]);
  });

  it('keeps what any of several patterns matches, and never a profile whose structure is unknown', () => {
    expect(names({ ou: ['/Security', '/'] })).toEqual(['audit', 'management']);
    expect(names({ ou: ['*'] })).not.toContain('unknown');
  });

  it('combines with the other filters', () => {
    expect(names({ ou: ['/Workloads/*'], account: ['*-dev'] })).toEqual(['payments-dev']);
  });
});

describe('--tag', () => {
  it('matches KEY=VALUE with a value glob, and KEY alone when the tag is there', () => {
    expect(names({ tag: ['team=payments'] })).toEqual(['payments-prod', 'payments-dev']);
    expect(names({ tag: ['env=prod*'] })).toEqual(['payments-prod', 'data-prod']);
    expect(names({ tag: ['team'] })).toEqual(['payments-prod', 'payments-dev', 'data-prod']);
    expect(names({ tag: ['team='] })).toEqual([]);
  });

  it('compares keys regardless of case, values by a case-insensitive glob', () => {
    expect(names({ tag: ['ENV=Production'] })).toEqual(['payments-prod', 'data-prod']);
    expect(names({ tag: ['env'] })).toEqual(['payments-prod', 'payments-dev', 'data-prod']);
  });

  it('takes different keys as AND and the same key repeated as OR', () => {
    expect(names({ tag: ['team=payments', 'env=production'] })).toEqual(['payments-prod']);
    expect(names({ tag: ['team=data', 'team=payments'] })).toEqual([
      'payments-prod',
      'payments-dev',
      'data-prod',
    ]);
    expect(names({ tag: ['team=data', 'Team=payments', 'env=dev*'] })).toEqual(['payments-dev']);
  });

  it('takes the key up to the first =, so a value may hold =', () => {
    expect(parseTagFilter('a=b=c')).toEqual({ key: 'a', value: 'b=c' });
    expect(parseTagFilter('cost center')).toEqual({ key: 'cost center' });
    expect(tagPredicate(['k=x=*'])!({ k: 'x=1' })).toBe(true);
  });

  it('refuses an argument without a key, or with a key no tag can have, naming the argument', () => {
    for (const bad of ['=prod', '=', '', '  =x']) {
      expect(() => parseTagFilter(bad)).toThrow(AppError);
      expect(() => parseTagFilter(bad)).toThrow(`--tag ${JSON.stringify(bad)} names no tag key`);
    }
    expect(() => parseTagFilter('env!=prod')).toThrow(/"env!=prod": a tag key holds only/);
    expect(() => parseTagFilter(`${'k'.repeat(129)}=v`)).toThrow(/at most 128 characters/);
    expect(() => names({ tag: ['team=payments', '=x'] })).toThrow(AppError);
  });
});

describe('an unknown structure', () => {
  it('counts the candidates whose structure is unknown, after the other filters', () => {
    expect(structureCoverage(profiles, { role: ['ReadOnlyAccess'] })).toBeUndefined();
    expect(structureCoverage(profiles, { ou: ['*'] })).toEqual({
      candidates: 6,
      known: 5,
      unknown: 1,
      sessions: ['myorg'],
    });
    expect(structureCoverage(profiles, { ou: ['*'], account: ['unknown'] })).toMatchObject({
      candidates: 1,
      known: 0,
    });
  });

  it('is an error when no candidate is placed, a note when some are not, and nothing when all are', () => {
    const other = [profile('x'), profile('y', undefined, 'second')];
    expect(() => checkStructureKnown(other, { tag: ['env'] })).toThrow(
      /structure is unknown for sso-sessions "myorg", "second".*aws-org-profiles sync.*--org-profile/,
    );
    expect(checkStructureKnown(profiles, { ou: ['*'] })).toMatch(
      /^the organisation's structure is unknown for sso-session "myorg": 1 profile was left out by the OU and tag filters \(run `aws-org-profiles sync`/,
    );
    expect(checkStructureKnown(profiles, { ou: ['*'], account: ['*prod'] })).toBeUndefined();
    expect(checkStructureKnown(profiles, { role: ['x'] })).toBeUndefined();
    // Nothing to judge: the other filters left no candidate.
    expect(checkStructureKnown(profiles, { ou: ['*'], role: ['Nope'] })).toBeUndefined();
  });

  it('does not count profiles outside any sso-session as unknown, but says so when they are all there is', () => {
    const mixed = [...profiles, profile('keys', undefined, null)];
    expect(structureCoverage(mixed, { ou: ['*'] })).toMatchObject({ candidates: 7, unknown: 1 });
    expect(() => checkStructureKnown([profile('keys', undefined, null)], { ou: ['*'] })).toThrow(
      /known only for profiles of an sso-session; none of the 1 candidate profile has one/,
    );
  });
});
