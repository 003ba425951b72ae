import { describe, expect, it } from 'vitest';
import { call, obj } from './helpers.js';
import {
  authCodeClient,
  type Client,
  DEVICE_GRANT,
  emulatorPerTest,
  expectOidcError,
  portalStatus,
  post,
  register,
  sleep,
  startDevice,
  token,
} from './oidc-helpers.js';

const start = emulatorPerTest();

describe('SSO-OIDC device-code flow', () => {
  it('registers, waits for approval, and issues a token the portal accepts', async () => {
    const emu = await start({ deviceInterval: 0 });
    const before = Math.floor(Date.now() / 1000);
    const reg = obj(
      (await post(emu.url, '/client/register', { clientName: 'cli', clientType: 'public' })).json,
    );
    expect(reg.clientIdIssuedAt).toBeGreaterThanOrEqual(before);
    expect(reg.clientSecretExpiresAt).toBe((reg.clientIdIssuedAt as number) + 90 * 24 * 3600);
    const client = { clientId: reg.clientId as string, clientSecret: reg.clientSecret as string };
    const auth = await startDevice(emu.url, client);
    expect(auth.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(auth).toMatchObject({ verificationUri: `${emu.url}/device`, expiresIn: 600, interval: 0 });
    expect(auth.verificationUriComplete).toBe(`${emu.url}/device?user_code=${auth.userCode as string}`);
    const grant = { grantType: DEVICE_GRANT, deviceCode: auth.deviceCode };
    const pending = await token(emu.url, client, grant);
    expectOidcError(pending, 400, 'AuthorizationPendingException', 'authorization_pending');

    const page = await fetch(auth.verificationUriComplete as string);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain(auth.userCode);
    const res = await token(emu.url, client, grant);
    expect(res.status).toBe(200);
    const body = obj(res.json);
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 28800 });
    for (const key of ['accessToken', 'refreshToken', 'idToken'])
      expect(body[key]).toEqual(expect.any(String));
    expect(await portalStatus(emu.url, body.accessToken)).toBe(200);
    // A device code yields one token.
    expectOidcError(await token(emu.url, client, grant), 400, 'InvalidGrantException', 'invalid_grant');
  });

  it('answers slow_down to a client polling faster than the interval', async () => {
    const emu = await start();
    const client = await register(emu.url);
    const auth = await startDevice(emu.url, client);
    expect(auth.interval).toBe(1);
    const grant = { grantType: DEVICE_GRANT, deviceCode: auth.deviceCode };
    expectOidcError(
      await token(emu.url, client, grant),
      400,
      'AuthorizationPendingException',
      'authorization_pending',
    );
    expectOidcError(await token(emu.url, client, grant), 400, 'SlowDownException', 'slow_down');
    await sleep(1000);
    expectOidcError(
      await token(emu.url, client, grant),
      400,
      'AuthorizationPendingException',
      'authorization_pending',
    );
  });

  it('expires device codes, and the page no longer approves them', async () => {
    const emu = await start({ deviceCodeTtlSeconds: 1 });
    const client = await register(emu.url);
    const auth = await startDevice(emu.url, client);
    expect(auth.expiresIn).toBe(1);
    await sleep(1100);
    expect((await fetch(auth.verificationUriComplete as string)).status).toBe(404);
    const res = await token(emu.url, client, { grantType: DEVICE_GRANT, deviceCode: auth.deviceCode });
    expectOidcError(res, 400, 'ExpiredTokenException', 'expired_token');
    const unknown = await token(emu.url, client, { grantType: DEVICE_GRANT, deviceCode: 'nope' });
    expectOidcError(unknown, 400, 'InvalidGrantException', 'invalid_grant');
  });

  it('serves a code form without user_code, accepts typed codes, and 404s unknown ones', async () => {
    const emu = await start({ deviceInterval: 0 });
    const form = await fetch(`${emu.url}/device`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="user_code"');
    expect((await fetch(`${emu.url}/device?user_code=BBBB-BBBB`)).status).toBe(404);
    const client = await register(emu.url);
    const auth = await startDevice(emu.url, client);
    const typed = (auth.userCode as string).toLowerCase().replace('-', '');
    expect((await fetch(`${emu.url}/device?user_code=${typed}`)).status).toBe(200);
    const res = await token(emu.url, client, { grantType: DEVICE_GRANT, deviceCode: auth.deviceCode });
    expect(res.status).toBe(200);
  });

  it('lets the user deny a request on the page: CreateToken answers AccessDeniedException, once', async () => {
    const emu = await start({ deviceInterval: 0 });
    const client = await register(emu.url);
    const auth = await startDevice(emu.url, client);
    const grant = { grantType: DEVICE_GRANT, deviceCode: auth.deviceCode };
    const page = await fetch(`${auth.verificationUriComplete as string}&deny=1`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Request denied');
    // A denial stands: opening the page again does not approve it.
    expect(await (await fetch(auth.verificationUriComplete as string)).text()).toContain('Request denied');
    expectOidcError(await token(emu.url, client, grant), 400, 'AccessDeniedException', 'access_denied');
    // The device code is spent.
    expectOidcError(await token(emu.url, client, grant), 400, 'InvalidGrantException', 'invalid_grant');
    // An approved request cannot be denied afterwards.
    const other = await startDevice(emu.url, client);
    await fetch(other.verificationUriComplete as string);
    expect(await (await fetch(`${other.verificationUriComplete as string}&deny=1`)).text()).toContain(
      'Request approved',
    );
    const res = await token(emu.url, client, { grantType: DEVICE_GRANT, deviceCode: other.deviceCode });
    expect(res.status).toBe(200);
  });
});

describe('SSO-OIDC errors', () => {
  it('answers 401 InvalidClientException for unknown clients, wrong secrets and expired registrations', async () => {
    const emu = await start({ registrationTtlSeconds: 1 });
    const client = await register(emu.url);
    const cases: Client[] = [
      { clientId: 'unknown', clientSecret: client.clientSecret },
      { clientId: client.clientId, clientSecret: 'wrong' },
    ];
    for (const bad of cases) {
      const res = await post(emu.url, '/device_authorization', {
        ...bad,
        startUrl: 'https://x.awsapps.com/start',
      });
      expectOidcError(res, 401, 'InvalidClientException', 'invalid_client');
      const tok = await token(emu.url, bad, { grantType: 'refresh_token', refreshToken: 'r' });
      expectOidcError(tok, 401, 'InvalidClientException', 'invalid_client');
    }
    await sleep(1100);
    const expired = await post(emu.url, '/device_authorization', {
      ...client,
      startUrl: 'https://x.awsapps.com/start',
    });
    expectOidcError(expired, 401, 'InvalidClientException', 'invalid_client');
  });

  it('validates registrations, request bodies and grant types', async () => {
    const emu = await start();
    const cases: [unknown, string, string][] = [
      [{ clientType: 'public' }, 'InvalidRequestException', 'invalid_request'],
      [{ clientName: 'x' }, 'InvalidRequestException', 'invalid_request'],
      ['{not json', 'InvalidRequestException', 'invalid_request'],
      [
        { clientName: 'x', clientType: 'public', scopes: 'one' },
        'InvalidRequestException',
        'invalid_request',
      ],
      [
        { clientName: 'x', clientType: 'confidential' },
        'InvalidClientMetadataException',
        'invalid_client_metadata',
      ],
      [
        { clientName: 'x', clientType: 'public', grantTypes: ['implicit'] },
        'UnsupportedGrantTypeException',
        'unsupported_grant_type',
      ],
      [
        { clientName: 'x', clientType: 'public', redirectUris: ['https://example.com/cb'] },
        'InvalidRedirectUriException',
        'invalid_redirect_uri',
      ],
    ];
    for (const [body, type, code] of cases) {
      expectOidcError(await post(emu.url, '/client/register', body), 400, type, code);
    }
    const client = await register(emu.url);
    expectOidcError(
      await token(emu.url, client, { grantType: 'password' }),
      400,
      'UnsupportedGrantTypeException',
      'unsupported_grant_type',
    );
    expectOidcError(
      await token(emu.url, client, { grantType: DEVICE_GRANT }),
      400,
      'InvalidRequestException',
      'invalid_request',
    );
    expectOidcError(await post(emu.url, '/token', {}), 400, 'InvalidRequestException', 'invalid_request');
  });

  it('is neither rate limited nor fault injected, counts operations and logs no secrets', async () => {
    const emu = await start({ deviceInterval: 0, faultRate: 1, rateLimit: { rate: 0, burst: 0 } });
    const client = await register(emu.url);
    const auth = await startDevice(emu.url, client);
    await fetch(auth.verificationUriComplete as string);
    const tokens = obj(
      (await token(emu.url, client, { grantType: DEVICE_GRANT, deviceCode: auth.deviceCode })).json,
    );
    const ac = await authCodeClient(emu.url);
    const grant = {
      grantType: 'authorization_code',
      code: ac.code,
      redirectUri: ac.redirectUri,
      codeVerifier: ac.verifier,
    };
    expect((await token(emu.url, ac.client, grant)).status).toBe(200);
    expect(
      (await call(emu.url, '/assignment/accounts', { token: tokens.accessToken as string })).status,
    ).toBe(429);

    const stats = emu.stats();
    expect(stats.byOperation).toMatchObject({
      RegisterClient: 2,
      StartDeviceAuthorization: 1,
      Device: 1,
      Authorize: 1,
      CreateToken: 2,
    });
    expect(stats.faults + stats.throttled).toBe(1);
    const log = JSON.stringify(emu.requests());
    const secrets = [
      client.clientSecret,
      auth.deviceCode,
      auth.userCode,
      tokens.accessToken,
      tokens.refreshToken,
    ];
    for (const secret of [...secrets, ac.client.clientSecret, ac.code, ac.verifier, 'st-42']) {
      expect(log).not.toContain(secret as string);
    }
    expect(
      emu
        .requests()
        .filter((r) => r.operation === 'CreateToken')
        .map((r) => r.query),
    ).toEqual([{ grantType: DEVICE_GRANT }, { grantType: 'authorization_code' }]);
  });

  it('checks every OIDC option before applying any', async () => {
    const emu = await start();
    expect(() => emu.setOptions({ latencyMs: 5000, accessTokenTtlSeconds: 0 })).toThrow(RangeError);
    expect(() => emu.setOptions({ deviceInterval: 1.5 })).toThrow(RangeError);
    expect(() => emu.setOptions({ registrationTtlSeconds: -1 })).toThrow(RangeError);
    // The latency of the refused call was not applied either.
    const started = Date.now();
    await register(emu.url);
    expect(Date.now() - started).toBeLessThan(2000);
    emu.setOptions({ deviceInterval: 0, deviceCodeTtlSeconds: 5 });
    expect(await startDevice(emu.url, await register(emu.url))).toMatchObject({ interval: 0, expiresIn: 5 });
  });
});
