import { describe, expect, it } from 'vitest';
import { closeMatches, didYouMean, editDistance } from '../../src/core/suggest.js';

describe('near misses', () => {
  it('counts edits, a swap of neighbours as one', () => {
    expect(editDistance('readonlyacess', 'readonlyaccess')).toBe(1);
    expect(editDistance('admin', 'amdin')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'abcdefgh', 2)).toBe(3);
  });

  it('suggests typos and case slips, closest first, and not what is far off', () => {
    const roles = ['ReadOnlyAccess', 'AdministratorAccess', 'DBAReadOnly', 'ViewOnlyAccess'];
    expect(closeMatches('ReadOnlyAcess', roles)).toEqual(['ReadOnlyAccess']);
    expect(closeMatches('dbareadonly', roles)).toEqual(['DBAReadOnly']);
    expect(closeMatches('ReadOnlyAccess', roles)).toEqual([]);
    expect(closeMatches('Billing', roles)).toEqual([]);
    expect(closeMatches('Adm', ['Admin', 'Ad', 'Bdm'])).toEqual(['Ad', 'Bdm']);
    expect(didYouMean('ViewOnlyAcces', roles)).toBe(' Did you mean ViewOnlyAccess?');
    expect(didYouMean('Nope', roles)).toBe('');
  });
});
