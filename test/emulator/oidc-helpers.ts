import { createHash, randomBytes } from 'node:crypto';
import { afterEach, expect } from 'vitest';
import { IdentityCenterEmulator, type EmulatorOptions, type Organization } from '../../src/emulator/index.js';
import { call, obj, type WireResponse } from './helpers.js';

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const START_URL = 'https://emulator.awsapps.com/start';

export interface Client {
  clientId: string;
  clientSecret: string;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A rest-json call as the SDKs make it: POST, JSON body, no signature. */
export function post(url: string, path: string, body: unknown): Promise<WireResponse> {
  return call(url, path, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

export async function register(url: string, extra: Record<string, unknown> = {}): Promise<Client> {
  const res = await post(url, '/client/register', { clientName: 'test', clientType: 'public', ...extra });
  expect(res.status).toBe(200);
  const { clientId, clientSecret } = obj(res.json);
  if (typeof clientId !== 'string' || typeof clientSecret !== 'string') throw new Error('no client');
  return { clientId, clientSecret };
}

export async function startDevice(url: string, client: Client): Promise<Record<string, unknown>> {
  const res = await post(url, '/device_authorization', { ...client, startUrl: START_URL });
  expect(res.status).toBe(200);
  return obj(res.json);
}

export function token(url: string, client: Client, grant: Record<string, unknown>): Promise<WireResponse> {
  return post(url, '/token', { ...client, ...grant });
}

/** What every SSO-OIDC error looks like on the wire. */
export function expectOidcError(res: WireResponse, status: number, type: string, code: string): void {
  expect({ status: res.status, type: res.headers.get('x-amzn-errortype') }).toEqual({ status, type });
  expect(res.headers.get('content-type')).toBe('application/json');
  const body = obj(res.json);
  expect(Object.keys(body).sort()).toEqual(['error', 'error_description']);
  expect(body.error).toBe(code);
  expect(typeof body.error_description).toBe('string');
}

/** A verifier and its S256 challenge, computed here rather than with the emulator's own code. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  const challenge = createHash('sha256').update(verifier, 'ascii').digest('base64').replace(/=+$/, '');
  return { verifier, challenge: challenge.replace(/\+/g, '-').replace(/\//g, '_') };
}

/** Opens /authorize as a browser would, without following the redirect. */
export async function authorize(
  url: string,
  params: Record<string, string>,
): Promise<{ status: number; location: string | null; text: string; type: string | null }> {
  const res = await fetch(`${url}/authorize?${new URLSearchParams(params).toString()}`, {
    redirect: 'manual',
  });
  return {
    status: res.status,
    location: res.headers.get('location'),
    text: await res.text(),
    type: res.headers.get('content-type'),
  };
}

const org: Organization = {
  accounts: [
    { accountId: '111122223333', accountName: 'Dev', emailAddress: 'd@example.com', roles: ['Admin'] },
  ],
};

/** One emulator per test, stopped after it; call at the top of a test file. */
export function emulatorPerTest(): (
  options?: Omit<EmulatorOptions, 'org'>,
) => Promise<IdentityCenterEmulator> {
  let emulator: IdentityCenterEmulator | undefined;
  afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
  });
  return async (options = {}) => {
    emulator = await IdentityCenterEmulator.start({ org, ...options });
    return emulator;
  };
}

/** The status the portal answers ListAccounts with, for a token CreateToken returned. */
export async function portalStatus(url: string, accessToken: unknown): Promise<number> {
  if (typeof accessToken !== 'string') throw new Error('no access token');
  return (await call(url, '/assignment/accounts', { token: accessToken })).status;
}

export const CALLBACK = 'http://127.0.0.1/oauth/callback';

/** Registers as AWS CLI v2 does and runs /authorize; returns the code the browser would bring back. */
export async function authCodeClient(
  url: string,
): Promise<{ client: Client; code: string; verifier: string; redirectUri: string }> {
  const client = await register(url, {
    grantTypes: ['authorization_code', 'refresh_token'],
    redirectUris: [CALLBACK],
    issuerUrl: 'https://emulator.awsapps.com/start',
    scopes: ['sso:account:access'],
  });
  const { verifier, challenge } = pkcePair();
  const redirectUri = 'http://127.0.0.1:54321/oauth/callback';
  const res = await authorize(url, {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: redirectUri,
    state: 'st-42',
    code_challenge_method: 'S256',
    scopes: 'sso:account:access',
    code_challenge: challenge,
  });
  expect(res.status).toBe(302);
  const location = new URL(res.location ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  expect(location.searchParams.get('state')).toBe('st-42');
  return { client, code: location.searchParams.get('code') ?? '', verifier, redirectUri };
}
