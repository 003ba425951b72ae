import { describe, expect, it } from 'vitest';
import { obj } from './helpers.js';
import {
  authCodeClient,
  authorize,
  CALLBACK,
  DEVICE_GRANT,
  emulatorPerTest,
  expectOidcError,
  pkcePair,
  portalStatus,
  register,
  sleep,
  startDevice,
  token,
} from './oidc-helpers.js';

const start = emulatorPerTest();

describe('SSO-OIDC authorization code with PKCE', () => {
  it('exchanges the code once, with the right verifier and redirectUri only', async () => {
    const emu = await start();
    const first = await authCodeClient(emu.url);
    const grant = { grantType: 'authorization_code', code: first.code, redirectUri: first.redirectUri };
    const res = await token(emu.url, first.client, { ...grant, codeVerifier: first.verifier });
    expect(res.status).toBe(200);
    expect(await portalStatus(emu.url, obj(res.json).accessToken)).toBe(200);
    const again = await token(emu.url, first.client, { ...grant, codeVerifier: first.verifier });
    expectOidcError(again, 400, 'InvalidGrantException', 'invalid_grant');

    const second = await authCodeClient(emu.url);
    const base = { grantType: 'authorization_code', code: second.code, codeVerifier: second.verifier };
    const wrongVerifier = await token(emu.url, second.client, {
      ...base,
      redirectUri: second.redirectUri,
      codeVerifier: pkcePair().verifier,
    });
    expectOidcError(wrongVerifier, 400, 'InvalidGrantException', 'invalid_grant');
    const wrongRedirect = await token(emu.url, second.client, {
      ...base,
      redirectUri: 'http://127.0.0.1:54322/oauth/callback',
    });
    expectOidcError(wrongRedirect, 400, 'InvalidGrantException', 'invalid_grant');
    const otherClient = await token(emu.url, first.client, { ...base, redirectUri: second.redirectUri });
    expectOidcError(otherClient, 400, 'InvalidGrantException', 'invalid_grant');
    // None of the failed attempts used the code up.
    expect((await token(emu.url, second.client, { ...base, redirectUri: second.redirectUri })).status).toBe(
      200,
    );
  });

  it('answers 400 HTML to bad authorization requests', async () => {
    const emu = await start();
    const client = await register(emu.url, { redirectUris: [CALLBACK] });
    const open = await register(emu.url);
    const good = {
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: 'http://127.0.0.1:9/oauth/callback',
      state: 's',
      code_challenge_method: 'S256',
      code_challenge: pkcePair().challenge,
    };
    expect((await authorize(emu.url, good)).status).toBe(302);
    expect(
      (await authorize(emu.url, { ...good, client_id: open.clientId, redirect_uri: 'http://127.0.0.1:9/x' }))
        .status,
    ).toBe(302);
    for (const bad of [
      { response_type: 'token' },
      { client_id: 'unknown' },
      { redirect_uri: 'http://127.0.0.1:9/elsewhere' },
      { redirect_uri: 'https://evil.example.com/oauth/callback' },
      { code_challenge_method: 'plain' },
      { code_challenge: 'short' },
    ]) {
      const res = await authorize(emu.url, { ...good, ...bad });
      expect({ bad, status: res.status, location: res.location }).toEqual({
        bad,
        status: 400,
        location: null,
      });
      expect(res.type).toContain('text/html');
    }
    const notLoopback = await authorize(emu.url, {
      ...good,
      client_id: open.clientId,
      redirect_uri: 'http://example.com:9/x',
    });
    expect(notLoopback.status).toBe(400);
  });
});

describe('SSO-OIDC refresh tokens', () => {
  it('rotates refresh tokens and rejects spent or revoked ones', async () => {
    const emu = await start();
    const { client, code, verifier, redirectUri } = await authCodeClient(emu.url);
    const first = obj(
      (
        await token(emu.url, client, {
          grantType: 'authorization_code',
          code,
          redirectUri,
          codeVerifier: verifier,
        })
      ).json,
    );
    const refreshed = await token(emu.url, client, {
      grantType: 'refresh_token',
      refreshToken: first.refreshToken,
    });
    expect(refreshed.status).toBe(200);
    const second = obj(refreshed.json);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(await portalStatus(emu.url, second.accessToken)).toBe(200);
    const spent = await token(emu.url, client, {
      grantType: 'refresh_token',
      refreshToken: first.refreshToken,
    });
    expectOidcError(spent, 400, 'InvalidGrantException', 'invalid_grant');
    const stranger = await register(emu.url);
    const foreign = await token(emu.url, stranger, {
      grantType: 'refresh_token',
      refreshToken: second.refreshToken,
    });
    expectOidcError(foreign, 400, 'InvalidGrantException', 'invalid_grant');

    emu.revokeRefreshTokens();
    const revoked = await token(emu.url, client, {
      grantType: 'refresh_token',
      refreshToken: second.refreshToken,
    });
    expectOidcError(revoked, 400, 'InvalidGrantException', 'invalid_grant');
  });

  it('issues access tokens that the portal rejects once accessTokenTtlSeconds have passed', async () => {
    const emu = await start({ deviceInterval: 0 });
    emu.setOptions({ accessTokenTtlSeconds: 1 });
    const client = await register(emu.url);
    const auth = await startDevice(emu.url, client);
    await fetch(auth.verificationUriComplete as string);
    const body = obj(
      (await token(emu.url, client, { grantType: DEVICE_GRANT, deviceCode: auth.deviceCode })).json,
    );
    expect(body.expiresIn).toBe(1);
    expect(await portalStatus(emu.url, body.accessToken)).toBe(200);
    await sleep(1100);
    expect(await portalStatus(emu.url, body.accessToken)).toBe(401);
  });
});
