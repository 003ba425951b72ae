import type { Reply } from './error-replies.js';
import { htmlPage } from './oidc-errors.js';
import type { OidcStore } from './oidc-store.js';
import { redirectAllowed } from './redirect-uri.js';
import type { RequestContext, Route } from './router.js';

/** An S256 challenge is a SHA-256 digest in unpadded base64url: always 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

const CODE_FORM =
  '<form method="get" action="/device"><label>Code <input name="user_code" autofocus></label> ' +
  '<button type="submit">Allow</button></form>\n';

/**
 * The pages a user opens in a browser. There is no one to sign in: opening a page is the user
 * signing in and allowing access, so that tests and scripts can finish a sign-in with one GET;
 * `/device?user_code=…&deny=1` is the user denying it instead.
 */
export function oidcBrowserRoutes(store: OidcStore): Route[] {
  const device = (ctx: RequestContext): Reply => {
    const typed = ctx.query.get('user_code');
    // verificationUri without the code: the real page asks for it, and so does this one.
    if (typed === null || typed.trim() === '') {
      return htmlPage(200, 'Authorize request', ['Enter the code shown by your application.'], CODE_FORM);
    }
    // `deny=1` is the user pressing "Deny" instead of "Allow".
    const grant = store.decideDevice(typed, ctx.now, ctx.query.get('deny') !== '1');
    if (!grant) return htmlPage(404, 'Code not found', ['This code is unknown or has expired.']);
    if (grant.denied)
      return htmlPage(200, 'Request denied', [
        `Code ${grant.userCode} is denied. The application that asked will not be signed in.`,
      ]);
    return htmlPage(200, 'Request approved', [
      `Code ${grant.userCode} is approved. You may close this window and return to your application.`,
    ]);
  };

  const authorize = (ctx: RequestContext): Reply => {
    const q = ctx.query;
    const bad = (why: string): Reply => htmlPage(400, 'Invalid request', [why]);
    if (q.get('response_type') !== 'code') return bad('response_type must be code');
    const client = store.client(q.get('client_id') ?? '', ctx.now);
    if (!client) return bad('Unknown or expired client_id');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!redirectAllowed(client.redirectUris, redirectUri)) {
      return bad('redirect_uri must be a loopback http URL registered by the client');
    }
    if (q.get('code_challenge_method') !== 'S256') return bad('code_challenge_method must be S256');
    const codeChallenge = q.get('code_challenge') ?? '';
    if (!S256_CHALLENGE.test(codeChallenge)) return bad('code_challenge must be an S256 challenge');
    const scopes = (q.get('scopes') ?? '').split(/[\s,]+/).filter((s) => s !== '');
    const code = store.createAuthCode(
      { clientId: client.clientId, redirectUri, codeChallenge, scopes },
      ctx.now,
    );
    const location = new URL(redirectUri);
    location.searchParams.set('code', code);
    const state = q.get('state');
    if (state !== null) location.searchParams.set('state', state);
    return { status: 302, headers: { location: location.href, 'cache-control': 'no-store' }, body: '' };
  };

  return [
    {
      method: 'GET',
      path: '/device',
      api: 'oidc',
      operation: 'Device',
      handle: device,
      loggedQuery: () => ({}),
    },
    {
      method: 'GET',
      path: '/authorize',
      api: 'oidc',
      operation: 'Authorize',
      handle: authorize,
      // The query holds the state and the code challenge; the log keeps none of it.
      loggedQuery: () => ({}),
    },
  ];
}
