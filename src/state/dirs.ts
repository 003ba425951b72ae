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

export function stateDir(env: Env): string {
  return join(env.XDG_STATE_HOME || join(homeDir(env), '.local', 'state'), 'aws-org-profiles');
}
