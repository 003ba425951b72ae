/**
 * Signing in to IAM Identity Center the way AWS CLI v2 does: the authorization-code flow with PKCE
 * and a loopback redirect by default, the device-authorization flow for machines without a
 * browser. The result goes into the token cache in AWS CLI v2's format, so the AWS CLI, the SDKs
 * and every boto3-based MCP server use it too.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Env } from '../core/model.js';
import { AppError } from '../core/errors.js';
import type { SsoSession } from '../core/model.js';
import { Secret } from '../core/secret.js';
import { signInCommand } from '../core/sign-in.js';
import { awsErrorInfo } from '../core/errors.js';
import { fileError } from '../files/file-errors.js';
import type { OidcApi, Registration, Tokens } from './oidc-client.js';
import { readRegistration, registrationCachePath, writeRegistration } from './registration-cache.js';
import { tokenCachePath, writeSessionToken } from './token-cache.js';

export interface LoginPrompt {
  /** The page the user must open. */
  readonly url: string;
  /** The code to confirm there (device flow only). */
  readonly userCode?: string;
  /** When the device code expires, as the server says (device flow only). */
  readonly expiresAt?: Date;
}

export interface LoginOptions {
  readonly env: Env;
  readonly now: () => Date;
  readonly session: SsoSession;
  readonly oidc: OidcApi;
  readonly flow: 'pkce' | 'device';
  /** Shows the URL (and code) to the user, and opens a browser if asked to. */
  readonly prompt: (prompt: LoginPrompt) => void;
  /** How long to wait for the user. */
  readonly timeoutMs?: number;
  /**
   * Stops the sign-in: no more polling, no timer left behind, and nothing written afterwards,
   * even when the server's answer is already on its way.
   */
  readonly signal?: AbortSignal;
}

const CLIENT_NAME = 'aws-org-profiles';
const MAX_POLL_INTERVAL_MS = 60_000;
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

function cancelled(): AppError {
  return new AppError('TOKEN_MISSING', 'the sign-in was cancelled; nothing was saved.');
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled();
}

/**
 * Waits `ms`, or less when the sign-in is cancelled: then the timer goes at once. (It stays
 * referenced: in `login` it is what keeps the program waiting between polls.)
 */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const stop = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

function scopesOf(session: SsoSession): string[] {
  return (session.registrationScopes ?? 'sso:account:access').split(/[\s,]+/).filter(Boolean);
}

async function registration(options: LoginOptions): Promise<Registration> {
  const path = registrationCachePath(options.env, options.session, options.flow);
  const cached = readRegistration(path, options.now());
  if (cached) return cached;
  const fresh = await options.oidc.register({
    clientName: CLIENT_NAME,
    scopes: scopesOf(options.session),
    grantTypes:
      options.flow === 'pkce' ? ['authorization_code', 'refresh_token'] : [DEVICE_GRANT, 'refresh_token'],
    ...(options.flow === 'pkce'
      ? { redirectUris: ['http://127.0.0.1/oauth/callback'], issuerUrl: options.session.startUrl }
      : {}),
  });
  try {
    writeRegistration(path, fresh);
  } catch (error) {
    throw fileError('write the client registration', path, error);
  }
  return fresh;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/** The authorization endpoint: on the OIDC host, which `AWS_ENDPOINT_URL_SSO_OIDC` may move. */
export function authorizeBase(env: Env, region: string): string {
  const configured =
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true'
      ? undefined
      : (env.AWS_ENDPOINT_URL_SSO_OIDC ?? env.AWS_ENDPOINT_URL);
  return (configured ?? `https://oidc.${region}.amazonaws.com`).replace(/\/+$/, '');
}

interface Callback {
  readonly server: Server;
  readonly redirectUri: string;
  readonly result: Promise<{ code: string; state: string }>;
}

/** A one-shot HTTP server on 127.0.0.1 that receives the browser's redirect. */
async function listenForCallback(): Promise<Callback> {
  let settle!: { resolve: (v: { code: string; state: string }) => void; reject: (e: Error) => void };
  const result = new Promise<{ code: string; state: string }>(
    (resolve, reject) => (settle = { resolve, reject }),
  );
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/oauth/callback') {
      res.writeHead(404).end();
      return;
    }
    const code = url.searchParams.get('code');
    const state = url.searchParams.get('state');
    const error = url.searchParams.get('error');
    res.writeHead(code ? 200 : 400, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      code
        ? '<!doctype html><title>Signed in</title><p>aws-org-profiles is signed in. You can close this window.</p>'
        : `<!doctype html><title>Sign-in failed</title><p>Sign-in failed: ${(error ?? 'no code').replace(/[<>&]/g, '')}</p>`,
    );
    if (code && state) settle.resolve({ code, state });
    else
      settle.reject(
        new AppError('TOKEN_MISSING', `the sign-in was not completed (${error ?? 'no authorization code'}).`),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, redirectUri: `http://127.0.0.1:${port}/oauth/callback`, result };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError('TOKEN_MISSING', `${what} timed out after ${Math.round(ms / 1000)} s.`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(cancelled());
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

async function pkceFlow(options: LoginOptions, reg: Registration): Promise<Tokens> {
  const verifier = base64url(randomBytes(64));
  const challenge = base64url(createHash('sha256').update(verifier).digest());
  const state = base64url(randomBytes(24));
  const callback = await listenForCallback();
  try {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: reg.clientId,
      redirect_uri: callback.redirectUri,
      state,
      code_challenge_method: 'S256',
      scopes: scopesOf(options.session).join(','),
      code_challenge: challenge,
    });
    options.prompt({
      url: `${authorizeBase(options.env, options.session.region)}/authorize?${query.toString()}`,
    });
    const got = await withTimeout(
      abortable(callback.result, options.signal),
      options.timeoutMs ?? 300_000,
      'waiting for the browser sign-in',
    );
    if (got.state !== state)
      throw new AppError('TOKEN_MISSING', 'the sign-in answered with the wrong state; nothing was saved.');
    return await options.oidc.createToken(reg, {
      type: 'authorization_code',
      code: new Secret(got.code),
      redirectUri: callback.redirectUri,
      codeVerifier: new Secret(verifier),
    });
  } finally {
    callback.server.close();
    callback.server.closeAllConnections();
  }
}

