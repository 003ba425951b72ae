/** The emulator's console sign-in federation endpoint, on the wire. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { IdentityCenterEmulator, type Organization } from '../../src/emulator/index.js';
import { call, obj } from './helpers.js';

const org: Organization = {
  accounts: [
    {
      accountId: '210987654321',
      accountName: 'Workload',
      emailAddress: 'w@example.com',
      roles: ['DBAReadOnly'],
    },
  ],
};

let emulator: IdentityCenterEmulator;
let token: string;

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start({ org });
  token = emulator.issueToken();
});
afterAll(() => emulator.stop());
afterEach(() => {
  vi.useRealTimers();
  emulator.setOptions({ faults: [] });
});

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

async function roleCredentials(): Promise<Creds> {
  const res = await call(
    emulator.url,
    '/federation/credentials?account_id=210987654321&role_name=DBAReadOnly',
    {
      token,
    },
  );
  expect(res.status).toBe(200);
  return obj(obj(res.json).roleCredentials) as unknown as Creds;
}

const session = (c: Creds) =>
  encodeURIComponent(
    JSON.stringify({ sessionId: c.accessKeyId, sessionKey: c.secretAccessKey, sessionToken: c.sessionToken }),
  );

async function signinToken(c: Creds, extra = ''): Promise<string> {
  const res = await call(emulator.url, `/federation?Action=getSigninToken${extra}&Session=${session(c)}`);
  expect(res.status, res.text).toBe(200);
  const value = obj(res.json).SigninToken;
  expect(typeof value).toBe('string');
  return value as string;
}

const DESTINATION = 'https://console.aws.amazon.com/s3/home?region=eu-west-1';

function login(signin: string, destination = DESTINATION) {
  return fetch(
    `${emulator.url}/federation?Action=login&Issuer=${encodeURIComponent('https://example.com/start')}` +
      `&Destination=${encodeURIComponent(destination)}&SigninToken=${encodeURIComponent(signin)}`,
    { redirect: 'manual' },
  );
}

describe('GET /federation', () => {
  it('turns issued role credentials into a SigninToken that logs in once, for their account and role', async () => {
    const signin = await signinToken(await roleCredentials(), '&SessionDuration=3600');
    const res = await login(signin);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(DESTINATION);
    expect(res.headers.get('x-emulator-account-id')).toBe('210987654321');
    expect(res.headers.get('x-emulator-role-name')).toBe('DBAReadOnly');
    expect(await res.text()).toContain('Signed in to account 210987654321 as DBAReadOnly');
    // A bearer link used again is refused.
    expect((await login(signin)).status).toBe(400);
  });

  it('refuses a forged token, and one past its 15 minutes', async () => {
    expect((await login('ST-forged')).status).toBe(400);
    const signin = await signinToken(await roleCredentials());
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 16 * 60_000 });
    expect((await login(signin)).status).toBe(400);
  });

  it('refuses credentials it did not issue, changed ones and expired ones', async () => {
    const c = await roleCredentials();
    for (const forged of [
      { ...c, accessKeyId: 'ASIAFORGED0000000000' },
      { ...c, secretAccessKey: 'x' },
      { ...c, sessionToken: 'x' },
    ]) {
      const res = await call(emulator.url, `/federation?Action=getSigninToken&Session=${session(forged)}`);
      expect(res.status).toBe(401);
    }
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2 * 3600_000 });
    const expired = await call(emulator.url, `/federation?Action=getSigninToken&Session=${session(c)}`);
    expect(expired.status).toBe(401);
    expect(expired.text).toContain('expired');
  });

  it('refuses a malformed request with HTTP 400', async () => {
    const c = await roleCredentials();
    for (const query of [
      'Action=getSigninToken',
      'Action=getSigninToken&Session=not-json',
      `Action=getSigninToken&Session=${encodeURIComponent('{"sessionId": 1}')}`,
      `Action=getSigninToken&SessionDuration=899&Session=${session(c)}`,
      `Action=getSigninToken&SessionDuration=43201&Session=${session(c)}`,
      `Action=getSigninToken&SessionDuration=1e3&Session=${session(c)}`,
      'Action=nothing',
    ]) {
      expect((await call(emulator.url, `/federation?${query}`)).status, query).toBe(400);
    }
    const signin = await signinToken(c);
    expect((await login(signin, 'http://console.aws.amazon.com/')).status).toBe(400);
  });

  it('never logs the Session or the SigninToken, and counts both operations', async () => {
    emulator.resetStats();
    const c = await roleCredentials();
    await login(await signinToken(c));
    const records = emulator.requests().filter((r) => r.operation !== 'GetRoleCredentials');
    expect(records.map((r) => r.operation)).toEqual(['GetSigninToken', 'Login']);
    const logged = JSON.stringify(records);
    expect(logged).not.toContain(c.secretAccessKey);
    for (const r of records) expect(Object.keys(r.query)).not.toEqual(expect.arrayContaining(['Session']));
    expect(Object.keys(records[1]!.query)).not.toContain('SigninToken');
    expect(records[1]!.query.Destination).toBe(DESTINATION);
  });

  it('breaks GetSigninToken answers on request, and points AWS_ENDPOINT_URL_SIGNIN at itself', async () => {
    const c = await roleCredentials();
    emulator.setOptions({ faults: [{ mode: 'missing-fields', operations: ['GetSigninToken'] }] });
    const broken = await call(emulator.url, `/federation?Action=getSigninToken&Session=${session(c)}`);
    expect(broken.status).toBe(200);
    expect(broken.json).toEqual({});
    emulator.setOptions({ faults: [{ mode: 'hostile-error', operations: ['GetSigninToken'] }] });
    expect((await call(emulator.url, `/federation?Action=getSigninToken&Session=${session(c)}`)).status).toBe(
      400,
    );
    expect(emulator.endpointEnv().AWS_ENDPOINT_URL_SIGNIN).toBe(emulator.url);
  });
});
