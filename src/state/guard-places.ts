/**
 * Where the secrets the guard keeps agents away from live on this machine, found as the AWS CLI,
 * the SDKs and this tool find them: the SSO token cache, the AWS CLI's and botocore's credential
 * caches, the `aws login` cache (`AWS_LOGIN_CACHE_DIRECTORY`), the credentials file
 * (`AWS_SHARED_CREDENTIALS_FILE`) and this tool's own role credential cache (`XDG_CACHE_HOME`).
 * Each is listed as written and with symlinks resolved, so a link to it is caught too.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PathView, SecretPath } from '../core/guard-paths.js';
import type { Env } from '../core/model.js';
import { credentialCacheRoot } from './dirs.js';

export class GuardPlacesError extends Error {}

/** Symlinks resolved are looked up at most this many times per event: a huge command stays cheap. */
const MAX_LOOKUPS = 2000;
/** Steps of glob matching one event may take: well under a second, far above any real command's needs. */
const MATCH_BUDGET = 20_000_000;

/** Whether something is at `path`; a name too long or a file taken for a folder is nothing. */
function exists(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

/**
 * `path` with the symlinks of its longest existing part resolved. Folders looked up once are
 * remembered: a command's words mostly share the agent's folder.
 */
function realPrefix(path: string, known: Map<string, string>): string {
  let head = path;
  let tail = '';
  for (let hops = 0; hops < 256; hops++) {
    const seen = known.get(head);
    if (seen !== undefined) return seen + tail;
    // lstat first: a missing path is the common case, and realpath would throw for it.
    if (exists(head)) {
      try {
        const real = realpathSync(head);
        known.set(head, real);
        return real + tail;
      } catch {
        // A dangling symlink or a loop: taken as written.
        return path;
      }
    }
    const slash = head.lastIndexOf('/');
    if (slash <= 0) return path;
    tail = head.slice(slash) + tail;
    head = head.slice(0, slash);
  }
  return path;
}

/**
 * Throws without a home folder: the caches could be anywhere then. (node:os would find one from the
 * user database, but loading it costs every tool call a few milliseconds; hosts always set HOME.)
 */
export function guardView(env: Env, cwd: string): PathView {
  const home = env.HOME || env.USERPROFILE;
  if (!home) throw new GuardPlacesError('HOME is not set, so the guard cannot tell where the caches are');
  const withHome: Env = { ...env, HOME: home };
  const fromEnv = (value: string | undefined) =>
    value ? resolve(cwd, value === '~' || value.startsWith('~/') ? home + value.slice(1) : value) : undefined;
  const places: [string | undefined, string][] = [
    [join(home, '.aws', 'sso', 'cache'), 'the SSO token cache'],
    [join(home, '.aws', 'cli', 'cache'), "the AWS CLI's credential cache"],
    [join(home, '.aws', 'boto', 'cache'), "botocore's credential cache"],
    [join(home, '.aws', 'login', 'cache'), 'the `aws login` credential cache'],
    [fromEnv(env.AWS_LOGIN_CACHE_DIRECTORY), 'the `aws login` credential cache'],
    [join(home, '.aws', 'credentials'), 'the AWS credentials file'],
    [fromEnv(env.AWS_SHARED_CREDENTIALS_FILE), 'the AWS credentials file'],
    [credentialCacheRoot(withHome), "aws-org-profiles' role credential cache"],
  ];
  const secrets: SecretPath[] = [];
  const seen = new Set<string>();
  const known = new Map<string, string>();
  for (const [path, what] of places) {
    if (!path) continue;
    for (const form of [path, realPrefix(path, known)]) {
      const clean = form.length > 1 ? form.replace(/\/+$/, '') : form;
      if (seen.has(clean)) continue;
      seen.add(clean);
      secrets.push({ path: clean, what });
    }
  }
  let lookups = 0;
  return {
    home,
    secrets,
    realpath: (path) => (++lookups > MAX_LOOKUPS ? path : realPrefix(path, known)),
    budget: { left: MATCH_BUDGET },
  };
}
