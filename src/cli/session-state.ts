/** The state of each sso-session's cached token. Reads files only: no network, no AWS SDK. */
import type { SessionRef } from '../state/profile-map.js';
import type { SessionState } from '../core/context-text.js';
import { canRefresh } from '../sso/session-token.js';
import { readSessionToken } from '../sso/token-cache.js';
import type { Io } from './io.js';

export function sessionStates(io: Pick<Io, 'env' | 'now'>, refs: readonly SessionRef[]): SessionState[] {
  const now = io.now();
  return refs.map(({ name, startUrl, region, tokenPaths }) => {
    if (startUrl === null) return { name, startUrl, region, token: 'invalid', expiresAt: null };
    const session = { name, startUrl, region: region ?? '' };
    const status = readSessionToken(io.env, session, now, tokenPaths);
    const expiresAt = status.state === 'valid' || status.state === 'expired' ? status.token.expiresAt : null;
    const refreshable = status.state === 'expired' && canRefresh(status.token, now);
    return { name, startUrl, region, token: status.state, expiresAt, refreshable };
  });
}
