/** `aws-org-profiles login` and `logout`: the sign-in, owned end to end, in the AWS CLI's cache format. */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { configFilePath, readConfigFile } from '../config/file.js';
import { AppError } from '../core/errors.js';
import type { SsoSession } from '../core/model.js';
import { login } from '../sso/login.js';
import { timeoutsFromEnv } from '../sso/clients.js';
import { describeFailure } from '../sso/failures.js';
import { createOidcApi } from '../sso/oidc-client.js';
import { createPortalApi } from '../sso/portal-client.js';
import { readSessionToken, sessionTokenPaths } from '../sso/token-cache.js';
import { credentialCacheDir } from './credentials.js';
import { printJson, styleFor, tildify, useColor, type Io } from './io.js';
import { resolveSession } from './session.js';

export interface LoginCliOptions {
  readonly ssoSession?: string;
  readonly useDeviceCode?: boolean;
  readonly browser?: boolean;
  readonly json?: boolean;
}

/** Opens a URL in the desktop's browser; says whether it tried. */
function openBrowser(url: string): boolean {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

function sessionFor(io: Io, name: string | undefined): SsoSession {
  return resolveSession(readConfigFile(configFilePath(io.env)).document, name);
}

export async function runLogin(io: Io, options: LoginCliOptions): Promise<number> {
  const session = sessionFor(io, options.ssoSession);
  const oidc = createOidcApi(session.region, timeoutsFromEnv(io.env).requestMs);
  const s = styleFor(useColor(io, io.stderr));
  try {
    const expiresAt = await login({
      env: io.env,
      now: io.now,
      session,
      oidc,
      flow: options.useDeviceCode ? 'device' : 'pkce',
      prompt: ({ url, userCode }) => {
        const opened = options.browser !== false && openBrowser(url);
        io.stderr.write(
          `${opened ? 'A browser window should open. If it does not, open' : 'Open'} this page to sign in to sso-session ${session.name}:\n\n  ${url}\n\n` +
            (userCode ? `and check that it shows the code ${s.bold(userCode)}.\n` : '') +
            'Waiting for the sign-in…\n',
        );
      },
    });
    const path = sessionTokenPaths(io.env, session)[0];
    if (options.json) {
      printJson(io, {
        version: 1,
        ssoSession: session.name,
        expiresAt: expiresAt.toISOString(),
        tokenCache: path,
      });
    } else {
      io.stdout.write(
        `Signed in to sso-session ${session.name} until ${expiresAt.toISOString()} (token cached in ${tildify(io, path)}).\n`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof AppError) throw error;
    // An AWS error, a timeout or a malformed answer: the server's text with its control characters escaped.
    throw new AppError('TOKEN_MISSING', `sign-in failed: ${describeFailure(error)}`, {
      cause: error,
      hint: 'Run login again; with --use-device-code on a machine without a browser.',
    });
  } finally {
    oidc.close();
  }
}

export async function runLogout(io: Io, options: { ssoSession?: string; json?: boolean }): Promise<number> {
  const session = sessionFor(io, options.ssoSession);
  const status = readSessionToken(io.env, session, io.now());
  let portal: 'signed-out' | 'already-expired' | 'no-token' | 'failed' = 'no-token';
  if (status.state === 'valid') {
    const api = createPortalApi({
      region: session.region,
      accessToken: status.token.accessToken,
      maxSockets: 1,
      requestTimeoutMs: timeoutsFromEnv(io.env).requestMs,
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
  const removed: string[] = [];
  // Role credentials cached for credential_process belong to this sign-in too.
  const credentials = credentialCacheDir(io.env, session);
  if (existsSync(credentials)) {
    rmSync(credentials, { recursive: true, force: true });
    removed.push(credentials);
  }
  for (const path of sessionTokenPaths(io.env, session)) {
    try {
      rmSync(path);
      removed.push(path);
    } catch {
      // Not there.
    }
  }
  if (options.json) printJson(io, { version: 1, ssoSession: session.name, portal, removed });
  else {
    const what = {
      'signed-out': 'signed out of the portal',
      'already-expired': 'the token had already expired',
      'no-token': 'no token was cached',
      failed: 'the portal did not confirm the sign-out',
    }[portal];
    io.stdout.write(
      `sso-session ${session.name}: ${what}; ${removed.length > 0 ? `removed ${removed.map((p) => tildify(io, p)).join(', ')}` : 'nothing to remove'}.\n`,
    );
  }
  return 0;
}
