/**
 * The org cache: the last complete read of the organisation's structure (core/org.ts), one file
 * per IAM Identity Center instance, keyed by its start URL, 0600 in the cache folder. `sync` writes
 * it; `list`, `context`, `each` and the MCP server read it. A missing, unreadable or malformed file
 * is no cache: never an error.
 */
import { join } from 'node:path';
import type { Env } from '../core/model.js';
import type { OrgSnapshot } from '../core/org.js';
import { parseOrgSnapshot } from '../core/org-structure.js';
import { identify, type FileIdentity } from '../files/identity.js';
import { writePrivateFile } from '../files/private.js';
import { readRegularText } from '../files/read.js';
import { cacheDir } from './dirs.js';

/** FNV-1a, twice with different seeds: a file name, not a security boundary. */
function fnv(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export function orgCachePath(env: Env, startUrl: string): string {
  return join(cacheDir(env), `org-${fnv(startUrl, 0x811c9dc5)}${fnv(startUrl, 0x01234567)}.json`);
}

/** The file's identity, so that a cache built from it (the context hook's) knows when it changed. */
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
