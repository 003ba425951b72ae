/**
 * Login and logout: the sign-in to an sso-session, owned end to end, in the AWS CLI's cache
 * format, and the sign-out that removes what that sign-in left (the token, cached role
 * credentials).
 */
import { readConfigFile } from '../config/file.js';
import { configFilePath } from '../config/paths.js';
import { resolveSession } from '../config/sessions.js';
import type { SsoSession } from '../core/model.js';
import { timeoutsFromEnv } from '../sso/clients.js';
import { createPortalApi } from '../sso/portal-client.js';
import { signInToSession } from '../sso/session-sign-in.js';
import { readSessionToken, removeSessionToken } from '../sso/token-cache.js';
import { removeCachedCredentials } from '../state/credential-cache.js';
import { openBrowser } from '../system/browser.js';
import type { Runtime } from './runtime.js';

export interface LoginInput {
  readonly ssoSession?: string;
  /** The device-authorization flow, for a machine without a browser. */
  readonly useDeviceCode?: boolean;
  /** Open the sign-in page in the desktop's browser (the default). */
  readonly openBrowser?: boolean;
}

export interface LoginResult {
  readonly session: string;
  readonly expiresAt: Date;
  readonly tokenCache: string;
}

export type PortalSignOut = 'signed-out' | 'already-expired' | 'no-token' | 'failed';

export interface LogoutResult {
  readonly session: string;
  readonly portal: PortalSignOut;
  /** The files and folders removed: the cached token, the role credentials cached from it. */
  readonly removed: readonly string[];
}

function sessionFor(rt: Runtime, name: string | undefined): SsoSession {
  const file = readConfigFile(configFilePath(rt.env));
  return resolveSession(file.document, name, file.exists);
}

export async function login(rt: Runtime, input: LoginInput): Promise<LoginResult> {
  const session = sessionFor(rt, input.ssoSession);
  const { expiresAt, tokenCache } = await signInToSession({
    env: rt.env,
    now: rt.now,
    session,
    useDeviceCode: input.useDeviceCode === true,
    ...(input.openBrowser === false ? {} : { openBrowser }),
    showPage: (page) => rt.reporter.notify({ kind: 'sign-in-page', session: session.name, ...page }),
  });
  return { session: session.name, expiresAt, tokenCache };
}

export async function logout(rt: Runtime, input: { readonly ssoSession?: string }): Promise<LogoutResult> {
  const session = sessionFor(rt, input.ssoSession);
  const status = readSessionToken(rt.env, session, rt.now());
  let portal: PortalSignOut = 'no-token';
  if (status.state === 'valid') {
    const api = createPortalApi({
      region: session.region,
      accessToken: status.token.accessToken,
      maxSockets: 1,
      requestTimeoutMs: timeoutsFromEnv(rt.env).requestMs,
    });
    try {
      await api.logout();
      portal = 'signed-out';
    } catch {
      // The cached token goes anyway: a sign-out that the portal did not confirm still ends it here.
      portal = 'failed';
    } finally {
      api.close();
    }
  } else if (status.state === 'expired') portal = 'already-expired';
  // Role credentials cached for credential_process belong to this sign-in too.
  const credentials = removeCachedCredentials(rt.env, session);
  const removed = [...(credentials ? [credentials] : []), ...removeSessionToken(rt.env, session)];
  return { session: session.name, portal, removed };
}
