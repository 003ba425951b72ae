/**
 * Where the tool keeps its own files: caches (the profile map, role credentials for
 * `credential_process`) under `$XDG_CACHE_HOME/aws-org-profiles` (or `~/.cache`), and records
 * (the last sync of each session, what `agent install` wrote) under `$XDG_STATE_HOME` (or
 * `~/.local/state`). Files that hold anything private are 0600 in 0700 folders.
 */
import { join } from 'node:path';
import { homeDir } from '../config/paths.js';
import type { Env } from '../core/model.js';

export function cacheDir(env: Env): string {
  return join(env.XDG_CACHE_HOME || join(homeDir(env), '.cache'), 'aws-org-profiles');
}

/** The folder of every session's cached role credentials (for `credential_process`, `console`, `exec`). */
export function credentialCacheRoot(env: Env): string {
  return join(cacheDir(env), 'credentials');
}

export function stateDir(env: Env): string {
  return join(env.XDG_STATE_HOME || join(homeDir(env), '.local', 'state'), 'aws-org-profiles');
}

/** FNV-1a, twice with different seeds: a file name, not a security boundary, and no crypto module to load. */
function fnv(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** A file in the cache folder named by `prefix` and a hash of `text`: `<prefix>-<16 hex>.json`. */
export function cacheFilePath(env: Env, prefix: string, text: string): string {
  return join(cacheDir(env), `${prefix}-${fnv(text, 0x811c9dc5)}${fnv(text, 0x01234567)}.json`);
}
