/**
 * The emulator's fault rules over raw HTTP: what a broken or hostile server sends, exactly, so that
 * the client tests elsewhere know what they are up against.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  generateOrganization,
  HOSTILE_MESSAGE,
  IdentityCenterEmulator,
  parseFaultSpec,
  type EmulatorOptions,
} from '../../src/emulator/index.js';
import { call, obj } from './helpers.js';

const org = generateOrganization({ accounts: 12, rolesPerAccount: 3, seed: 4 });
const accountId = org.accounts[0]!.accountId;
let emulator: IdentityCenterEmulator | undefined;

async function start(options: Omit<EmulatorOptions, 'org'>) {
  const emu = await IdentityCenterEmulator.start({ org, pageSize: 5, ...options });
  emulator = emu;
  return { url: emu.url, token: emu.issueToken(), emu };
}
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

/** What arrives within `ms`: the status (if the headers came) and the body bytes so far. */
function observe(url: string, path: string, token: string, ms: number) {
  return new Promise<{ status?: number; body: string; ended: boolean }>((resolve) => {
    const seen: { status?: number; body: string; ended: boolean } = { body: '', ended: false };
    const req = request(`${url}${path}`, { headers: { 'x-amz-sso_bearer_token': token } }, (res) => {
      seen.status = res.statusCode;
      res.on('data', (chunk: Buffer) => (seen.body += chunk.toString()));
      res.on('end', () => (seen.ended = true));
      res.on('error', () => undefined);
    });
    req.on('error', () => undefined);
    req.end();
    setTimeout(() => {
      req.destroy();
      resolve(seen);
    }, ms);
  });
}

describe('transport faults', () => {
  it('stall: accepts the request and never answers, only for the operations named', async () => {
    const { url, token, emu } = await start({
      faults: [{ mode: 'stall', operations: ['ListAccountRoles'] }],
    });
    const stalled = await observe(url, `/assignment/roles?account_id=${accountId}`, token, 300);
    expect(stalled).toEqual({ body: '', ended: false });
    expect((await call(url, '/assignment/accounts', { token })).status).toBe(200);
    expect(emu.requests().map((r) => [r.operation, r.status])).toEqual([
      ['ListAccountRoles', 0],
      ['ListAccounts', 200],
    ]);
  });

  it('drip: sends the headers and a byte at a time, and never ends the body', async () => {
    const { url, token } = await start({ faults: [{ mode: 'drip' }], dripIntervalMs: 20 });
    const seen = await observe(url, '/assignment/accounts', token, 300);
    expect(seen.status).toBe(200);
    expect(seen.ended).toBe(false);
    expect(seen.body.startsWith('{"accountList": [')).toBe(true);
    // A byte every 20 ms: the connection is never idle long enough for an idle timeout.
    expect(seen.body.length).toBeGreaterThan('{"accountList": ['.length + 5);
  });

  it('applies a rule to roughly its share of requests', async () => {
    const { url, token, emu } = await start({ faults: [{ mode: 'json-object', rate: 0.5 }], seed: 3 });
    let broken = 0;
    for (let i = 0; i < 100; i++) {
      const res = await call(url, '/assignment/accounts', { token });
      if (res.text === '{}') broken++;
    }
    expect(broken).toBeGreaterThan(30);
    expect(broken).toBeLessThan(70);
    expect(emu.stats().faults).toBe(broken);
  });
});

describe('pagination faults', () => {
  it('repeat-token: the next page names the same page again, forever', async () => {
    const { url, token } = await start({ faults: [{ mode: 'repeat-token', operations: ['ListAccounts'] }] });
    const first = obj((await call(url, '/assignment/accounts', { token })).json);
    const again = obj(
      (await call(url, `/assignment/accounts?next_token=${String(first.nextToken)}`, { token })).json,
    );
    expect(typeof first.nextToken).toBe('string');
    expect(again.nextToken).toBe(first.nextToken);
    expect(again.accountList).toEqual(first.accountList);
  });

  it('cycle-tokens: A → B → A, even for a listing that fits one page', async () => {
    const { url, token } = await start({ faults: [{ mode: 'cycle-tokens' }] });
    const path = `/assignment/roles?account_id=${accountId}`;
    const a = obj((await call(url, path, { token })).json).nextToken as string;
    const b = obj((await call(url, `${path}&next_token=${a}`, { token })).json).nextToken as string;
    const back = obj((await call(url, `${path}&next_token=${b}`, { token })).json).nextToken as string;
    expect(a).not.toBe(b);
    expect(back).toBe(a);
  });
});