async function deviceFlow(options: LoginOptions, reg: Registration): Promise<Tokens> {
  const { signal } = options;
  const device = await options.oidc.startDeviceAuthorization(reg, options.session.startUrl);
  throwIfCancelled(signal);
  // The device code's own lifetime (the OIDC adapter caps what the server says), and ours.
  const deadline = options.now().getTime() + Math.min(device.expiresIn * 1000, options.timeoutMs ?? Infinity);
  // Shown at once; the polling goes on until the user approves, denies, or the code expires.
  options.prompt({
    url: device.verificationUriComplete,
    userCode: device.userCode,
    expiresAt: new Date(deadline),
  });
  let interval = Math.max(1, device.interval) * 1000;
  for (;;) {
    // Checked on every round: a server that answers slow_down forever must not keep us here.
    const left = deadline - options.now().getTime();
    if (left <= 0) break;
    await pause(Math.min(interval, left), signal);
    try {
      return await options.oidc.createToken(reg, { type: 'device_code', deviceCode: device.deviceCode });
    } catch (error) {
      throwIfCancelled(signal);
      const name = awsErrorInfo(error)?.name;
      if (name === 'AuthorizationPendingException') continue;
      // The server asks for a gentler pace: five more seconds between polls (RFC 8628), up to a minute.
      if (name === 'SlowDownException') {
        interval = Math.min(interval + 5000, MAX_POLL_INTERVAL_MS);
        continue;
      }
      if (name === 'ExpiredTokenException') break;
      if (name === 'AccessDeniedException')
        throw new AppError(
          'TOKEN_MISSING',
          'the sign-in request was denied in the browser; nothing was saved.',
          {
            cause: error,
            hint: `Run ${signInCommand(options.session.name)} again and allow the request in the browser.`,
          },
        );
      throw error;
    }
  }
  throw new AppError(
    'TOKEN_MISSING',
    'the device code expired before the sign-in was approved; nothing was saved.',
    {
      hint: `Run ${signInCommand(options.session.name)} again and approve the request in the browser.`,
    },
  );
}

/** Signs in and writes the token cache. Returns when the token expires. */
export async function login(options: LoginOptions): Promise<Date> {
  const reg = await registration(options);
  throwIfCancelled(options.signal);
  const tokens = options.flow === 'pkce' ? await pkceFlow(options, reg) : await deviceFlow(options, reg);
  // A token that arrives after the sign-in was cancelled is dropped, never written.
  throwIfCancelled(options.signal);
  const expiresAt = new Date(options.now().getTime() + tokens.expiresIn * 1000);
  const token = {
    accessToken: tokens.accessToken,
    expiresAt,
    startUrl: options.session.startUrl,
    region: options.session.region,
    clientId: reg.clientId,
    clientSecret: reg.clientSecret,
    registrationExpiresAt: reg.expiresAt,
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
  };
  try {
    writeSessionToken(options.env, options.session.name, token);
  } catch (error) {
    throw fileError('write the token cache file', tokenCachePath(options.env, options.session.name), error);
  }
  return expiresAt;
}
