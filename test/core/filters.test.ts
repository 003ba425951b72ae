import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { accountPredicate, compileGlob, MAX_GLOB_LENGTH } from '../../src/core/filters.js';

/** The textbook definition, by dynamic programming over every prefix pair: slow, and plainly right. */
function reference(glob: string, text: string): boolean {
  const p = Array.from(glob.toLowerCase());
  const t = Array.from(text.toLowerCase());
  let row = p.map(() => false);
  row = [true, ...row];
  for (let j = 1; j <= p.length; j++) row[j] = row[j - 1]! && p[j - 1] === '*';
  for (const ch of t) {
    const next = [false];
    for (let j = 1; j <= p.length; j++) {
      const token = p[j - 1];
      next[j] = token === '*' ? next[j - 1]! || row[j]! : row[j - 1]! && (token === '?' || token === ch);
    }
    row = next;
  }
  return row[p.length]!;
}

describe('account and profile globs', () => {
  it('match case-insensitively, whole names, with * and ?', () => {
    expect(compileGlob('prod-*')('Prod-EU')).toBe(true);
    expect(compileGlob('*-ReadOnlyAccess')('myorg-dev-ReadOnlyAccess')).toBe(true);
    expect(compileGlob('prod')('prod-db')).toBe(false);
    expect(compileGlob('team-?')('team-7')).toBe(true);
    expect(compileGlob('team-?')('team-')).toBe(false);
    expect(compileGlob('a.b(c)[d]/e+f$')('a.b(c)[d]/e+f$')).toBe(true);
    expect(compileGlob('a.b')('axb')).toBe(false);
    expect(compileGlob('東京*')('東京 Ops')).toBe(true);
    expect(compileGlob('?')('😀')).toBe(true);
    expect(compileGlob('')('')).toBe(true);
    expect(compileGlob('*')('')).toBe(true);
    expect(compileGlob('**a**')('bab')).toBe(true);
  });

  it('agree with the definition on random patterns and names, across 32-position word boundaries', () => {
    const alphabet = fc.constantFrom('a', 'B', 'b', '-', '*', '?', 'é', '😀');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 70 }).map((a) => a.join('')),
        fc.array(alphabet, { maxLength: 70 }).map((a) => a.join('').replace(/[*?]/g, 'x')),
        (glob, text) => compileGlob(glob)(text) === reference(glob, text),
      ),
      { numRuns: 3000 },
    );
  });

  it('take time in proportion to the name, whatever the pattern', () => {
    // A backtracking regular expression needs minutes for this; the test's own timeout would fail it.
    const hostile = `${'?*'.repeat(2000)}!`;
    expect(compileGlob(hostile)('a'.repeat(4000))).toBe(false);
    expect(compileGlob(`${'?*'.repeat(12)}!`)('x'.repeat(40))).toBe(false);
    expect(compileGlob(`${'*a'.repeat(500)}*`)('a'.repeat(499))).toBe(false);
  });

  it('refuse a pattern longer than 4,096 characters, whose matching would be slow at every name', () => {
    expect(() => compileGlob(`${'?*'.repeat(2048)}!`)).toThrow(AppError);
    expect(() => compileGlob('a'.repeat(MAX_GLOB_LENGTH + 1))).toThrow(/longer than 4096 characters/);
    expect(() => accountPredicate({ exclude: ['*'.repeat(MAX_GLOB_LENGTH + 1)] })).toThrow(AppError);
    expect(compileGlob('a'.repeat(MAX_GLOB_LENGTH))('a'.repeat(MAX_GLOB_LENGTH))).toBe(true);
  });

  it('include by any pattern and exclude by any, over id and name', () => {
    const keep = accountPredicate({ include: ['*prod*', '111111111111'], exclude: ['*sandbox*'] });
    expect(keep({ accountId: '222222222222', accountName: 'Payments Prod' })).toBe(true);
    expect(keep({ accountId: '111111111111', accountName: 'Management' })).toBe(true);
    expect(keep({ accountId: '333333333333', accountName: 'Prod Sandbox' })).toBe(false);
    expect(keep({ accountId: '444444444444', accountName: 'Dev' })).toBe(false);
  });
});
