/**
 * Account and profile selection. A pattern is a case-insensitive glob (`*`, `?`) matched against
 * the account id, the account name, and the account's part of a profile name. A pattern without
 * a wildcard matches those exactly, so `--account prod` selects `Prod` but not `prod-db`.
 */

import { accountPart } from './naming.js';

export interface AccountLike {
  readonly accountId?: string | null;
  readonly accountName?: string | null;
}

export type Matcher = (candidates: readonly (string | undefined)[]) => boolean;

export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'iu');
}

export function compileGlobs(patterns: readonly string[]): Matcher | undefined {
  if (patterns.length === 0) return undefined;
  const regexps = patterns.map(globToRegExp);
  return (candidates) => candidates.some((c) => c !== undefined && regexps.some((re) => re.test(c)));
}

export interface AccountFilter {
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
}

function accountCandidates(account: AccountLike): (string | undefined)[] {
  const name = account.accountName ?? undefined;
  return [account.accountId ?? undefined, name, name === undefined ? undefined : accountPart(name)];
}

/** A predicate over accounts: included by any `include` pattern (or all), and by no `exclude` one. */
export function accountPredicate(filter: AccountFilter): (account: AccountLike) => boolean {
  const include = compileGlobs(filter.include ?? []);
  const exclude = compileGlobs(filter.exclude ?? []);
  if (include === undefined && exclude === undefined) return () => true;
  return (account) => {
    const candidates = accountCandidates(account);
    return (include === undefined || include(candidates)) && (exclude === undefined || !exclude(candidates));
  };
}
