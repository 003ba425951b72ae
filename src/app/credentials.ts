/**
 * Credentials: the `credential_process` protocol, for tools that cannot read `sso_session`
 * profiles. It returns role credentials, by design of that protocol, and caches them in a 0600
 * file until shortly before they expire.
 */
import { readConfigFile } from '../config/file.js';
import { configFilePath } from '../config/paths.js';
import { ssoTarget } from '../config/sessions.js';
import { usageError } from '../core/errors.js';
import { timeoutsFromEnv } from '../sso/clients.js';
import { portalFailure, portalScheduler } from '../sso/portal-calls.js';
import { createPortalApi } from '../sso/portal-client.js';
import { openTokenSource } from '../sso/session-token.js';
import { readSessionToken } from '../sso/token-cache.js';
import {
  readCachedCredentials,
  writeCachedCredentials,
  type ProcessCredentials,
} from '../state/credential-cache.js';
import type { Runtime } from './runtime.js';

export type { ProcessCredentials } from '../state/credential-cache.js';

/** The credentials of `profile` (or `$AWS_PROFILE`), from the cache while they are good for a while. */
export async function processCredentials(
  rt: Runtime,
  profile: string | undefined,
): Promise<ProcessCredentials> {
  const name = profile ?? rt.env.AWS_PROFILE;
  if (!name) throw usageError('which profile? Give --profile NAME.');
  const doc = readConfigFile(configFilePath(rt.env)).document;
  const { accountId, role, session } = ssoTarget(doc, name);
  // Signed out (logout, or the token deleted): cached credentials from that sign-in are not used.
  const signedIn = readSessionToken(rt.env, session, rt.now()).state !== 'missing';
  const cached = signedIn ? readCachedCredentials(rt.env, session, accountId, role, rt.now()) : undefined;
  if (cached) return cached;
  const timeouts = timeoutsFromEnv(rt.env);
  const api = createPortalApi({
    region: session.region,
    accessToken: await openTokenSource(rt.env, rt.now, session),
    maxSockets: 1,
    requestTimeoutMs: timeouts.requestMs,
  });
  // Retried like discovery's calls, and given up when the portal stops answering: the AWS CLI
  // waits on this process, so it must never hang.
  const scheduler = portalScheduler(rt.env, timeouts, (text) => rt.reporter.notify({ kind: 'debug', text }));
  let credentials: ProcessCredentials;
  try {
    const c = await scheduler.run('GetRoleCredentials', (signal) =>
      api.getRoleCredentials(accountId, role, signal),
    );
    credentials = {
      Version: 1,
      AccessKeyId: c.accessKeyId,
      SecretAccessKey: c.secretAccessKey.reveal(),
      SessionToken: c.sessionToken.reveal(),
      Expiration: c.expiration.toISOString(),
    };
  } catch (error) {
    throw portalFailure(error, session.name, 'CHECK_FAILED', `no credentials for profile ${name}`);
  } finally {
    api.close();
  }
  writeCachedCredentials(rt.env, session, accountId, role, credentials);
  return credentials;
}
