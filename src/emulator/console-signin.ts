import { randomBytes } from 'node:crypto';
import { jsonReply, type Reply } from './error-replies.js';
import type { RequestContext, Route } from './router.js';
import type { EmulatorState } from './state.js';

/** A SigninToken is good for 15 minutes, as the service's. */
const SIGNIN_TOKEN_LIFETIME_MS = 15 * 60_000;
/** Bounds the table however many tokens a long benchmark asks for. */
const MAX_SIGNIN_TOKENS = 100_000;

/** Headers of a login the emulator accepted, so a test can see whose console it would open. */
export const LOGIN_ACCOUNT_HEADER = 'x-emulator-account-id';
export const LOGIN_ROLE_HEADER = 'x-emulator-role-name';

interface SigninGrant {
  accountId: string;
  roleName: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** The real endpoint answers a bad request with a short page and no error code. */
function refused(status: 400 | 401, text: string): Reply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `${text}\n` };
}

function isUrl(value: string, https: boolean): boolean {
  try {
    const url = new URL(value);
    return https ? url.protocol === 'https:' : url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const html = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The AWS sign-in federation endpoint (`GET /federation`): `Action=getSigninToken` turns role
 * credentials the emulator issued (GetRoleCredentials), not expired, into a SigninToken;
 * `Action=login` takes that token once and redirects to the console page asked for, naming the
 * account and role in headers. Tokens are used once here: a replayed bearer link fails.
 */
export function consoleSigninRoutes(state: EmulatorState): Route[] {
  const grants = new Map<string, SigninGrant>();

  const getSigninToken = (ctx: RequestContext): Reply => {
    const duration = ctx.query.get('SessionDuration');
    if (duration !== null) {
      const seconds = /^\d{1,6}$/.test(duration) ? Number(duration) : NaN;
      if (!(seconds >= 900 && seconds <= 43_200)) return refused(400, 'Invalid SessionDuration');
    }
    const raw = ctx.query.get('Session');
    if (raw === null) return refused(400, 'Missing Session');
    let session: unknown;
    try {
      session = JSON.parse(raw);
    } catch {
      return refused(400, 'Invalid Session');
    }
    const s = session as { sessionId?: unknown; sessionKey?: unknown; sessionToken?: unknown } | null;
    if (
      typeof s !== 'object' ||
      s === null ||
      typeof s.sessionId !== 'string' ||
      typeof s.sessionKey !== 'string' ||
      typeof s.sessionToken !== 'string'
    ) {
      return refused(400, 'Invalid Session');
    }
    const issued = state.credentialsFor(s.sessionId);
    if (!issued || issued.secretAccessKey !== s.sessionKey || issued.sessionToken !== s.sessionToken) {
      return refused(401, 'The security token included in the request is invalid');
    }
    if (issued.expiration <= ctx.now)
      return refused(401, 'The security token included in the request is expired');
    for (const [token, grant] of grants) {
      if (grant.expiresAt > ctx.now && grants.size < MAX_SIGNIN_TOKENS) break;
      grants.delete(token);
    }
    const token = `ST${randomBytes(96).toString('base64url')}`;
    grants.set(token, {
      accountId: issued.accountId,
      roleName: issued.roleName,
      expiresAt: ctx.now + SIGNIN_TOKEN_LIFETIME_MS,
    });
    return jsonReply(200, { SigninToken: token });
  };

  const login = (ctx: RequestContext): Reply => {
    const destination = ctx.query.get('Destination');
    if (destination === null || !isUrl(destination, true)) return refused(400, 'Invalid Destination');
    const issuer = ctx.query.get('Issuer');
    if (issuer !== null && !isUrl(issuer, false)) return refused(400, 'Invalid Issuer');
    const token = ctx.query.get('SigninToken') ?? '';
    const grant = grants.get(token);
    grants.delete(token);
    if (!grant || grant.expiresAt <= ctx.now) return refused(400, 'Invalid SigninToken');
    const body =
      `<!doctype html><title>AWS console (emulated)</title>` +
      `<p>Signed in to account ${grant.accountId} as ${html(grant.roleName)}; ` +
      `continue to <a href="${html(destination)}">${html(destination)}</a>.</p>\n`;
    return {
      status: 302,
      headers: {
        location: destination,
        'content-type': 'text/html; charset=utf-8',
        [LOGIN_ACCOUNT_HEADER]: grant.accountId,
        [LOGIN_ROLE_HEADER]: grant.roleName,
      },
      body,
    };
  };

  const actionOf = (ctx: RequestContext) => {
    const action = ctx.query.get('Action');
    return action === 'getSigninToken'
      ? 'GetSigninToken'
      : action === 'login'
        ? 'Login'
        : 'UnknownSigninAction';
  };

  return [
    {
      method: 'GET',
      path: '/federation',
      api: 'signin',
      operation: actionOf,
      handle: (ctx) => {
        const operation = actionOf(ctx);
        if (operation === 'GetSigninToken') return getSigninToken(ctx);
        if (operation === 'Login') return login(ctx);
        return refused(400, 'Invalid Action');
      },
      // The Session holds credentials and the SigninToken opens a console: neither is logged.
      loggedQuery: (ctx) => {
        const kept: Record<string, string> = {};
        for (const key of ['Action', 'SessionDuration', 'Destination', 'Issuer']) {
          const value = ctx.query.get(key);
          if (value !== null) kept[key] = value;
        }
        return kept;
      },
    },
  ];
}
