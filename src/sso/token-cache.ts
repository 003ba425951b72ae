/**
 * The SSO token cache that AWS CLI v2, botocore and the JS SDK share:
 * `~/.aws/sso/cache/<sha1 hex>.json`, keyed on the sso-session name (or, for legacy profiles,
 * on the start URL). `AWS_CONFIG_FILE` does not move it.
 */
import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { homeDir, type Env } from '../config/paths.js';
import { Secret } from '../core/secret.js';
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

const optionalString = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

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
  const refreshToken = optionalString(raw.refreshToken);
  const clientSecret = optionalString(raw.clientSecret);
  return {
    accessToken: new Secret(raw.accessToken),
    expiresAt,
    startUrl: optionalString(raw.startUrl),
    region: optionalString(raw.region),
    refreshToken: refreshToken === undefined ? undefined : new Secret(refreshToken),
    clientId: optionalString(raw.clientId),
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
