/**
 * Which accounts are production, for the marks an agent sees before it changes anything: an
 * account is production when an OU on its path is named as production (prod, production, prd or
 * live as a whole word: `Prod`, `prod-eu`, but not `NonProd` or `product`), or when a tag whose
 * key is one of the configured keys (case-insensitive) has such a value.
 */
import type { ProfileRecord } from './profile-record.js';

/** The tag keys that say an account's environment, unless the user names others. */
export const DEFAULT_PROD_TAG_KEYS: readonly string[] = ['env', 'environment', 'stage'];

const PRODUCTION_WORDS = new Set(['prod', 'production', 'prd', 'live']);

/** Whether `text` holds one of the production words as a whole word (letters and digits between separators). */
export function namesProduction(text: string): boolean {
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (PRODUCTION_WORDS.has(word)) return true;
  return false;
}

/** The OU names of an escaped `ouPath` (see core/org.ts), unescaped where the escape reads well. */
export function ouPathNames(ouPath: string): string[] {
  return ouPath
    .split('/')
    .slice(1)
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

/** Whether an OU path has an OU named as production on it. */
export function productionPath(ouPath: string): boolean {
  return ouPathNames(ouPath).some(namesProduction);
}

/** A test of tags: whether one whose key is in `keys` (case-insensitive) has a production value. */
export function productionTags(
  keys: readonly string[] = DEFAULT_PROD_TAG_KEYS,
): (tags: Readonly<Record<string, string>> | undefined) => boolean {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  // Tag keys and values repeat across thousands of accounts: each is read once.
  const keyWanted = new Map<string, boolean>();
  const valueNames = new Map<string, boolean>();
  return (tags) => {
    if (tags === undefined) return false;
    for (const key in tags) {
      if (!Object.hasOwn(tags, key)) continue;
      let k = keyWanted.get(key);
      if (k === undefined) keyWanted.set(key, (k = wanted.has(key.toLowerCase())));
      if (!k) continue;
      const value = tags[key]!;
      let v = valueNames.get(value);
      if (v === undefined) valueNames.set(value, (v = namesProduction(value)));
      if (v) return true;
    }
    return false;
  };
}

/** A test of profiles: whether the account is production by its OU path or its tags. */
export function productionProfile(
  keys: readonly string[] = DEFAULT_PROD_TAG_KEYS,
): (p: Pick<ProfileRecord, 'ouPath' | 'tags'>) => boolean {
  const byTags = productionTags(keys);
  const byPath = new Map<string, boolean>();
  return (p) => {
    if (p.ouPath === undefined) return false;
    let path = byPath.get(p.ouPath);
    if (path === undefined) byPath.set(p.ouPath, (path = productionPath(p.ouPath)));
    return path || byTags(p.tags);
  };
}
