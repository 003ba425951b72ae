/**
 * The SSO token cache that AWS CLI v2, botocore and the JS SDK share:
 * `~/.aws/sso/cache/<sha1 hex>.json`, keyed on the sso-session name (or, for legacy profiles,
 * on the start URL). `AWS_CONFIG_FILE` does not move it.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { homeDir, type Env } from '../config/file.js';
import { Secret } from '../core/secret.js';

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

export function tokenCachePath(env: Env, key: string): string {
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
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing', path };
    return { state: 'invalid', path, reason: (error as Error).message };
  }
  const token = parseToken(text);
  if (typeof token === 'string') return { state: 'invalid', path, reason: token };
  return { state: token.expiresAt.getTime() > now.getTime() ? 'valid' : 'expired', token, path };
}

/**
 * The cached token of an sso-session, as the AWS CLI would find it. The session-name file comes
 * first; a token cached under the start URL (legacy profiles) is used when it is the only one.
 * A token cached for another start URL is never used: that is another organisation's portal.
 */
export function readSessionToken(env: Env, session: SsoSessionRef, now: Date): TokenStatus {
  const byName = readStatus(tokenCachePath(env, session.name), now);
  const status = byName.state === 'missing' ? readLegacy(env, session, now, byName) : byName;
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

function readLegacy(env: Env, session: SsoSessionRef, now: Date, byName: TokenStatus): TokenStatus {
  const legacy = readStatus(tokenCachePath(env, session.startUrl), now);
  return legacy.state === 'missing' ? byName : legacy;
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

/** Atomic write of a secret-bearing file: 0600 from the first byte, in a 0700 folder. */
export function writePrivateFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}
