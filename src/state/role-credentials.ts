/**
 * A profile's role credentials, as `credentials` (credential_process), `console` and `exec` get
 * them: from the 0600 credential cache while they are good for a while, else GetRoleCredentials
 * with the session's cached token (refreshed when it can be), written back to the cache.
 */
import { readConfigFile } from '../config/file.js';
import { configFilePath } from '../config/paths.js';
import { ssoTarget, type SsoTarget } from '../config/sessions.js';
import { AppError, awsErrorInfo, usageError } from '../core/errors.js';
import type { Env } from '../core/model.js';
import { profileRecord } from '../core/profile-record.js';
import { timeoutsFromEnv } from '../sso/clients.js';
import { describeFailure } from '../sso/failures.js';
import { portalFailure, portalScheduler } from '../sso/portal-calls.js';
import { createPortalApi } from '../sso/portal-client.js';
import { openTokenSource } from '../sso/session-token.js';
import { readSessionToken } from '../sso/token-cache.js';
import {
  readCachedCredentials,
  writeCachedCredentials,
  type ProcessCredentials,
} from './credential-cache.js';

export interface ProfileCredentials extends ResolvedProfile {
  readonly credentials: ProcessCredentials;
  /** Whether they came from the cache (no portal call was made). */
  readonly cached: boolean;
}

/** The profile a command acts on: the one named, else `$AWS_PROFILE`. */
export function profileName(env: Env, profile: string | undefined, option = 'a profile name'): string {
  const name = profile ?? env.AWS_PROFILE;
  if (!name) throw usageError(`which profile? Give ${option}, or set AWS_PROFILE.`);
  return name;
}

/** An IAM Identity Center profile, read from the config: its account, role and session. */
export interface ResolvedProfile {
  readonly target: SsoTarget;
  /** The account's name as the profile records it (`sso_account_name`), decoded. */
  readonly accountName: string | null;
}

export function resolveProfile(env: Env, name: string): ResolvedProfile {
  const doc = readConfigFile(configFilePath(env)).document;
  const target = ssoTarget(doc, name);
  const section = doc.profile(name);
  return { target, accountName: section ? profileRecord(name, section).accountName : null };
}

/** The role credentials of an IAM Identity Center profile. */
export async function profileCredentials(
  env: Env,
  now: () => Date,
  name: string,
  debug?: (line: string) => void,
): Promise<ProfileCredentials> {
  return roleCredentials(env, now, resolveProfile(env, name), debug);
}

/** The role credentials of a profile already read. */
export async function roleCredentials(
  env: Env,
  now: () => Date,
  { target, accountName }: ResolvedProfile,
  debug?: (line: string) => void,
): Promise<ProfileCredentials> {
  const { accountId, role, session, profile: name } = target;
  // Signed out (logout, or the token deleted): cached credentials from that sign-in are not used.
  const signedIn = readSessionToken(env, session, now()).state !== 'missing';
  const cached = signedIn ? readCachedCredentials(env, session, accountId, role, now()) : undefined;
  if (cached) return { target, accountName, credentials: cached, cached: true };
  const timeouts = timeoutsFromEnv(env);
  const api = createPortalApi({
    region: session.region,
    accessToken: await openTokenSource(env, now, session),
    maxSockets: 1,
    requestTimeoutMs: timeouts.requestMs,
  });
  // Retried like discovery's calls, and given up when the portal stops answering: a program
  // waits on this one, so it must never hang.
  const scheduler = portalScheduler(env, timeouts, debug);
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
    if (awsErrorInfo(error)?.name === 'ForbiddenException') {
      throw new AppError(
        'CHECK_FAILED',
        `the portal refused role ${role} in account ${accountId} (profile ${name}): ${describeFailure(error)}`,
        {
          hint: `The role may no longer be assigned to you. aws-org-profiles sync --prune --sso-session ${session.name} updates the profiles.`,
          cause: error,
        },
      );
    }
    throw portalFailure(error, session.name, 'CHECK_FAILED', `no credentials for profile ${name}`);
  } finally {
    api.close();
  }
  writeCachedCredentials(env, session, accountId, role, credentials);
  return { target, accountName, credentials, cached: false };
}
