/**
 * Listing and looking up profiles: `list`, the completion scripts' names, and the MCP server's
 * `list_profiles`, `find_profiles` and `get_profile`. Reads the config, and the org cache for
 * each profile's place in the organisation (its OU path and tags).
 */
import { CatalogSource, loadCatalog, type Catalog, type LoadedCatalog } from '../config/catalog.js';
import type { Env } from '../core/model.js';
import { completable, type NameKind } from '../core/completion-script.js';
import { AppError } from '../core/errors.js';
import { withPlaces } from '../core/org.js';
import { orgTree, type OrgTreeNode } from '../core/org-tree.js';
import { byProfileName, type ProfileRecord } from '../core/profile-record.js';
import { ProfileIndex, searchProfiles, type Match } from '../core/search.js';
import { checkStructureKnown, selectProfiles, type ProfileSelection } from '../core/select.js';
import { orgFilesOf } from '../state/org-cache.js';
import { placesBySession } from '../state/org-places.js';

export type { Catalog, LoadedCatalog } from '../config/catalog.js';

/** The catalog with each profile's OU path and tags where the org cache of its sso-session knows them. */
function placed<C extends Catalog>(env: Env, catalog: C): C {
  const places = placesBySession(env, catalog.sessions);
  return places.size === 0 ? catalog : { ...catalog, profiles: withPlaces(catalog.profiles, places) };
}

/** The profiles and sso-sessions of the config, read once, joined to the org cache. */
export function loadProfiles(env: Env): LoadedCatalog {
  return placed(env, loadCatalog(env));
}

/**
 * The catalog of a long-lived process (the MCP server): the config is parsed again only when the
 * file changed, and the profiles are joined to the org cache again only when the config or one of
 * its org cache files changed, so that a `sync` during an agent's session shows up at its next
 * call. The same object comes back while nothing changed: what is built from it (the search
 * index) is kept with it.
 */
class PlacedCatalogSource {
  readonly #env: Env;
  readonly #config: CatalogSource;
  #base: LoadedCatalog | undefined;
  #orgKey: string | undefined;
  #loaded: LoadedCatalog | undefined;

  constructor(env: Env) {
    this.#env = env;
    this.#config = new CatalogSource(env);
  }

  get(): LoadedCatalog {
    const base = this.#config.get();
    // Taken before the files are read: a file that changes meanwhile is read again next time.
    const key = JSON.stringify(orgFilesOf(this.#env, base.sessions));
    if (!this.#loaded || base !== this.#base || key !== this.#orgKey) {
      this.#loaded = placed(this.#env, base);
      this.#base = base;
      this.#orgKey = key;
    }
    return this.#loaded;
  }
}

/** For a long-lived process: the config and the org cache are read again whenever they changed. */
export function watchProfiles(env: Env): { get(): LoadedCatalog } {
  return new PlacedCatalogSource(env);
}

/** The selected profiles, in the order of the config. */
export function listProfiles(catalog: Catalog, selection: ProfileSelection): ProfileRecord[] {
  return selectProfiles(catalog.profiles, selection);
}

/**
 * For a selection by OU or tag: throws a usage error when the structure of no candidate profile
 * is known, and returns a one-line note when some are unknown, so that a filter never matches
 * nothing in silence. Undefined otherwise.
 */
export function structureNote(catalog: Catalog, selection: ProfileSelection): string | undefined {
  return checkStructureKnown(catalog.profiles, selection);
}

export interface ProfilePage {
  readonly total: number;
  /** The org cache does not place some candidates, which OU and tag filters then leave out. */
  readonly note?: string;
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
  const note = structureNote(catalog, selection);
  const selected = selectProfiles(catalog.profiles, selection).sort(byProfileName);
  const profiles = selected.slice(offset, offset + limit);
  const end = offset + profiles.length;
  return {
    total: selected.length,
    ...(note === undefined ? {} : { note }),
    offset,
    limit,
    profiles,
    ...(end < selected.length ? { nextOffset: end } : {}),
  };
}

/** The search index of each catalog's profiles, built at its first query and kept as long as the catalog. */
const indexes = new WeakMap<readonly ProfileRecord[], ProfileIndex>();

/** Profiles ranked against plain words ("prod db readonly"), each with why it matched. */
export function findProfiles(catalog: Catalog, query: string, limit: number): Match[] {
  let index = indexes.get(catalog.profiles);
  if (!index) indexes.set(catalog.profiles, (index = new ProfileIndex(catalog.profiles)));
  return index.search(query, limit);
}

/** An OU of the tree as the MCP tool returns it: children past the depth asked for are only counted. */
export interface OrgTreeView extends Omit<OrgTreeNode, 'children'> {
  readonly children: readonly OrgTreeView[];
  /** OUs below this one that hold accounts but are not shown, past the depth asked for. */
  readonly hiddenOus?: number;
}

export interface OrgTreeResult {
  /** Undefined when the org cache places none of the selected profiles. */
  readonly tree?: OrgTreeView;
  /** Selected profiles whose account's place is unknown: in no OU of the tree. */
  readonly unplaced: number;
  readonly note?: string;
}

function countOus(node: OrgTreeNode): number {
  return node.children.reduce((n, child) => n + 1 + countOus(child), 0);
}

function cut(node: OrgTreeNode, depth: number): OrgTreeView {
  if (depth > 0) return { ...node, children: node.children.map((c) => cut(c, depth - 1)) };
  const hidden = countOus(node);
  return { ...node, children: [], ...(hidden > 0 ? { hiddenOus: hidden } : {}) };
}

/**
 * The OU tree of the selected profiles, with counts of accounts and profiles and the roles per OU,
 * down to `maxDepth` levels below the root.
 */
export function orgTreeOf(
  catalog: Catalog,
  selection: ProfileSelection,
  options: { readonly maxDepth: number; readonly prodTagKeys?: readonly string[] },
): OrgTreeResult {
  const note = structureNote(catalog, selection);
  const selected = selectProfiles(catalog.profiles, selection);
  const tree = orgTree(selected, options.prodTagKeys ? { prodTagKeys: options.prodTagKeys } : {});
  const unplaced = selected.filter((p) => p.ouPath === undefined).length;
  const unknown =
    tree === undefined && selected.length > 0
      ? 'The organisation structure of these profiles is unknown: run `aws-org-profiles sync` with an Organizations reader (see --org-profile).'
      : undefined;
  const text = note ?? unknown;
  return {
    ...(tree ? { tree: cut(tree, options.maxDepth) } : {}),
    unplaced,
    ...(text === undefined ? {} : { note: text }),
  };
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
