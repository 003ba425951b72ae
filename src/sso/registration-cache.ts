/**
 * The OIDC client registration that `login` reuses until it expires, cached beside the tokens
 * (mode 0600). Keyed like the AWS CLI's own, but under our tool name, so the two never overwrite
 * each other's registrations.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Env } from '../core/model.js';
import type { SsoSession } from '../core/model.js';
import { Secret } from '../core/secret.js';
import { writePrivateFile } from '../files/private.js';
import { readRegularText } from '../files/read.js';
import type { Registration } from './oidc-client.js';
import { cacheTimestamp, tokenCacheDir } from './token-cache.js';

export function registrationCachePath(env: Env, session: SsoSession, flow: 'device' | 'pkce'): string {
  const key = JSON.stringify({
    tool: 'aws-org-profiles',
    flow,
    region: session.region,
    scopes: session.registrationScopes ?? '',
    session_name: session.name,
    startUrl: session.startUrl,
  });
  return join(tokenCacheDir(env), `${createHash('sha1').update(key).digest('hex')}.json`);
}

export function readRegistration(path: string, now: Date): Registration | undefined {
  try {
    const raw = JSON.parse(readRegularText(path)) as {
      clientId?: string;
      clientSecret?: string;
      expiresAt?: string;
    };
    const expiresAt = new Date(String(raw.expiresAt).replace(/UTC$/, 'Z'));
    // A registration that lapses during a sign-in would fail it: keep an hour in hand.
    if (!raw.clientId || !raw.clientSecret || !(expiresAt.getTime() - now.getTime() > 3600_000))
      return undefined;
    return { clientId: raw.clientId, clientSecret: new Secret(raw.clientSecret), expiresAt };
  } catch {
    return undefined;
  }
}

export function writeRegistration(path: string, registration: Registration): void {
  writePrivateFile(
    path,
    `${JSON.stringify({
      clientId: registration.clientId,
      clientSecret: registration.clientSecret.reveal(),
      expiresAt: cacheTimestamp(registration.expiresAt),
    })}\n`,
  );
}
