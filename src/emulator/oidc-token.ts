import { createHash, randomBytes } from 'node:crypto';
import { jsonReply, type Reply } from './error-replies.js';
import { oidcError } from './oidc-errors.js';
import { requiredString, type JsonInput } from './oidc-input.js';
import type { OidcSettings } from './oidc-options.js';
import type { OidcClient, OidcStore } from './oidc-store.js';
import type { RequestContext } from './router.js';
import type { EmulatorState } from './state.js';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const GRANT_TYPES: ReadonlySet<string> = new Set([
  DEVICE_CODE_GRANT,
  'authorization_code',
  'refresh_token',
]);

/**
 * Timers and the two clocks (the client's sleep, the server's Date.now) can disagree by a few ms;
 * a client that waited the full interval must not be told to slow down.
 */
const POLL_SLACK_MS = 100;

/** base64url(SHA-256(verifier)) without padding: the S256 method of RFC 7636. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** CreateToken for the device-code, authorization-code (PKCE) and refresh-token grants. */
export function createTokenHandler(
  state: EmulatorState,
  store: OidcStore,
  settings: OidcSettings,
): (input: JsonInput, ctx: RequestContext) => Reply {
  /** The access token becomes a portal token, so the portal API accepts it until it expires. */
  const tokens = (client: OidcClient, now: number): Reply => {
    const ttl = settings.accessTokenTtlSeconds;
    const accessToken = state.issueToken({ expiresAt: new Date(now + ttl * 1000) });
    const reply = jsonReply(200, {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: ttl,
      refreshToken: store.issueRefreshToken(client.clientId),
      idToken: `aoi${randomBytes(32).toString('base64url')}`,
    });
    // OAuth 2.0 (RFC 6749 §5.1): token responses must not be cached.
    reply.headers['cache-control'] = 'no-store';
    return reply;
  };

  const deviceCode = (client: OidcClient, input: JsonInput, now: number): Reply => {
    const grant = store.device(requiredString(input, 'deviceCode'));
    if (!grant || grant.clientId !== client.clientId) {
      return oidcError('InvalidGrantException', 'Invalid device code provided');
    }
    if (grant.expiresAt <= now) return oidcError('ExpiredTokenException', 'Device code has expired');
    const previous = grant.lastPollAt;
    // Every poll counts, a refused one too: polling on regardless keeps being refused.
    grant.lastPollAt = now;
    if (previous !== undefined && now - previous < grant.interval * 1000 - POLL_SLACK_MS) {
      return oidcError('SlowDownException', `Poll at most every ${grant.interval} seconds`);
    }
    if (grant.denied) {
      store.finishDevice(grant);
      return oidcError('AccessDeniedException', 'The user denied the authorization request');
    }
    if (!grant.approved) return oidcError('AuthorizationPendingException', 'Authorization is still pending');
    store.finishDevice(grant);
    return tokens(client, now);
  };

  const authorizationCode = (client: OidcClient, input: JsonInput, now: number): Reply => {
    const code = store.authCode(requiredString(input, 'code'));
    const redirectUri = requiredString(input, 'redirectUri');
    const verifier = requiredString(input, 'codeVerifier');
    const invalid = (why: string): Reply => oidcError('InvalidGrantException', why);
    if (!code || code.clientId !== client.clientId || code.expiresAt <= now) {
      return invalid('Invalid authorization code');
    }
    if (code.used) return invalid('The authorization code has already been used');
    if (code.redirectUri !== redirectUri) {
      return invalid('redirectUri does not match the authorization request');
    }
    if (pkceChallenge(verifier) !== code.codeChallenge) {
      return invalid('codeVerifier does not match the code challenge');
    }
    code.used = true;
    return tokens(client, now);
  };

  const refreshToken = (client: OidcClient, input: JsonInput, now: number): Reply => {
    if (!store.takeRefreshToken(requiredString(input, 'refreshToken'), client.clientId)) {
      return oidcError('InvalidGrantException', 'Invalid refresh token provided');
    }
    return tokens(client, now);
  };

  return (input, ctx) => {
    const clientId = requiredString(input, 'clientId');
    const clientSecret = requiredString(input, 'clientSecret');
    const grantType = requiredString(input, 'grantType');
    const client = store.client(clientId, ctx.now, clientSecret);
    if (!client) return oidcError('InvalidClientException', 'Invalid client id or secret');
    switch (grantType) {
      case DEVICE_CODE_GRANT:
        return deviceCode(client, input, ctx.now);
      case 'authorization_code':
        return authorizationCode(client, input, ctx.now);
      case 'refresh_token':
        return refreshToken(client, input, ctx.now);
      default:
        return oidcError('UnsupportedGrantTypeException', `Unsupported grant type: ${grantType}`);
    }
  };
}
