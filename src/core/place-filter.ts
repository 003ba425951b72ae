/**
 * Selecting profiles by their account's place (core/org.ts): `ou` globs over the OU path
 * (case-insensitive, `*` crosses `/`; several are alternatives), `tag` as `KEY=VALUE` (a glob over
 * the value) or `KEY` (the tag is present); different keys must all match, one key given several
 * times is satisfied by any. A profile whose place is unknown matches neither.
 */
import { usageError } from './errors.js';
import { compileGlob } from './filters.js';
import type { ProfileRecord } from './profile-record.js';

export interface PlaceSelection {
  readonly ou?: readonly string[];
  readonly tag?: readonly string[];
}

export function placePredicate(
  selection: PlaceSelection,
): (p: Pick<ProfileRecord, 'ouPath' | 'tags'>) => boolean {
  const ous = (selection.ou ?? []).map(compileGlob);
  const byKey = new Map<string, ((value: string) => boolean)[]>();
  for (const spec of selection.tag ?? []) {
    const at = spec.indexOf('=');
    const key = (at < 0 ? spec : spec.slice(0, at)).toLowerCase();
    if (key === '') throw usageError(`--tag needs KEY or KEY=VALUE, not ${JSON.stringify(spec)}`);
    const value = at < 0 ? () => true : compileGlob(spec.slice(at + 1));
    byKey.set(key, [...(byKey.get(key) ?? []), value]);
  }
  if (ous.length === 0 && byKey.size === 0) return () => true;
  return (p) => {
    if (p.ouPath === undefined) return false;
    if (ous.length > 0 && !ous.some((m) => m(p.ouPath!))) return false;
    if (byKey.size === 0) return true;
    const tags = new Map<string, string[]>();
    for (const [k, v] of Object.entries(p.tags ?? {})) {
      const key = k.toLowerCase();
      tags.set(key, [...(tags.get(key) ?? []), v]);
    }
    for (const [key, tests] of byKey) {
      const values = tags.get(key);
      if (!values || !tests.some((t) => values.some(t))) return false;
    }
    return true;
  };
}
