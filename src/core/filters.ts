/**
 * Account and profile selection. A pattern is a case-insensitive glob (`*`, `?`) matched against
 * the account id, the account name, and the account's part of a profile name. A pattern without
 * a wildcard matches those exactly, so `--account prod` selects `Prod` but not `prod-db`.
 */

import { usageError } from './errors.js';
import { accountPart } from './naming.js';
import { quoteValue } from './untrusted-text.js';

export interface AccountLike {
  readonly accountId?: string | null;
  readonly accountName?: string | null;
}

/** Far beyond any account or profile name; the cost of matching grows with the pattern's length. */
export const MAX_GLOB_LENGTH = 4096;

export type Matcher = (candidates: readonly (string | undefined)[]) => boolean;

/**
 * A glob compiled to a bit-parallel automaton: one set of pattern positions, advanced once per
 * character of the name. Patterns come from agents and MCP arguments, so the time must not depend
 * on their shape: a backtracking regular expression takes minutes on `?*?*?*…!` against a
 * 40-character name, while this is always O(name length × pattern length / 32).
 */
export function compileGlob(glob: string): (text: string) => boolean {
  // Each character of a name costs one step per 32 positions of the pattern: a pattern of megabytes
  // (an MCP argument, say) would hold the process for minutes over 10,000 profiles.
  if (glob.length > MAX_GLOB_LENGTH) {
    throw usageError(
      `a pattern is longer than ${MAX_GLOB_LENGTH} characters (${glob.length}); no account or profile name is that long`,
    );
  }
  // `**` matches what `*` matches; folding runs keeps every `*` followed by a literal or `?`.
  const tokens = Array.from(glob.toLowerCase()).filter((ch, i, all) => ch !== '*' || all[i - 1] !== '*');
  const size = tokens.length;
  const words = (size >> 5) + 1;
  const star = new Uint32Array(words);
  const any = new Uint32Array(words);
  const literal = new Map<string, Uint32Array>();
  tokens.forEach((ch, i) => {
    const bit = 1 << (i & 31);
    if (ch === '*') star[i >> 5]! |= bit;
    else if (ch === '?') any[i >> 5]! |= bit;
    else {
      let mask = literal.get(ch);
      if (!mask) literal.set(ch, (mask = new Uint32Array(words)));
      mask[i >> 5]! |= bit;
    }
  });
  // Bit i of a state: the first i tokens have matched. A `*` at i may match nothing, so i + 1 too.
  const close = (state: Uint32Array) => {
    let carry = 0;
    for (let w = 0; w < words; w++) {
      const stars = state[w]! & star[w]!;
      state[w]! |= (stars << 1) | carry;
      carry = stars >>> 31;
    }
  };
  const finalWord = size >> 5;
  const finalBit = 1 << (size & 31);
  return (text) => {
    let state = new Uint32Array(words);
    let next = new Uint32Array(words);
    state[0] = 1;
    close(state);
    for (const ch of text.toLowerCase()) {
      const mask = literal.get(ch);
      let carry = 0;
      let alive = 0;
      for (let w = 0; w < words; w++) {
        const s = state[w]!;
        // A literal or `?` that matches moves on one position; a `*` takes the character and stays.
        const moves = s & (any[w]! | (mask ? mask[w]! : 0));
        next[w] = (moves << 1) | carry | (s & star[w]!);
        carry = moves >>> 31;
        alive |= next[w]!;
      }
      if (alive === 0) return false;
      close(next);
      [state, next] = [next, state];
    }
    return (state[finalWord]! & finalBit) !== 0;
  };
}

export function compileGlobs(patterns: readonly string[]): Matcher | undefined {
  if (patterns.length === 0) return undefined;
  const globs = patterns.map(compileGlob);
  return (candidates) => candidates.some((c) => c !== undefined && globs.some((match) => match(c)));
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

/**
 * The characters of an AWS tag key (and value): letters, digits, spaces and `_ . : / = + - @`.
 * A tag filter's key must be made of them; a key with another character can match no tag.
 */
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
/** The longest tag key AWS accepts. */
export const MAX_TAG_KEY_LENGTH = 128;

/** One `--tag` argument: `KEY=VALUE` (VALUE a glob) or `KEY` alone (the tag is present). */
export interface TagFilter {
  /** The key as given; compared with the tags' keys regardless of case. */
  readonly key: string;
  /** The value glob; undefined when only the key's presence is asked for. */
  readonly value?: string;
}

/**
 * Parses `KEY=VALUE` or `KEY`. The key ends at the first `=`, so a key that itself holds `=`
 * can only be asked for with a wildcard-free value after it. An empty key (`=prod`, `=`, ``) or
 * one with characters no tag key has is a usage error that names the argument.
 */
export function parseTagFilter(argument: string): TagFilter {
  const at = argument.indexOf('=');
  const key = at < 0 ? argument : argument.slice(0, at);
  const quoted = quoteValue(argument);
  if (key.trim() === '') {
    throw usageError(
      `--tag ${quoted} names no tag key`,
      'Write KEY=VALUE (VALUE may hold * and ?), or KEY alone for any account that has the tag, e.g. --tag env=prod.',
    );
  }
  if (key.length > MAX_TAG_KEY_LENGTH) {
    throw usageError(`--tag ${quoted}: a tag key has at most ${MAX_TAG_KEY_LENGTH} characters`);
  }
  if (!TAG_KEY.test(key)) {
    throw usageError(`--tag ${quoted}: a tag key holds only letters, digits, spaces and _ . : / = + - @`);
  }
  return at < 0 ? { key } : { key, value: argument.slice(at + 1) };
}

/**
 * A predicate over an account's tags. Keys are compared regardless of case: AWS keeps `Env` and
 * `env` apart, but people type `env` for either, and both are kept by the same filter. Filters
 * on different keys must all hold (AND); filters on the same key are alternatives (OR); `KEY`
 * alone holds when the account has the tag, whatever its value.
 */
export function tagPredicate(
  filters: readonly string[],
): ((tags: Readonly<Record<string, string>>) => boolean) | undefined {
  if (filters.length === 0) return undefined;
  const byKey = new Map<string, ((value: string) => boolean)[]>();
  for (const argument of filters) {
    const { key, value } = parseTagFilter(argument);
    const tests = byKey.get(key.toLowerCase()) ?? [];
    tests.push(value === undefined ? () => true : compileGlob(value));
    byKey.set(key.toLowerCase(), tests);
  }
  const groups = [...byKey];
  return (tags) => {
    const entries = Object.entries(tags);
    return groups.every(([key, tests]) =>
      entries.some(([k, v]) => k.toLowerCase() === key && tests.some((test) => test(v))),
    );
  };
}
