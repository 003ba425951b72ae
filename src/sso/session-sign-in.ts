/**
 * Signing in to an sso-session from start to end, for `login` and `init`: the token cache checked
 * first, the sign-in flow, and every failure as an `AppError` that says what to do.
 */
import { AppError } from '../core/errors.js';
import type { Env, SsoSession } from '../core/model.js';
import { signInCommand } from '../core/sign-in.js';
import { assertWritableFolder } from '../files/writable.js';
import { timeoutsFromEnv } from './clients.js';
import { describeFailure } from './failures.js';
import { createOidcApi } from './oidc-client.js';
import { login as signIn } from './sign-in-flows.js';
import { sessionTokenPaths, tokenCacheDir } from './token-cache.js';

/** The page the user must open to sign in, and whether a browser was opened on it. */
export interface SignInPage {
  readonly url: string;
  /** The code to confirm there (device flow only). */
  readonly userCode?: string;
  /** When the device code expires (device flow only). */
  readonly expiresAt?: Date;
  readonly browserOpened: boolean;
}

export interface SessionSignInOptions {
  readonly env: Env;
  readonly now: () => Date;
  readonly session: SsoSession;
  /** The device-authorization flow, for a machine without a browser. */
  readonly useDeviceCode?: boolean;
  /** Opens a page in the desktop's browser; says whether it tried. Absent: no browser. */
  readonly openBrowser?: (url: string) => boolean;
  /** Shows the user the page to open. */
  readonly showPage: (page: SignInPage) => void;
  /** Ends the sign-in at once: no more requests, nothing written afterwards. */
  readonly signal?: AbortSignal;
}

export interface SessionSignIn {
  readonly expiresAt: Date;
  /** The file the token was cached in. */
  readonly tokenCache: string;
}

/**
 * Fails before the sign-in starts when its token could not be saved: the user's sign-in would be
 * lost. `retry` says what to run once the folder is writable.
 */
export function assertTokenCacheWritable(env: Env, retry: string): void {
  assertWritableFolder(
    tokenCacheDir(env),
    'the SSO token cache',
    `The sign-in keeps its token there, as the AWS CLI does. Make the folder writable, then run ${retry}.`,
  );
}

export async function signInToSession(options: SessionSignInOptions): Promise<SessionSignIn> {
  const { env, session } = options;
  assertTokenCacheWritable(env, signInCommand(session.name));
  const oidc = createOidcApi(session.region, timeoutsFromEnv(env).requestMs);
  // A request in flight is dropped with its connection rather than awaited.
  const stop = () => oidc.close();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    const expiresAt = await signIn({
      env,
      now: options.now,
      session,
      oidc,
      flow: options.useDeviceCode ? 'device' : 'pkce',
      ...(options.signal ? { signal: options.signal } : {}),
      prompt: ({ url, userCode, expiresAt }) => {
        const browserOpened = options.openBrowser?.(url) ?? false;
        options.showPage({
          url,
          ...(userCode ? { userCode } : {}),
          ...(expiresAt ? { expiresAt } : {}),
          browserOpened,
        });
      },
    });
    return { expiresAt, tokenCache: sessionTokenPaths(env, session)[0] };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (options.signal?.aborted)
      throw new AppError('TOKEN_MISSING', 'the sign-in was cancelled; nothing was saved.');
    // An AWS error, a timeout or a malformed answer: the server's text with its control characters escaped.
    throw new AppError('TOKEN_MISSING', `sign-in failed: ${describeFailure(error)}`, {
      cause: error,
      hint: `Run ${signInCommand(session.name)} again; with --use-device-code on a machine without a browser.`,
    });
  } finally {
    options.signal?.removeEventListener('abort', stop);
    oidc.close();
  }
}
