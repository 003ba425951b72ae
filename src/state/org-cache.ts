/**
 * The org cache: the last complete read of the organisation's structure (core/org.ts), one file
 * per IAM Identity Center instance, keyed by its start URL, 0600 in the cache folder. `sync` writes
 * it; `list`, `context`, `each` and the MCP server read it. A missing, unreadable or malformed file
 * is no cache: never an error.
 */
import type { Env } from '../core/model.js';
import type { SessionRef } from '../core/sign-in.js';
import type { OrgSnapshot } from '../core/org.js';
import { parseOrgSnapshot } from '../core/org-structure.js';
import { identify, type FileIdentity } from '../files/identity.js';
import { writePrivateFile } from '../files/private.js';
import { readRegularText } from '../files/read.js';
import { cacheFilePath } from './dirs.js';

export function orgCachePath(env: Env, startUrl: string): string {
  return cacheFilePath(env, 'org', startUrl);
}

/** The file's identity, so that a cache built from it (the context hook's) knows when it changed. */
/** One org cache file, as an entry built from it remembers it. */
export interface OrgFile {
  readonly startUrl: string;
  readonly file: FileIdentity | null;
}

/** The identities of the org cache files of these sessions, one per start URL: what tells that one changed. */
export function orgFilesOf(env: Env, sessions: readonly SessionRef[]): OrgFile[] {
  const urls = new Set<string>();
  for (const s of sessions) if (s.startUrl !== null) urls.add(s.startUrl);
  return [...urls].map((startUrl) => ({ startUrl, file: orgCacheIdentity(env, startUrl) }));
}

export function orgCacheIdentity(env: Env, startUrl: string): FileIdentity | null {
  return identify(orgCachePath(env, startUrl));
}

/**
 * The cached snapshot for this start URL, of any age; undefined when there is none that reads
 * well: a file that is missing, unreadable, of another version or not a whole, consistent snapshot.
 */
export function readOrgSnapshot(env: Env, startUrl: string): OrgSnapshot | undefined {
  let data: unknown;
  try {
    data = JSON.parse(readRegularText(orgCachePath(env, startUrl)));
  } catch {
    return undefined;
  }
  return parseOrgSnapshot(data, startUrl);
}

/** Written whole and atomically, 0600; the caller decides whether a failure matters. */
export function writeOrgSnapshot(env: Env, snapshot: OrgSnapshot): void {
  writePrivateFile(orgCachePath(env, snapshot.startUrl), JSON.stringify(snapshot));
}