describe('answer faults', () => {
  it.each([
    ['empty-body', ''],
    ['json-array', '[]'],
    ['json-object', '{}'],
  ] as const)('%s: HTTP 200 with the body %j', async (mode, body) => {
    const { url, token } = await start({ faults: [{ mode }] });
    const res = await call(url, '/assignment/accounts', { token });
    expect(res.status).toBe(200);
    expect(res.text).toBe(body);
  });

  it('breaks only successful answers: a bad token still gets its 401', async () => {
    const { url } = await start({ faults: [{ mode: 'json-object' }] });
    expect((await call(url, '/assignment/accounts', { token: 'nope' })).status).toBe(401);
  });

  it('wrong-types, missing-fields and hostile-values, per operation', async () => {
    const { url, token, emu } = await start({
      faults: [{ mode: 'wrong-types', operations: ['ListAccounts'] }],
    });
    const accounts = obj((await call(url, '/assignment/accounts', { token })).json).accountList as unknown[];
    expect(typeof obj(accounts[0]).accountId).toBe('number');
    const roles = obj((await call(url, `/assignment/roles?account_id=${accountId}`, { token })).json);
    expect(Array.isArray(roles.roleList)).toBe(true);

    emu.setOptions({ faults: [{ mode: 'missing-fields', operations: ['ListAccountRoles'] }] });
    const bare = obj((await call(url, `/assignment/roles?account_id=${accountId}`, { token })).json);
    for (const role of bare.roleList as unknown[]) expect(obj(role).roleName).toBeUndefined();

    emu.setOptions({ faults: [{ mode: 'hostile-values', operations: ['ListAccountRoles'] }] });
    const hostile = obj((await call(url, `/assignment/roles?account_id=${accountId}`, { token })).json);
    expect(obj((hostile.roleList as unknown[])[0]).roleName).toBe(
      `${org.accounts[0]!.roles[0]}\n[profile evil]`,
    );
  });

  it('missing-fields on GetCallerIdentity drops the Account element', async () => {
    const { url, emu } = await start({
      faults: [{ mode: 'missing-fields', operations: ['GetCallerIdentity'] }],
    });
    const token = emu.issueToken();
    const creds = obj(
      (
        await call(
          url,
          `/federation/credentials?account_id=${accountId}&role_name=${org.accounts[0]!.roles[0]}`,
          { token },
        )
      ).json,
    ).roleCredentials as { accessKeyId: string };
    const res = await call(url, '/', {
      method: 'POST',
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/20260101/eu-central-1/sts/aws4_request, SignedHeaders=host, Signature=0`,
      },
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<Arn>');
    expect(res.text).not.toContain('<Account>');
  });

  it('hostile-error: a fatal error whose message holds escape sequences', async () => {
    const { url, token } = await start({ faults: [{ mode: 'hostile-error' }] });
    const res = await call(url, '/assignment/accounts', { token });
    expect(res.status).toBe(403);
    expect(obj(res.json).message).toBe(HOSTILE_MESSAGE);
    expect(HOSTILE_MESSAGE).toContain('\x1b[2J');
  });

  it('bare-throttle: HTTP 429 with an empty body and no error type, for the operations and share named', async () => {
    const { url, token, emu } = await start({
      faults: [{ mode: 'bare-throttle', operations: ['ListAccountRoles'], rate: 0.3 }],
      seed: 5,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await call(url, `/assignment/roles?account_id=${accountId}`, { token });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.text).toBe('');
        expect(res.headers.get('x-amzn-errortype')).toBeNull();
        expect(res.headers.get('content-type')).toBeNull();
      } else expect(res.status).toBe(200);
    }
    const bare = statuses.filter((s) => s === 429).length;
    expect(bare).toBeGreaterThan(8);
    expect(bare).toBeLessThan(30);
    expect((await call(url, '/assignment/accounts', { token })).status).toBe(200);
    // Counted as a fault, not as a 429 of the rate limit.
    expect(emu.stats()).toMatchObject({ faults: bare, throttled: 0 });
    // Even a request that would fail otherwise gets the bare 429.
    emu.setOptions({ faults: [{ mode: 'bare-throttle' }] });
    const unauthorized = await call(url, '/assignment/accounts', { token: 'nope' });
    expect([unauthorized.status, unauthorized.text]).toEqual([429, '']);
  });

  it('slow-down: CreateToken says slow down on every poll', async () => {
    const { url } = await start({ faults: [{ mode: 'slow-down', operations: ['CreateToken'] }] });
    const res = await call(url, '/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: 'x',
        clientSecret: 'y',
        grantType: 'refresh_token',
        refreshToken: 'z',
      }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('SlowDownException');
  });
});

describe('settings', () => {
  it('refuses a bad rule without changing anything', async () => {
    const { url, token, emu } = await start({});
    // @ts-expect-error: a mode that does not exist, as a caller in plain JavaScript could pass.
    expect(() => emu.setOptions({ faults: [{ mode: 'explode' }], latencyMs: 1000 })).toThrow(RangeError);
    expect(() => emu.setOptions({ faults: [{ mode: 'stall', operations: ['Nope'] }] })).toThrow(RangeError);
    expect(() => emu.setOptions({ faults: [{ mode: 'stall', rate: 2 }] })).toThrow(RangeError);
    expect(() => emu.setOptions({ dripIntervalMs: 0 })).toThrow(RangeError);
    const t0 = performance.now();
    expect((await call(url, '/assignment/accounts', { token })).status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('reads --fault specs of the emulator command', () => {
    expect(parseFaultSpec('stall')).toEqual({ mode: 'stall' });
    expect(parseFaultSpec('drip:ListAccounts,ListAccountRoles@0.25')).toEqual({
      mode: 'drip',
      operations: ['ListAccounts', 'ListAccountRoles'],
      rate: 0.25,
    });
    expect(() => parseFaultSpec('explode')).toThrow(/modes: stall, drip/);
    expect(() => parseFaultSpec('stall:Nope')).toThrow(/unknown operation Nope/);
    expect(() => parseFaultSpec('stall@3')).toThrow(/between 0 and 1/);
  });
});
