import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IdentityCenterEmulator, type Organization } from '../../src/emulator/index.js';
import { call, obj } from './helpers.js';

const org: Organization = {
  accounts: Array.from({ length: 7 }, (_, i) => ({
    accountId: String(111111111100 + i),
    accountName: `Account ${i}`,
    emailAddress: `a${i}@example.com`,
    roles:
      i === 0
        ? ['AdministratorAccess', 'ReadOnlyAccess', 'DBAReadOnly', 'Billing', 'SecurityAudit']
        : ['ReadOnlyAccess'],
  })),
};

let emulator: IdentityCenterEmulator;
let token: string;

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start({ org, pageSize: 3 });
  token = emulator.issueToken();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.setOptions({ pageSize: 3 }));

function expectError(res: Awaited<ReturnType<typeof call>>, status: number, type: string): void {
  expect(res.status).toBe(status);
  expect(res.headers.get('x-amzn-errortype')).toBe(type);
  expect(res.headers.get('content-type')).toBe('application/json');
  expect(obj(res.json).__type).toBe(type);
  expect(typeof obj(res.json).message).toBe('string');
}

describe('portal wire format', () => {
  it('serves on 127.0.0.1 and tags every response with a request id', async () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await call(emulator.url, '/assignment/accounts', { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('pages ListAccounts with min(max_result, pageSize) and omits nextToken on the last page', async () => {
    const pages: unknown[] = [];
    let next: string | undefined;
    do {
      const q = new URLSearchParams({ max_result: '2' });
      if (next) q.set('next_token', next);
      const res = await call(emulator.url, `/assignment/accounts?${q.toString()}`, { token });
      expect(res.status).toBe(200);
      const body = obj(res.json);
      pages.push(body);
      next = body.nextToken as string | undefined;
      if (next === undefined) expect('nextToken' in body).toBe(false);
    } while (next);
    expect(pages.map((p) => (obj(p).accountList as unknown[]).length)).toEqual([2, 2, 2, 1]);
    const all = pages.flatMap((p) => obj(p).accountList as unknown[]);
    expect(all[0]).toEqual({
      accountId: '111111111100',
      accountName: 'Account 0',
      emailAddress: 'a0@example.com',
    });
    expect(all.map((a) => obj(a).accountId)).toEqual(org.accounts.map((a) => a.accountId));

    // pageSize caps a larger max_result, and applies when max_result is absent.
    const capped = await call(emulator.url, '/assignment/accounts?max_result=100', { token });
    expect((obj(capped.json).accountList as unknown[]).length).toBe(3);
    emulator.setOptions({ pageSize: 20 });
    const whole = await call(emulator.url, '/assignment/accounts', { token });
    expect((obj(whole.json).accountList as unknown[]).length).toBe(7);
    expect(obj(whole.json).nextToken).toBeUndefined();
  });

  it('pages ListAccountRoles', async () => {
    const first = await call(emulator.url, '/assignment/roles?account_id=111111111100&max_result=2', {
      token,
    });
    expect(first.status).toBe(200);
    const body = obj(first.json);
    expect(body.roleList).toEqual([
      { roleName: 'AdministratorAccess', accountId: '111111111100' },
      { roleName: 'ReadOnlyAccess', accountId: '111111111100' },
    ]);
    const nextToken = body.nextToken as string;
    const second = await call(
      emulator.url,
      `/assignment/roles?account_id=111111111100&max_result=2&next_token=${encodeURIComponent(nextToken)}`,
      { token },
    );
    expect((obj(second.json).roleList as unknown[]).map((r) => obj(r).roleName)).toEqual([
      'DBAReadOnly',
      'Billing',
    ]);
    // A roles token is bound to its list: it is no good for accounts nor for another account.
    expectError(
      await call(emulator.url, `/assignment/accounts?next_token=${encodeURIComponent(nextToken)}`, { token }),
      400,
      'InvalidRequestException',
    );
    expectError(
      await call(emulator.url, `/assignment/roles?account_id=111111111101&next_token=${nextToken}`, {
        token,
      }),
      400,
      'InvalidRequestException',
    );
  });

  it.each(['0', '101', '-1', 'abc', '1.5', ''])('answers 400 for max_result=%j', async (value) => {
    const res = await call(emulator.url, `/assignment/accounts?max_result=${value}`, { token });
    expectError(res, 400, 'InvalidRequestException');
  });

  it.each(['garbage!', 'AAAA', Buffer.from('v1|accounts|-3').toString('base64url'), 'djF8YWNjb3VudHN8Mw=='])(
    'answers 400 for next_token=%j',
    async (value) => {
      const res = await call(emulator.url, `/assignment/accounts?next_token=${encodeURIComponent(value)}`, {
        token,
      });
      expectError(res, 400, 'InvalidRequestException');
    },
  );

  it('answers 404 for an unknown account and 400 without account_id', async () => {
    expectError(
      await call(emulator.url, '/assignment/roles?account_id=999999999999', { token }),
      404,
      'ResourceNotFoundException',
    );
    expectError(await call(emulator.url, '/assignment/roles', { token }), 400, 'InvalidRequestException');
  });

  it('issues role credentials with an expiration in epoch milliseconds, and 403 without access', async () => {
    const before = Date.now();
    const res = await call(
      emulator.url,
      '/federation/credentials?account_id=111111111101&role_name=ReadOnlyAccess',
      {
        token,
      },
    );
    expect(res.status).toBe(200);
    const creds = obj(obj(res.json).roleCredentials);
    expect(Object.keys(creds).sort()).toEqual([
      'accessKeyId',
      'expiration',
      'secretAccessKey',
      'sessionToken',
    ]);
    expect(creds.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    const expiration = creds.expiration as number;
    expect(expiration).toBeGreaterThanOrEqual(before + 3_600_000 - 1_000);
    expect(expiration).toBeLessThanOrEqual(Date.now() + 3_600_000 + 1_000);

    const denied = await call(
      emulator.url,
      '/federation/credentials?account_id=111111111101&role_name=AdministratorAccess',
      { token },
    );
    expectError(denied, 403, 'ForbiddenException');
    expect(obj(denied.json).message).toBe('No access');
    expectError(
      await call(emulator.url, '/federation/credentials?account_id=999999999999&role_name=ReadOnlyAccess', {
        token,
      }),
      403,
      'ForbiddenException',
    );
    expectError(
      await call(emulator.url, '/federation/credentials?account_id=111111111101', { token }),
      400,
      'InvalidRequestException',
    );
  });

  it('rejects missing, unknown, expired and revoked tokens with 401', async () => {
    expectError(await call(emulator.url, '/assignment/accounts'), 401, 'UnauthorizedException');
    expectError(
      await call(emulator.url, '/assignment/accounts', { token: 'nope' }),
      401,
      'UnauthorizedException',
    );
    const expired = emulator.issueToken({ token: 'expired-token', expiresAt: new Date(Date.now() - 1) });
    expect(expired).toBe('expired-token');
    expectError(
      await call(emulator.url, '/assignment/accounts', { token: expired }),
      401,
      'UnauthorizedException',
    );
    const valid = emulator.issueToken({ expiresAt: new Date(Date.now() + 60_000) });
    expect((await call(emulator.url, '/assignment/accounts', { token: valid })).status).toBe(200);
    emulator.revokeToken(valid);
    expectError(
      await call(emulator.url, '/assignment/accounts', { token: valid }),
      401,
      'UnauthorizedException',
    );
  });

  it('accepts tokens seeded through the options', async () => {
    const seeded = await IdentityCenterEmulator.start({ org, tokens: [{ token: 'seeded' }] });
    try {
      expect((await call(seeded.url, '/assignment/accounts', { token: 'seeded' })).status).toBe(200);
    } finally {
      await seeded.stop();
    }
  });

  it('logs out: 200 with an empty body, then the token is dead', async () => {
    const session = emulator.issueToken();
    const res = await call(emulator.url, '/logout', { token: session, method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expectError(
      await call(emulator.url, '/assignment/accounts', { token: session }),
      401,
      'UnauthorizedException',
    );
    expectError(
      await call(emulator.url, '/logout', { token: session, method: 'POST' }),
      401,
      'UnauthorizedException',
    );
  });

  it('answers 404 with a JSON error for unknown routes and methods', async () => {
    expectError(await call(emulator.url, '/nope', { token }), 404, 'UnknownOperationException');
    expectError(
      await call(emulator.url, '/assignment/accounts', { token, method: 'DELETE' }),
      404,
      'UnknownOperationException',
    );
  });

  it('follows organisation changes at runtime', async () => {
    const smaller: Organization = {
      accounts: org.accounts.slice(0, 2).map((a) => ({ ...a, roles: ['Billing'] })),
    };
    emulator.setOrganization(smaller);
    try {
      emulator.setOptions({ pageSize: 20 });
      const res = await call(emulator.url, '/assignment/accounts', { token });
      expect((obj(res.json).accountList as unknown[]).length).toBe(2);
      const roles = await call(emulator.url, '/assignment/roles?account_id=111111111100', { token });
      expect(obj(roles.json).roleList).toEqual([{ roleName: 'Billing', accountId: '111111111100' }]);
      expectError(
        await call(emulator.url, '/assignment/roles?account_id=111111111105', { token }),
        404,
        'ResourceNotFoundException',
      );
      // Mutating the caller's object afterwards does not reach the emulator.
      smaller.accounts.length = 0;
      expect(
        (obj((await call(emulator.url, '/assignment/accounts', { token })).json).accountList as unknown[])
          .length,
      ).toBe(2);
    } finally {
      emulator.setOrganization(org);
    }
  });
});
