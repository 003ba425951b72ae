/**
 * Listing and looking up profiles: `list`, the completion scripts' names, and the MCP server's
 * `list_profiles`, `find_profiles` and `get_profile`. Reads only the config.
 */
import { CatalogSource, loadCatalog, type Catalog, type LoadedCatalog } from '../config/catalog.js';
import type { Env } from '../core/model.js';
import { completable, type NameKind } from '../core/completion-script.js';
import { AppError } from '../core/errors.js';
import { byProfileName, type ProfileRecord } from '../core/profile-record.js';
import { searchProfiles, type Match } from '../core/search.js';
import { selectProfiles, type ProfileSelection } from '../core/select.js';

export type { Catalog, LoadedCatalog } from '../config/catalog.js';

/** The profiles and sso-sessions of the config, read once. */
export function loadProfiles(env: Env): LoadedCatalog {
  return loadCatalog(env);
}

/** For a long-lived process: the config is read again whenever the file changed. */
export function watchProfiles(env: Env): { get(): LoadedCatalog } {
  return new CatalogSource(env);
}

/** The selected profiles, in the order of the config. */
export function listProfiles(catalog: Catalog, selection: ProfileSelection): ProfileRecord[] {
  return selectProfiles(catalog.profiles, selection);
}

export interface ProfilePage {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly profiles: readonly ProfileRecord[];
  /** Where the next page starts, when there is one. */
  readonly nextOffset?: number;
}

/** One page of the selected profiles, in the order of their names. */
export function pageOfProfiles(
  catalog: Catalog,
  selection: ProfileSelection,
  offset: number,
  limit: number,
): ProfilePage {
  const selected = selectProfiles(catalog.profiles, selection).sort(byProfileName);
  const profiles = selected.slice(offset, offset + limit);
  const end = offset + profiles.length;
  return {
    total: selected.length,
    offset,
    limit,
    profiles,
    ...(end < selected.length ? { nextOffset: end } : {}),
  };
}

/** Profiles ranked against plain words ("prod db readonly"), each with why it matched. */
export function findProfiles(catalog: Catalog, query: string, limit: number): Match[] {
  return searchProfiles(catalog.profiles, query, limit);
}

/** Keys whose values are secrets: reported as present, never shown. */
const SECRET_KEYS = new Set(['aws_secret_access_key', 'aws_session_token', 'aws_security_token']);

export interface ProfileDetail {
  readonly record: ProfileRecord;
  /** Every setting as the AWS CLI reads it; secret values replaced by a note. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Where the profile is: `line N of FILE`. */
  readonly section: string;
}

export function getProfile(catalog: LoadedCatalog, name: string): ProfileDetail {
  const { document } = catalog.file;
  const record = catalog.profiles.find((p) => p.profile === name);
  const named = document.profile(name);
  if (!record || !named) {
    const near = searchProfiles(catalog.profiles, name, 5).map((m) => m.profile.profile);
    throw new AppError(
      'PROFILE_NOT_FOUND',
      `no profile named ${name}.${near.length ? ` Close: ${near.join(', ')}.` : ''}`,
    );
  }
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(named.values)) {
    settings[key] = SECRET_KEYS.has(key) ? '(set; not shown)' : value;
  }
  return { record, settings, section: `line ${named.section.line + 1} of ${document.source}` };
}

/**
 * The names the completion scripts offer, sorted and without repeats. A name a shell word cannot
 * hold as it is would be mangled or, worse, expanded: it is left out.
 */
export function completionNames(catalog: Catalog, kind: NameKind): string[] {
  const all =
    kind === 'profiles'
      ? catalog.profiles.map((p) => p.profile)
      : kind === 'sessions'
        ? catalog.sessions.map((s) => s.name)
        : catalog.profiles.flatMap((p) => (p.role === null ? [] : [p.role]));
  return [...new Set(all.filter(completable))].sort();
}
