/**
 * `aws-org-profiles credentials --profile NAME`: the `credential_process` protocol, for tools that
 * cannot read `sso_session` profiles. It prints role credentials, by design of that protocol, and
 * caches them in a 0600 file until shortly before they expire.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { cacheDir } from '../state/profile-map.js';
import { configFilePath, readConfigFile, type Env } from '../config/file.js';
import { AppError, usageError } from '../core/errors.js';
import { writePrivateFile } from '../files/private.js';
import { readRegularText } from '../files/read.js';
import type { SsoSession } from '../core/model.js';
import { createPortalApi } from '../sso/portal-client.js';
import { readSessionToken } from '../sso/token-cache.js';
import { timeoutsFromEnv } from '../sso/clients.js';
import { classifyFailure, describeFailure } from '../sso/failures.js';
import { failureHint, portalScheduler } from './discover.js';
import type { Io } from './io.js';
import { loginHint, openTokenSource, ssoTarget } from './session.js';

/** Fresh credentials are fetched this long before the cached ones expire. */
const MARGIN_MS = 10 * 60_000;

interface ProcessCredentials {
  Version: 1;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
}

const sha1 = (parts: readonly string[]) => createHash('sha1').update(parts.join('\u0000')).digest('hex');

/** Where a session's cached role credentials live: one folder per session, which logout removes. */
export function credentialCacheDir(env: Env, session: SsoSession): string {
  return join(cacheDir(env), 'credentials', sha1([session.startUrl, session.name]));
}

function cached(path: string, now: Date): ProcessCredentials | undefined {
  try {
    const c = JSON.parse(readRegularText(path)) as ProcessCredentials;
    return new Date(c.Expiration).getTime() - now.getTime() > MARGIN_MS ? c : undefined;
  } catch {
    return undefined;
  }
}

export async function runCredentials(io: Io, options: { profile?: string }): Promise<number> {
  const name = options.profile ?? io.env.AWS_PROFILE;
  if (!name) throw usageError('which profile? Give --profile NAME.');
  const doc = readConfigFile(configFilePath(io.env)).document;
  const { accountId, role, session } = ssoTarget(doc, name);
  const path = join(credentialCacheDir(io.env, session), `${sha1([accountId, role])}.json`);
  // Signed out (logout, or the token deleted): cached credentials from that sign-in are not used.
  const signedIn = readSessionToken(io.env, session, io.now()).state !== 'missing';
  let credentials = signedIn ? cached(path, io.now()) : undefined;
  if (!credentials) {
    const timeouts = timeoutsFromEnv(io.env);
    const api = createPortalApi({
      region: session.region,
      accessToken: await openTokenSource(io, session),
      maxSockets: 1,
      requestTimeoutMs: timeouts.requestMs,
    });
    // Retried like discovery's calls, and given up when the portal stops answering: the AWS CLI
    // waits on this process, so it must never hang.
    const scheduler = portalScheduler(io, timeouts);
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
      if (classifyFailure(error) === 'unauthorized') {
        throw new AppError(
          'TOKEN_REJECTED',
          `the portal rejected the SSO token of session ${session.name}.`,
          {
            hint: loginHint(session.name),
            cause: error,
          },
        );
      }
      throw new AppError('CHECK_FAILED', `no credentials for profile ${name}: ${describeFailure(error)}`, {
        hint: failureHint(error),
        cause: error,
      });
    } finally {
      api.close();
    }
    writePrivateFile(path, JSON.stringify(credentials));
  }
  io.stdout.write(`${JSON.stringify(credentials)}\n`);
  return 0;
}
