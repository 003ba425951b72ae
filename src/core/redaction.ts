/**
 * A second line of defence behind the argument checks: what an AWS CLI run prints is searched for
 * secrets before an agent sees it. The cached SSO tokens of the sessions in use are replaced
 * wherever they appear, and so is the value of any field or header that names a credential, in the
 * forms the AWS CLI prints them: JSON (`"SecretAccessKey": "..."`), Python's repr in a debug log
 * (`'x-amz-sso_bearer_token': b'...'`), and `key = value` lines.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '../config/paths.js';
import { readRegularText } from '../files/read.js';
import { tokenCacheDir } from '../sso/token-cache.js';

export const REDACTED = '[redacted]';

const SECRET_KEYS = [
  'aws_secret_access_key',
  'secret_access_key',
  'secretAccessKey',
  'aws_session_token',
  'session_token',
  'sessionToken',
  'aws_security_token',
  'security_token',
  'securityToken',
  'x-amz-security-token',
  'x-amz-sso_bearer_token',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'client_secret',
  'clientSecret',
  'id_token',
  'idToken',
].join('|');

/** A key (maybe quoted), `:` or `=`, then a quoted value (maybe Python bytes, `b'...'`). */
const QUOTED = new RegExp(
  `(["']?)\\b(${SECRET_KEYS})\\1(\\s*[:=]\\s*)(b?)(["'])((?:\\\\.|(?!\\5)[^\\\\\\n])*)\\5`,
  'gi',
);
/** A key, `:` or `=`, then a bare value: `aws_secret_access_key = ...`, `X-Amz-Security-Token=...&`. */
const BARE = new RegExp(`\\b(${SECRET_KEYS})(\\s*[:=][ \\t]*)(?!["'\\s])[^\\s"',;&}\\]]+`, 'gi');

/** Shorter strings could be anything; every token and secret the AWS CLI caches is far longer. */
const MIN_LITERAL = 8;
const MAX_CACHE_FILE = 1 << 20;

export function redactSecrets(text: string, literals: readonly string[]): string {
  let out = text;
  for (const secret of literals) {
    if (secret.length >= MIN_LITERAL) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(
      QUOTED,
      (_m, q: string, key: string, sep: string, b: string, vq: string) =>
        `${q}${key}${q}${sep}${b}${vq}${REDACTED}${vq}`,
    )
    .replace(BARE, (_m, key: string, sep: string) => `${key}${sep}${REDACTED}`);
}

/**
 * The secrets in the SSO token cache (access and refresh tokens, client secrets), read fresh: the
 * AWS CLI may have refreshed a token during the run. Every file of the cache counts, whichever
 * session or legacy start URL it belongs to; one that cannot be read or parsed holds nothing to find.
 */
export function cachedSecrets(env: Env): string[] {
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
      // A cache file is a few hundred bytes; a huge one is not the CLI's.
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
