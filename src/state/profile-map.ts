/**
 * A cache of the slow part of `context`: the profile section, keyed by the config file's identity
 * (path, size, times, inode) and the options. The agent hook then costs little more than starting
 * node, even at 10,000 profiles. The sign-in lines are never cached: they depend on the clock and
 * the token cache. Files are 0600 under `$XDG_CACHE_HOME/aws-org-profiles` (or `~/.cache`).
 */
import { realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { homeDir, type Env } from '../config/paths.js';
import type { ContextParts } from '../core/context-text.js';
import { writePrivateFile } from '../files/private.js';
import { readRegularText } from '../files/read.js';

export interface SessionRef {
  readonly name: string;
  readonly startUrl: string | null;
  readonly region: string | null;
  /** Where its token is cached (by name, by start URL), so that the hook need not hash. */
  readonly tokenPaths?: readonly [string, string];
}

export interface FileIdentity {
  readonly realPath: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
  readonly dev: number;
}

export interface ContextCacheEntry {
  readonly version: 1;
  readonly tool: string;
  readonly key: string;
  readonly file: FileIdentity | null;
  readonly sessions: readonly SessionRef[];
  readonly parts: ContextParts;
}

/** The config file as it is now, or null when it does not exist. */
export function identify(path: string): FileIdentity | null {
  let realPath: string;
  try {
    realPath = realpathSync(path);
  } catch {
    return null;
  }
  const s = statSync(realPath, { throwIfNoEntry: false });
  if (!s) return null;
  return { realPath, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino, dev: s.dev };
}

export function cacheDir(env: Env): string {
  return join(env.XDG_CACHE_HOME || join(homeDir(env), '.cache'), 'aws-org-profiles');
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

export function contextCachePath(env: Env, configPath: string, key: string): string {
  const text = `${configPath}\u0000${key}`;
  const id = `${fnv(text, 0x811c9dc5)}${fnv(text, 0x01234567)}`;
  return join(cacheDir(env), `context-${id}.json`);
}

const same = (a: FileIdentity | null, b: FileIdentity | null) =>
  a === null || b === null
    ? a === b
    : a.realPath === b.realPath &&
      a.size === b.size &&
      a.mtimeMs === b.mtimeMs &&
      a.ctimeMs === b.ctimeMs &&
      a.ino === b.ino &&
      a.dev === b.dev;

/** The cached entry, if it was made by this version, for these options, from this very file. */
export function readContextCache(
  path: string,
  expected: { tool: string; key: string; file: FileIdentity | null },
): ContextCacheEntry | undefined {
  let entry: ContextCacheEntry;
  try {
    entry = JSON.parse(readRegularText(path)) as ContextCacheEntry;
  } catch {
    return undefined;
  }
  if (entry.version !== 1 || entry.tool !== expected.tool || entry.key !== expected.key) return undefined;
  return same(entry.file, expected.file) ? entry : undefined;
}

/** Best effort: a cache that cannot be written only makes the next run slower. */
export function writeContextCache(path: string, entry: ContextCacheEntry): void {
  try {
    writePrivateFile(path, JSON.stringify(entry));
  } catch {
    // A read-only home or a full disk must not break the hook.
  }
}
