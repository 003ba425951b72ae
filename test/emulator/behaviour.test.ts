import { afterEach, describe, expect, it } from 'vitest';
import {
  generateOrganization,
  IdentityCenterEmulator,
  type EmulatorOptions,
} from '../../src/emulator/index.js';
import { call, obj } from './helpers.js';

const org = generateOrganization({ accounts: 30, seed: 2 });
const accountId = org.accounts[0]?.accountId ?? '';
let emulator: IdentityCenterEmulator | undefined;

async function start(
  options: Omit<EmulatorOptions, 'org'> = {},
): Promise<{ url: string; token: string; emu: IdentityCenterEmulator }> {
  const emu = await IdentityCenterEmulator.start({ org, ...options });
  emulator = emu;
  return { url: emu.url, token: emu.issueToken(), emu };
}
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

describe('rate limit', () => {
  it('lets the burst through, then answers 429 across all portal operations, STS not counted', async () => {
    const { url, token, emu } = await start({ rateLimit: { rate: 0.001, burst: 5 } });
    const paths = [
      '/assignment/accounts',
      `/assignment/roles?account_id=${accountId}`,
      '/assignment/accounts',
      `/assignment/roles?account_id=${accountId}`,
      '/assignment/accounts',
      '/assignment/accounts',
      `/assignment/roles?account_id=${accountId}`,
      '/assignment/accounts',
    ];
    const statuses: number[] = [];
    for (const path of paths) {
      const res = await call(url, path, { token });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('x-amzn-errortype')).toBe('TooManyRequestsException');
        expect(obj(res.json).__type).toBe('TooManyRequestsException');
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    // STS shares the server but not the bucket.
    const sts = await call(url, '/', { method: 'POST', body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    expect(sts.status).toBe(403);
    const stats = emu.stats();
    expect(stats.throttled).toBe(3);
    expect(stats.byStatus[429]).toBe(3);
    expect(stats.byOperation.ListAccountRoles).toBe(3);
  });

  it('refills at the configured rate and can be switched off at runtime', async () => {
    // One token every 100 ms: wide enough that two calls in a row on a loaded machine stay inside it.
    const { url, token, emu } = await start({ rateLimit: { rate: 10, burst: 1 } });
    expect((await call(url, '/assignment/accounts', { token })).status).toBe(200);
    expect((await call(url, '/assignment/accounts', { token })).status).toBe(429);
    await new Promise((r) => setTimeout(r, 120));
    expect((await call(url, '/assignment/accounts', { token })).status).toBe(200);
    emu.setOptions({ rateLimit: undefined });
    for (let i = 0; i < 5; i++) expect((await call(url, '/assignment/accounts', { token })).status).toBe(200);
  });

  it('decides on arrival but still delays the 429 by latencyMs', async () => {
    const { url, token } = await start({ rateLimit: { rate: 0, burst: 0 }, latencyMs: 80 });
    const t0 = performance.now();
    const res = await call(url, '/assignment/accounts', { token });
    expect(res.status).toBe(429);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(75);
  });
});

describe('faults', () => {
  async function faultStatuses(seed: number, n: number): Promise<number[]> {
    const { url, token } = await start({ faultRate: 0.3, seed });
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await call(url, '/assignment/accounts', { token })).status);
    await emulator?.stop();
    return out;
  }

  it('injects roughly faultRate of 500/503, repeatably for a seed', async () => {
    const a = await faultStatuses(42, 400);
    const b = await faultStatuses(42, 400);
    expect(b).toEqual(a);
    const faults = a.filter((s) => s >= 500).length;
    expect(faults).toBeGreaterThan(400 * 0.2);
    expect(faults).toBeLessThan(400 * 0.4);
    expect(a.filter((s) => s === 500).length).toBeGreaterThan(0);
    expect(a.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(a.every((s) => [200, 500, 503].includes(s))).toBe(true);
    const c = await faultStatuses(43, 400);
    expect(c).not.toEqual(a);
  });

  it('sends fault errors in the portal error format and counts them', async () => {
    const { url, token, emu } = await start({ faultRate: 1 });
    const first = await call(url, '/assignment/accounts', { token });
    const second = await call(url, '/assignment/accounts', { token });
    expect([first.status, second.status]).toEqual([500, 503]);
    expect(first.headers.get('x-amzn-errortype')).toBe('InternalServerException');
    expect(obj(second.json).__type).toBe('ServiceUnavailableException');
    expect(emu.stats().faults).toBe(2);
    emu.setOptions({ faultRate: 0 });
    expect((await call(url, '/assignment/accounts', { token })).status).toBe(200);
  });

  it('always fails ListAccountRoles for failRolesFor, and only there', async () => {
    const { url, token, emu } = await start({ failRolesFor: [accountId] });
    for (let i = 0; i < 5; i++) {
      const res = await call(url, `/assignment/roles?account_id=${accountId}`, { token });
      expect(res.status).toBe(500);
      expect(res.headers.get('x-amzn-errortype')).toBe('InternalServerException');
    }
    const other = org.accounts[1]?.accountId ?? '';
    expect((await call(url, `/assignment/roles?account_id=${other}`, { token })).status).toBe(200);
    expect((await call(url, '/assignment/accounts', { token })).status).toBe(200);
    // The token is still checked first: no 500 leaks to an unauthenticated caller.
    expect((await call(url, `/assignment/roles?account_id=${accountId}`, { token: 'bad' })).status).toBe(401);
    expect(emu.stats().faults).toBe(5);
    emu.setOptions({ failRolesFor: [] });
    expect((await call(url, `/assignment/roles?account_id=${accountId}`, { token })).status).toBe(200);
  });

  it('refuses invalid settings without changing anything', async () => {
    const { url, token, emu } = await start();
    expect(() => emu.setOptions({ faultRate: 2, latencyMs: 500 })).toThrow(RangeError);
    expect(() => emu.setOptions({ pageSize: 0 })).toThrow(RangeError);
    expect(() => emu.setOptions({ rateLimit: { rate: -1, burst: 1 } })).toThrow(RangeError);
    const t0 = performance.now();
    expect((await call(url, '/assignment/accounts', { token })).status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(400);
  });
});

describe('latency, stats and lifecycle', () => {
  it('delays every response by latencyMs and tracks concurrency', async () => {
    const { url, token, emu } = await start({ latencyMs: 100 });
    const t0 = performance.now();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call(url, i % 2 ? '/assignment/accounts' : '/assignment/accounts?max_result=0', { token }),
      ),
    );
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(1_000); // concurrent, not serialised
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 400, 400, 400, 400]);
    const stats = emu.stats();
    expect(stats.totalRequests).toBe(8);
    expect(stats.peakInFlight).toBe(8);
    expect(stats.byOperation).toEqual({ ListAccounts: 8 });
    expect(stats.byStatus).toEqual({ 200: 4, 400: 4 });
  });

  it('records operation, status and query, never the token', async () => {
    const { url, token, emu } = await start();
    const before = Date.now();
    await call(url, `/assignment/roles?account_id=${accountId}&max_result=2`, { token });
    await call(url, '/federation/credentials?account_id=1&role_name=x', { token });
    await call(url, '/nowhere', { token });
    const records = emu.requests();
    expect(records.map((r) => [r.operation, r.status])).toEqual([
      ['ListAccountRoles', 200],
      ['GetRoleCredentials', 403],
      ['UnknownOperation', 404],
    ]);
    expect(records[0]?.query).toEqual({ account_id: accountId, max_result: '2' });
    expect(records[0]?.at).toBeGreaterThanOrEqual(before);
    expect(JSON.stringify(records)).not.toContain(token);
    expect(JSON.stringify(emu.stats())).not.toContain(token);
    emu.resetStats();
    expect(emu.requests()).toEqual([]);
    expect(emu.stats()).toMatchObject({
      totalRequests: 0,
      throttled: 0,
      faults: 0,
      byOperation: {},
      byStatus: {},
    });
  });

  it('holds every request while paused, then handles them together, in the order they came', async () => {
    const { url, token, emu } = await start();
    const arrived = async (n: number) => {
      while (emu.stats().inFlight < n) await new Promise((r) => setTimeout(r, 5));
    };
    emu.pause();
    let answered = 0;
    const roles = call(url, `/assignment/roles?account_id=${accountId}`, { token }).finally(() => answered++);
    await arrived(1);
    const accounts = call(url, '/assignment/accounts', { token }).finally(() => answered++);
    await arrived(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(answered).toBe(0);
    expect(emu.stats()).toMatchObject({ inFlight: 2, totalRequests: 0 });
    expect(emu.requests()).toEqual([]);
    emu.resume();
    expect([(await roles).status, (await accounts).status]).toEqual([200, 200]);
    expect(emu.requests().map((r) => r.operation)).toEqual(['ListAccountRoles', 'ListAccounts']);
    // Resumed, it answers at once again.
    expect((await call(url, '/assignment/accounts', { token })).status).toBe(200);
    // A request still held ends with the emulator.
    emu.pause();
    const held = call(url, '/assignment/accounts', { token }).catch((e: unknown) => e);
    await arrived(1);
    await emu.stop();
    expect(await held).toBeInstanceOf(Error);
  });

  it('stops promptly with idle keep-alive connections and pending latency', async () => {
    const { url, token, emu } = await start({ latencyMs: 10_000 });
    const hanging = call(url, '/assignment/accounts', { token }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    await emu.stop();
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(await hanging).toBeInstanceOf(Error);
    await emu.stop(); // idempotent
    await expect(fetch(`${url}/assignment/accounts`)).rejects.toThrow();
  });

  it('serves a 10,000-account organisation quickly', async () => {
    const big = generateOrganization({ accounts: 10_000, seed: 9 });
    const emu = await IdentityCenterEmulator.start({ org: big, pageSize: 100 });
    emulator = emu;
    const token = emu.issueToken();
    const last = big.accounts[9_999];
    const t0 = performance.now();
    const requests = Array.from({ length: 500 }, (_, i) =>
      call(emu.url, `/assignment/roles?account_id=${big.accounts[i * 20]?.accountId}`, { token }),
    );
    const results = await Promise.all(requests);
    expect(results.every((r) => r.status === 200)).toBe(true);
    const roles = await call(emu.url, `/assignment/roles?account_id=${last?.accountId}`, { token });
    expect((obj(roles.json).roleList as unknown[]).length).toBe(last?.roles.length);
    // Generous bound: the benchmark needs > 1000 requests/s; this only catches O(n) per request.
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
