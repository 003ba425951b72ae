/**
 * The SSO token cache that AWS CLI v2, botocore and the JS SDK share:
 * `~/.aws/sso/cache/<sha1 hex>.json`, keyed on the sso-session name (or, for legacy profiles,
 * on the start URL). `AWS_CONFIG_FILE` does not move it.
 */
import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { homeDir } from '../config/paths.js';
import type { Env } from '../core/model.js';
import { Secret } from '../core/secret.js';
import { nonEmpty } from '../core/values.js';
import { writePrivateFile } from '../files/private.js';
import { readRegularText } from '../files/read.js';

export interface SsoSessionRef {
  readonly name: string;
  readonly startUrl: string;
  readonly region: string;
}

export interface CachedToken {
  readonly accessToken: Secret;
  readonly expiresAt: Date;
  readonly startUrl?: string;
  readonly region?: string;
  readonly refreshToken?: Secret;
  readonly clientId?: string;
  readonly clientSecret?: Secret;
  readonly registrationExpiresAt?: Date;
}

export type TokenStatus =
  | { readonly state: 'valid'; readonly token: CachedToken; readonly path: string }
  | { readonly state: 'expired'; readonly token: CachedToken; readonly path: string }
  | { readonly state: 'missing'; readonly path: string }
  | { readonly state: 'invalid'; readonly path: string; readonly reason: string };

export function tokenCacheDir(env: Env): string {
  return join(homeDir(env), '.aws', 'sso', 'cache');
}

// node:crypto takes milliseconds to load, and the agent hook only needs it on a cache miss.
const requireBuiltin = createRequire(import.meta.url);

export function tokenCachePath(env: Env, key: string): string {
  const { createHash } = requireBuiltin('node:crypto') as typeof Crypto;
  return join(tokenCacheDir(env), `${createHash('sha1').update(key).digest('hex')}.json`);
}

function parseDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  // botocore writes `2026-01-01T00:00:00Z`, the JS SDK adds milliseconds, older tools wrote `UTC`.
  const date = new Date(value.replace(/UTC$/, 'Z'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function parseToken(text: string): CachedToken | string {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'not valid JSON';
  }
  if (typeof raw !== 'object' || raw === null) return 'not a JSON object';
  if (typeof raw.accessToken !== 'string' || raw.accessToken === '') return 'no accessToken';
  const expiresAt = parseDate(raw.expiresAt);
  if (!expiresAt) return 'no valid expiresAt';
  const refreshToken = nonEmpty(raw.refreshToken);
  const clientSecret = nonEmpty(raw.clientSecret);
  return {
    accessToken: new Secret(raw.accessToken),
    expiresAt,
    startUrl: nonEmpty(raw.startUrl),
    region: nonEmpty(raw.region),
    refreshToken: refreshToken === undefined ? undefined : new Secret(refreshToken),
    clientId: nonEmpty(raw.clientId),
    clientSecret: clientSecret === undefined ? undefined : new Secret(clientSecret),
    registrationExpiresAt: parseDate(raw.registrationExpiresAt),
  };
}

function readStatus(path: string, now: Date): TokenStatus {
  let text: string;
  try {
    text = readRegularText(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing', path };
    return { state: 'invalid', path, reason: (error as Error).message };
  }
  const token = parseToken(text);
  if (typeof token === 'string') return { state: 'invalid', path, reason: token };
  return { state: token.expiresAt.getTime() > now.getTime() ? 'valid' : 'expired', token, path };
}

/** The cache holds what a refresh needs: a refresh token and a client registration still valid. */
export function canRefresh(token: CachedToken, now: Date): boolean {
  return (
    token.refreshToken !== undefined &&
    token.clientId !== undefined &&
    token.clientSecret !== undefined &&
    token.registrationExpiresAt !== undefined &&
    token.registrationExpiresAt.getTime() > now.getTime()
  );
}

/** Where the AWS CLI looks for a session's token: by session name, then (legacy) by start URL. */
export function sessionTokenPaths(
  env: Env,
  session: Pick<SsoSessionRef, 'name' | 'startUrl'>,
): [string, string] {
  return [tokenCachePath(env, session.name), tokenCachePath(env, session.startUrl)];
}

/**
 * The cached token of an sso-session, as the AWS CLI would find it. The session-name file comes
 * first; a token cached under the start URL (legacy profiles) is used when it is the only one.
 * A token cached for another start URL is never used: that is another organisation's portal.
 * `paths` lets the agent hook skip hashing (it caches them).
 */
export function readSessionToken(
  env: Env,
  session: SsoSessionRef,
  now: Date,
  paths: readonly [string, string] = sessionTokenPaths(env, session),
): TokenStatus {
  const byName = readStatus(paths[0], now);
  let status = byName;
  if (byName.state === 'missing') {
    const legacy = readStatus(paths[1], now);
    if (legacy.state !== 'missing') status = legacy;
  }
  if ((status.state === 'valid' || status.state === 'expired') && status.token.startUrl !== undefined) {
    if (normaliseUrl(status.token.startUrl) !== normaliseUrl(session.startUrl)) {
      return {
        state: 'invalid',
        path: status.path,
        reason: `it was issued for ${status.token.startUrl}, not for ${session.startUrl}`,
      };
    }
  }
  return status;
}

function normaliseUrl(url: string): string {
  return url.trim().replace(/#.*$/, '').replace(/\/+$/, '').toLowerCase();
}

export interface TokenToWrite {
  readonly accessToken: Secret;
  readonly expiresAt: Date;
  readonly startUrl: string;
  readonly region: string;
  readonly refreshToken?: Secret;
  readonly clientId?: string;
  readonly clientSecret?: Secret;
  readonly registrationExpiresAt?: Date;
}

/** botocore's timestamp format in the cache: seconds, UTC, `Z`. */
export function cacheTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Writes the cache file of an sso-session in AWS CLI v2's format, mode 0600, atomically. */
export function writeSessionToken(env: Env, sessionName: string, token: TokenToWrite): string {
  const path = tokenCachePath(env, sessionName);
  const body: Record<string, string> = {
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken.reveal(),
    expiresAt: cacheTimestamp(token.expiresAt),
  };
  if (token.clientId) body.clientId = token.clientId;
  if (token.clientSecret) body.clientSecret = token.clientSecret.reveal();
  if (token.registrationExpiresAt) body.registrationExpiresAt = cacheTimestamp(token.registrationExpiresAt);
  if (token.refreshToken) body.refreshToken = token.refreshToken.reveal();
  writePrivateFile(path, `${JSON.stringify(body)}\n`);
  return path;
}

/** A cache file is a few hundred bytes; a huge one is not the CLI's. */
const MAX_CACHE_FILE = 1 << 20;

/**
 * The secrets in the SSO token cache (access and refresh tokens, client secrets), read fresh: the
 * AWS CLI may have refreshed a token meanwhile. Every file of the cache counts, whichever session
 * or legacy start URL it belongs to; one that cannot be read or parsed holds nothing to find.
 */
export function cachedTokenSecrets(env: Env): string[] {
  const found = new Set<string>();
  let dir: string;
  let names: string[];
  try {
    dir = tokenCacheDir(env);
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  for (const name of names) {
    let raw: unknown;
    try {
      const path = join(dir, name);
      if (statSync(path).size > MAX_CACHE_FILE) continue;
      raw = JSON.parse(readRegularText(path));
    } catch {
      continue;
    }
    if (typeof raw !== 'object' || raw === null) continue;
    for (const key of ['accessToken', 'refreshToken', 'clientSecret', 'idToken']) {
      const value = (raw as Record<string, unknown>)[key];
      if (typeof value === 'string') found.add(value);
    }
  }
  return [...found];
}

/** Removes the session's cached token, under its name and its start URL; returns the files removed. */
export function removeSessionToken(env: Env, session: Pick<SsoSessionRef, 'name' | 'startUrl'>): string[] {
  const removed: string[] = [];
  for (const path of sessionTokenPaths(env, session)) {
    try {
      rmSync(path);
      removed.push(path);
    } catch {
      // Not there.
    }
  }
  return removed;
}
