/**
 * The access token of an sso-session, refreshed when it has expired: the AWS CLI's own behaviour
 * for sso-session profiles. A token with a refresh token, a client registration that is still
 * valid, and less than five minutes left is renewed through CreateToken (`refresh_token` grant)
 * and written back to the same cache file, in the same format, so every other tool sees it too.
 */
import type { Env } from '../core/model.js';
import { AppError } from '../core/errors.js';
import { signInHint } from '../core/sign-in.js';
import { humanTime } from '../core/time-text.js';
import type { SsoSession } from '../core/model.js';
import type { Secret } from '../core/secret.js';
import { describeFailure } from './failures.js';
import type { OidcApi } from './oidc-client.js';
import { timeoutsFromEnv } from './clients.js';
import {
  canRefresh,
  readSessionToken,
  writeSessionToken,
  type CachedToken,
  type TokenStatus,
} from './token-cache.js';

/** Refresh this long before expiry, as the JS SDK does: a call must not meet a token that lapses in flight. */
const REFRESH_WINDOW_MS = 5 * 60_000;

export interface TokenSource {
  /** A valid access token, refreshed first when it is about to expire. */
  get(): Promise<Secret>;
  /**
   * Refreshes after the portal answered 401 to `failed` (the token that call used); false when no
   * refresh is possible.
   */
  refresh(failed?: Secret): Promise<boolean>;
}

export interface SessionTokenOptions {
  readonly env: Env;
  readonly now: () => Date;
  readonly session: SsoSession;
  /** Made only when a refresh is needed: most runs never load the OIDC client. */
  readonly oidc: () => Promise<OidcApi>;
}

function statusError(session: SsoSession, status: TokenStatus): AppError {
  switch (status.state) {
    case 'expired':
      return new AppError(
        'TOKEN_EXPIRED',
        `the SSO token of session ${session.name} expired at ${humanTime(status.token.expiresAt)}.`,
        { hint: signInHint(session.name), session: session.name },
      );
    case 'missing':
      return new AppError(
        'TOKEN_MISSING',
        `no cached SSO token for session ${session.name} (${status.path}).`,
        {
          hint: signInHint(session.name),
          session: session.name,
        },
      );
    case 'invalid':
      return new AppError(
        'TOKEN_INVALID',
        `the cached SSO token for session ${session.name} cannot be used: ${status.reason} (${status.path}).`,
        { hint: signInHint(session.name), session: session.name },
      );
    case 'valid':
      return new AppError('INTERNAL', 'a valid token was reported as an error');
  }
}

export function sessionTokenSource(options: SessionTokenOptions): TokenSource {
  const { env, session } = options;
  let current: Secret | undefined;
  let refreshing: Promise<boolean> | undefined;

  const refreshFrom = async (token: CachedToken): Promise<Secret> => {
    const oidc = await options.oidc();
    try {
      const fresh = await oidc.createToken(
        {
          clientId: token.clientId!,
          clientSecret: token.clientSecret!,
          expiresAt: token.registrationExpiresAt!,
        },
        { type: 'refresh_token', refreshToken: token.refreshToken! },
      );
      const now = options.now();
      writeSessionToken(env, session.name, {
        accessToken: fresh.accessToken,
        expiresAt: new Date(now.getTime() + fresh.expiresIn * 1000),
        startUrl: token.startUrl ?? session.startUrl,
        region: token.region ?? session.region,
        refreshToken: fresh.refreshToken ?? token.refreshToken!,
        clientId: token.clientId!,
        clientSecret: token.clientSecret!,
        registrationExpiresAt: token.registrationExpiresAt!,
      });
      return fresh.accessToken;
    } catch (error) {
      throw new AppError(
        'TOKEN_EXPIRED',
        `the SSO token of session ${session.name} expired and could not be refreshed (${describeFailure(error)}).`,
        { hint: signInHint(session.name), session: session.name, cause: error },
      );
    }
  };

  const load = async (force: boolean): Promise<Secret> => {
    const now = options.now();
    const status = readSessionToken(env, session, now);
    if (status.state !== 'valid' && status.state !== 'expired') throw statusError(session, status);
    const left = status.token.expiresAt.getTime() - now.getTime();
    if (!force && left > REFRESH_WINDOW_MS) return status.token.accessToken;
    if (canRefresh(status.token, now)) return refreshFrom(status.token);
    if (status.state === 'valid' && !force) return status.token.accessToken;
    throw statusError(session, status.state === 'valid' ? { ...status, state: 'expired' } : status);
  };

  return {
    async get() {
      current ??= await load(false);
      return current;
    },
    refresh(failed) {
      // Many calls in flight see the same 401: the first refreshes, the others wait for it, and
      // a call that used an older token than the current one simply retries with the current one.
      if (failed !== undefined && current !== undefined && failed !== current) return Promise.resolve(true);
      refreshing ??= (async () => {
        try {
          // Another process may have renewed the cached token already: take that one.
          const status = readSessionToken(env, session, options.now());
          if (
            status.state === 'valid' &&
            current !== undefined &&
            status.token.accessToken.reveal() !== current.reveal()
          ) {
            current = status.token.accessToken;
            return true;
          }
          current = await load(true);
          return true;
        } catch {
          return false;
        }
      })().finally(() => {
        refreshing = undefined;
      });
      return refreshing;
    },
  };
}

/**
 * The session's access token, as a source that refreshes it when it expires (also in the middle of
 * a long run). Fails at once, with the command that fixes it, when there is no usable token. The
 * OIDC client is loaded only for a refresh.
 */
export async function openTokenSource(env: Env, now: () => Date, session: SsoSession): Promise<TokenSource> {
  const source = sessionTokenSource({
    env,
    now,
    session,
    oidc: async () => {
      const { createOidcApi } = await import('./oidc-client.js');
      return createOidcApi(session.region, timeoutsFromEnv(env).requestMs);
    },
  });
  await source.get();
  return source;
}
