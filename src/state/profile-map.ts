/**
 * A cache of the slow part of `context`: the profile map (everything but the sign-in lines), keyed
 * by the config file's identity and the options, and checked against the org cache files it was built
 * from. The agent hook then costs little more than
 * starting node, even at 10,000 profiles. The sign-in lines are never cached: they depend on the
 * clock and the token cache. Files are 0600 in the cache folder. Loaded on the agent hook's path:
 * it reads files only, and the code that builds an entry from the config is in
 * profile-map-builder.ts, loaded only on a miss.
 */
import type { ContextParts } from '../core/context-text.js';
import type { Env } from '../core/model.js';
import type { ProfileSelection } from '../core/select.js';
import type { SessionRef } from '../core/sign-in.js';
import { sameIdentity, type FileIdentity } from '../files/identity.js';
import { writePrivateFile } from '../files/private.js';
import { readRegularText } from '../files/read.js';
import { cacheFilePath } from './dirs.js';
import { orgCacheIdentity, type OrgFile } from './org-cache.js';

/** What the map shows: a selection of profiles, a size limit, and which tools it mentions. */
export interface ProfileMapRequest {
  readonly maxBytes: number;
  readonly selection: Pick<ProfileSelection, 'ssoSession' | 'role' | 'account' | 'ou' | 'tag'>;
  readonly tools: { readonly each: boolean; readonly mcp: boolean };
  /** The tag keys that mark production accounts; the default ones when absent. */
  readonly prodTagKeys?: readonly string[];
}

/** The cache key of a request: every input that changes the text. */
export function profileMapKey(request: ProfileMapRequest): string {
  const { maxBytes, selection, tools } = request;
  return JSON.stringify([
    maxBytes,
    selection.ssoSession ?? [],
    selection.role ?? [],
    selection.account ?? [],
    tools,
    selection.ou ?? [],
    selection.tag ?? [],
    request.prodTagKeys ?? null,
  ]);
}

/** An org cache file an entry was built from, as it was then (null: there was none). */
export interface ProfileMapEntry {
  readonly version: 1;
  /** The version of aws-org-profiles that wrote it: another one may render differently. */
  readonly tool: string;
  readonly key: string;
  readonly file: FileIdentity | null;
  readonly sessions: readonly SessionRef[];
  /** The org cache of each start URL of the sessions: a sync that rewrites one makes the entry stale. */
  readonly orgFiles: readonly OrgFile[];
  readonly parts: ContextParts;
}

export function profileMapPath(env: Env, configPath: string, key: string): string {
  const text = `${configPath}\u0000${key}`;
  return cacheFilePath(env, 'context', text);
}

/** The cached entry, if it was made by this version, for these options, from this very file. */
export function readProfileMap(
  path: string,
  expected: { tool: string; key: string; file: FileIdentity | null },
): ProfileMapEntry | undefined {
  let entry: ProfileMapEntry;
  try {
    entry = JSON.parse(readRegularText(path)) as ProfileMapEntry;
  } catch {
    return undefined;
  }
  if (typeof entry !== 'object' || entry === null) return undefined;
  if (entry.version !== 1 || entry.tool !== expected.tool || entry.key !== expected.key) return undefined;
  const { parts, sessions } = entry;
  if (typeof parts?.before !== 'string' || typeof parts.after !== 'string') return undefined;
  if (!Array.isArray(sessions) || !sessions.every(isSessionRef)) return undefined;
  if (!Array.isArray(entry.orgFiles) || !entry.orgFiles.every(isOrgFile)) return undefined;
  return sameIdentity(entry.file, expected.file) ? entry : undefined;
}

function isOrgFile(value: unknown): value is OrgFile {
  const o = value as Partial<Record<keyof OrgFile, unknown>> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.startUrl === 'string' &&
    (o.file === null || (typeof o.file === 'object' && o.file !== undefined))
  );
}

/** Whether every org cache file is still the one the entry was built from: a stat each. */
export function orgFilesUnchanged(env: Env, entry: ProfileMapEntry): boolean {
  return entry.orgFiles.every((o) => sameIdentity(orgCacheIdentity(env, o.startUrl), o.file));
}

const stringOrNull = (value: unknown) => value === null || typeof value === 'string';

function isSessionRef(value: unknown): value is SessionRef {
  const s = value as Partial<Record<keyof SessionRef, unknown>> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.name === 'string' &&
    stringOrNull(s.startUrl) &&
    stringOrNull(s.region) &&
    (s.tokenPaths === undefined ||
      (Array.isArray(s.tokenPaths) &&
        s.tokenPaths.length === 2 &&
        s.tokenPaths.every((p) => typeof p === 'string')))
  );
}

/** Best effort: a cache that cannot be written only makes the next run slower. */
export function writeProfileMap(path: string, entry: ProfileMapEntry): void {
  try {
    writePrivateFile(path, JSON.stringify(entry));
  } catch {
    // A read-only home or a full disk must not break the hook.
  }
}
