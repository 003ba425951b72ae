/**
 * Role credentials cached for `credential_process`, one 0600 file per account and role, in one
 * folder per sso-session sign-in (which `logout` removes), until shortly before they expire.
 */
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { homeDir } from '../config/paths.js';
import { secretPlaces, type SecretPlaces } from '../core/agent-safety.js';
import type { Env, SsoSession } from '../core/model.js';
import { writePrivateFile } from '../files/private.js';
import { readRegularText } from '../files/read.js';
import { credentialCacheRoot } from './dirs.js';

/** Fresh credentials are fetched this long before the cached ones expire. */
const MARGIN_MS = 10 * 60_000;

/** The `credential_process` protocol's document. */
export interface ProcessCredentials {
  readonly Version: 1;
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly SessionToken: string;
  readonly Expiration: string;
}

const sha1 = (parts: readonly string[]) => createHash('sha1').update(parts.join('\u0000')).digest('hex');

/** Where a session's cached role credentials live. */
export function credentialCacheDir(env: Env, session: SsoSession): string {
  return join(credentialCacheRoot(env), sha1([session.startUrl, session.name]));
}

/** The places that hold this user's tokens and keys, which the agent files fence. */
export function secretPlacesOf(env: Env): SecretPlaces {
  return secretPlaces(homeDir(env), credentialCacheRoot(env), env.AWS_SHARED_CREDENTIALS_FILE);
}

function credentialPath(env: Env, session: SsoSession, accountId: string, role: string): string {
  return join(credentialCacheDir(env, session), `${sha1([accountId, role])}.json`);
}

function isCredentials(value: unknown): value is ProcessCredentials {
  const c = value as Partial<Record<keyof ProcessCredentials, unknown>> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    c.Version === 1 &&
    typeof c.AccessKeyId === 'string' &&
    typeof c.SecretAccessKey === 'string' &&
    typeof c.SessionToken === 'string' &&
    typeof c.Expiration === 'string'
  );
}

/** Cached credentials that are good for a while yet; anything else, a broken file included, is none. */
export function readCachedCredentials(
  env: Env,
  session: SsoSession,
  accountId: string,
  role: string,
  now: Date,
): ProcessCredentials | undefined {
  try {
    const c: unknown = JSON.parse(readRegularText(credentialPath(env, session, accountId, role)));
    if (!isCredentials(c)) return undefined;
    return new Date(c.Expiration).getTime() - now.getTime() > MARGIN_MS ? c : undefined;
  } catch {
    return undefined;
  }
}

export function writeCachedCredentials(
  env: Env,
  session: SsoSession,
  accountId: string,
  role: string,
  credentials: ProcessCredentials,
): void {
  writePrivateFile(credentialPath(env, session, accountId, role), JSON.stringify(credentials));
}

/** Removes every cached credential of the session's sign-in; returns the folder if it was there. */
export function removeCachedCredentials(env: Env, session: SsoSession): string | undefined {
  const dir = credentialCacheDir(env, session);
  if (!existsSync(dir)) return undefined;
  rmSync(dir, { recursive: true, force: true });
  return dir;
}
