/**
 * The sign-in state of each sso-session, read from the token cache: files only, no network and no
 * AWS SDK, so the agent hook can afford it at every start.
 */
import type { Env } from '../core/model.js';
import { AppError } from '../core/errors.js';
import { needsSignIn, signInHint, type SessionRef, type SessionState } from '../core/sign-in.js';
import { canRefresh, readSessionToken } from './token-cache.js';

export function sessionState(env: Env, ref: SessionRef, now: Date): SessionState {
  const { name, startUrl, region, tokenPaths } = ref;
  const base = { name, startUrl, region };
  if (startUrl === null || region === null) {
    const missing = startUrl === null ? 'sso_start_url' : 'sso_region';
    return {
      ...base,
      state: 'invalid',
      expiresAt: null,
      renewable: false,
      reason: `the [sso-session] lacks ${missing}`,
    };
  }
  const status = readSessionToken(env, { name, startUrl, region }, now, tokenPaths);
  switch (status.state) {
    case 'valid':
    case 'expired': {
      const renewable = canRefresh(status.token, now);
      const state = status.state === 'valid' ? 'signed-in' : renewable ? 'refreshable' : 'expired';
      return { ...base, state, expiresAt: status.token.expiresAt, renewable };
    }
    case 'missing':
      return { ...base, state: 'missing', expiresAt: null, renewable: false };
    case 'invalid':
      return { ...base, state: 'invalid', expiresAt: null, renewable: false, reason: status.reason };
  }
}

export function sessionStates(env: Env, refs: readonly SessionRef[], now: Date): SessionState[] {
  return refs.map((ref) => sessionState(env, ref, now));
}

/**
 * Fails, before anything runs, when a session that `used` names is signed out: every profile of it
 * would fail. A refreshable token passes: the AWS CLI and the SDKs renew it themselves.
 */
export function assertSignedIn(
  env: Env,
  now: Date,
  sessions: readonly SessionRef[],
  used: ReadonlySet<string>,
): void {
  for (const state of sessionStates(
    env,
    sessions.filter((s) => used.has(s.name)),
    now,
  )) {
    if (!needsSignIn(state.state)) continue;
    const [code, why] =
      state.state === 'missing'
        ? (['TOKEN_MISSING', 'no cached token'] as const)
        : state.state === 'expired'
          ? (['TOKEN_EXPIRED', 'the token expired'] as const)
          : (['TOKEN_INVALID', 'the cached token cannot be used'] as const);
    throw new AppError(
      code,
      `sso-session ${state.name} is signed out (${why}); every selected profile of it would fail.`,
      { hint: signInHint(state.name), session: state.name },
    );
  }
}
