import { describe, expect, it } from 'vitest';
import { accountPredicate, globToRegExp } from '../../src/core/filters.js';

describe('account and profile globs', () => {
  it('match case-insensitively, whole names, with * and ?', () => {
    expect(globToRegExp('prod-*').test('Prod-EU')).toBe(true);
    expect(globToRegExp('*-ReadOnlyAccess').test('myorg-dev-ReadOnlyAccess')).toBe(true);
    expect(globToRegExp('prod').test('prod-db')).toBe(false);
    expect(globToRegExp('team-?').test('team-7')).toBe(true);
    expect(globToRegExp('a.b(c)[d]/e+f$').test('a.b(c)[d]/e+f$')).toBe(true);
    expect(globToRegExp('東京*').test('東京 Ops')).toBe(true);
  });

  it('include by any pattern and exclude by any, over id and name', () => {
    const keep = accountPredicate({ include: ['*prod*', '111111111111'], exclude: ['*sandbox*'] });
    expect(keep({ accountId: '222222222222', accountName: 'Payments Prod' })).toBe(true);
    expect(keep({ accountId: '111111111111', accountName: 'Management' })).toBe(true);
    expect(keep({ accountId: '333333333333', accountName: 'Prod Sandbox' })).toBe(false);
    expect(keep({ accountId: '444444444444', accountName: 'Dev' })).toBe(false);
  });
});
