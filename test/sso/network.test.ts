/**
 * The portal adapter, the scheduler and discovery, with the official SDK over real HTTP, against
 * an emulator that stalls, drips, loops its pagination or sends broken answers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import {
  generateOrganization,
  IdentityCenterEmulator,
  type EmulatorOptions,
  type FaultMode,
} from '../../src/emulator/index.js';
import { discover } from '../../src/sso/discovery.js';
import {
  describeFailure,
  MalformedResponseError,
  NoProgressError,
  PaginationError,
} from '../../src/sso/failures.js';
import { createPortalApi, type PortalApi } from '../../src/sso/portal-client.js';
import { RequestScheduler } from '../../src/sso/scheduler.js';

const org = generateOrganization({ accounts: 30, rolesPerAccount: 2, seed: 8 });
const first = org.accounts[0]!;
let emulator: IdentityCenterEmulator | undefined;
let api: PortalApi | undefined;

async function portal(options: Omit<EmulatorOptions, 'org'>, requestTimeoutMs = 300) {
  emulator = await IdentityCenterEmulator.start({ org, pageSize: 10, ...options });
  api = createPortalApi({
    region: 'eu-central-1',
    accessToken: new Secret(emulator.issueToken()),
    requestTimeoutMs,
  });
  // The SDK resolves the endpoint from the environment, as for every AWS tool.
  process.env.AWS_ENDPOINT_URL_SSO = emulator.url;
  return { api, emu: emulator };
}
afterEach(async () => {
  api?.close();
  api = undefined;
  await emulator?.stop();
  emulator = undefined;
  delete process.env.AWS_ENDPOINT_URL_SSO;
});

const scheduler = (progressTimeoutMs: number) =>
  new RequestScheduler({ progressTimeoutMs, baseDelayMs: 10, maxDelayMs: 50 });

async function timed<T>(promise: Promise<T>): Promise<{ error: unknown; ms: number }> {
  const t0 = performance.now();
  try {
    await promise;
    return { error: undefined, ms: performance.now() - t0 };
  } catch (error) {
    return { error, ms: performance.now() - t0 };
  }
}

describe('a deadline on every request', () => {
  it.each(['stall', 'drip'] as const)(
    'ends a call to a server that %ss, within its timeout',
    async (mode) => {
      const { api } = await portal({ faults: [{ mode }], dripIntervalMs: 20 });
      const { error, ms } = await timed(api.listAccounts(100));
      expect((error as Error).name).toBe('TimeoutError');
      expect((error as Error).message).toBe('ListAccounts: no complete answer within 0.3 s');
      expect(ms).toBeGreaterThanOrEqual(280);
      expect(ms).toBeLessThan(2_000);
    },
  );

  it('ends the request itself, so its socket serves the next call', async () => {
    const { emu } = await portal({ faults: [{ mode: 'drip' }], dripIntervalMs: 20 });
    api!.close();
    // One socket: a timed-out request that kept it would leave the next call waiting forever.
    api = createPortalApi({
      region: 'eu-central-1',
      accessToken: new Secret(emu.issueToken()),
      requestTimeoutMs: 300,
      maxSockets: 1,
    });
    await expect(api.listAccounts(100)).rejects.toThrow('no complete answer within 0.3 s');
    emu.setOptions({ faults: [] });
    await new Promise((r) => setTimeout(r, 50));
    expect(emu.stats().inFlight).toBe(0);
    expect((await api.listAccounts(100)).items.length).toBe(10);
  });

  it('gives up a run when nothing succeeds for the progress deadline, after retrying', async () => {
    const { api, emu } = await portal({ faults: [{ mode: 'stall', operations: ['ListAccountRoles'] }] }, 200);
    const run = scheduler(700);
    const { error, ms } = await timed(
      discover({ api, scheduler: run, inScope: (a) => a.accountId === first.accountId }),
    );
    expect(error).toBeInstanceOf(NoProgressError);
    expect((error as Error).message).toMatch(
      /^the portal did not answer within 0\.7 s \(last: ListAccountRoles \d{12}: no complete answer within 0\.2 s\)$/,
    );
    expect(ms).toBeLessThan(2_500);
    // Timed-out calls are transient: tried again before the deadline ended the run.
    expect(emu.requests().filter((r) => r.operation === 'ListAccountRoles').length).toBeGreaterThan(1);
  });

  it('is a deadline on progress, not on the whole run: a slow but answering server finishes', async () => {
    // A third of the requests stall; the others answer, and the retries get every account's roles.
    const { api } = await portal(
      { faults: [{ mode: 'stall', rate: 0.3 }], seed: 5, pageSize: 2, latencyMs: 15 },
      150,
    );
    const { error, ms } = await timed(
      discover({
        api,
        scheduler: new RequestScheduler({
          progressTimeoutMs: 600,
          maxAttempts: 20,
          baseDelayMs: 5,
          maxDelayMs: 20,
        }),
        inScope: () => true,
      }).then((result) => {
        expect(result.accounts.length).toBe(30);
        expect([...result.roles.values()].flat().length).toBe(60);
      }),
    );
    expect(error).toBeUndefined();
    // Longer than the deadline in all: only a stretch without any answer ends a run.
    expect(ms).toBeGreaterThan(600);
  });
});

describe('pagination that never ends', () => {
  it.each([
    ['repeat-token', 'ListAccounts'],
    ['cycle-tokens', 'ListAccounts'],
    ['repeat-token', 'ListAccountRoles'],
    ['cycle-tokens', 'ListAccountRoles'],
  ] as const)('%s on %s fails at once', async (mode, operation) => {
    const { api, emu } = await portal({ faults: [{ mode, operations: [operation] }] });
    const { error, ms } = await timed(discover({ api, scheduler: scheduler(10_000), inScope: () => true }));
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/sent a next_token it had already sent \(after [23] pages\)/);
    expect(ms).toBeLessThan(3_000);
    const calls = emu.requests().filter((r) => r.operation === operation).length;
    // Roles are read for many accounts at once; each listing stops on its own third page at most.
    expect(calls).toBeLessThan(operation === 'ListAccounts' ? 4 : 100);
  });
});

describe('broken answers are errors, never empty lists', () => {
  it.each([
    ['empty-body', 'ListAccounts', /ListAccounts returned a malformed answer: accountList is missing/],
    ['json-array', 'ListAccounts', /accountList is missing/],
    ['json-object', 'ListAccounts', /accountList is missing/],
    ['wrong-types', 'ListAccounts', /accountList\[0\]\.accountId is a number/],
    ['missing-fields', 'ListAccounts', /accountList\[0\]\.accountId is missing/],
    [
      'hostile-values',
      'ListAccounts',
      /the portal returned an invalid account id "\d{12}\\n\[profile evil\]"/,
    ],
    [
      'json-object',
      'ListAccountRoles',
      /ListAccountRoles for account \d{12} returned a malformed answer: roleList is missing/,
    ],
    ['wrong-types', 'ListAccountRoles', /roleList is an object, not a list/],
    ['missing-fields', 'ListAccountRoles', /roleList\[0\]\.roleName is missing/],
    [
      'hostile-values',
      'ListAccountRoles',
      /the portal returned an invalid role name "\w+\\n\[profile evil\]" for account \d{12}/,
    ],
  ] as const)('%s from %s', async (mode: FaultMode, operation, message) => {
    const { api, emu } = await portal({ faults: [{ mode, operations: [operation] }] });
    const { error } = await timed(discover({ api, scheduler: scheduler(10_000), inScope: () => true }));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as Error).message).toMatch(message);
    // Fatal: not retried.
    expect(emu.requests().filter((r) => r.operation === operation && r.status === 200).length).toBeLessThan(
      40,
    );
  });

  it('refuses credentials with fields missing', async () => {
    const { api } = await portal({
      faults: [{ mode: 'missing-fields', operations: ['GetRoleCredentials'] }],
    });
    await expect(api.getRoleCredentials(first.accountId, first.roles[0]!)).rejects.toThrow(
      'GetRoleCredentials returned a malformed answer: roleCredentials.sessionToken is missing',
    );
  });

  it('describes a hostile error message without a single control character', async () => {
    const { api } = await portal({ faults: [{ mode: 'hostile-error' }] });
    const { error } = await timed(api.listAccounts(100));
    const text = describeFailure(error);
    expect(text).toMatch(
      /^ForbiddenException \(HTTP 403\): Access denied\\x1b\[2J\\x1b\]0;owned\\x07 \\u202etxt\.exe/,
    );
    expect(text).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202a-\u202e]/);
  });
});
