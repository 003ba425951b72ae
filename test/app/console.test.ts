/**
 * `console` in process, against the emulator's portal and federation endpoint over real HTTP: the
 * login URL it builds is accepted for the profile's account and role, and every way it can fail
 * says what happened without a credential, token or URL in the message.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConsole } from '../../src/app/console.js';
import { AppError } from '../../src/core/errors.js';
import { HOSTILE_MESSAGE, type FaultMode } from '../../src/emulator/index.js';
import { pointSdkAt, testRuntime } from '../support/runtime.js';
import { account, sessionSection, World } from '../support/world.js';

const org = { accounts: [account('210987654321', 'Payments Prod', ['ReadOnlyAccess'])] };
const PROFILE = 'myorg-payments-prod-ReadOnlyAccess';
const config =
  sessionSection() +
  `[profile ${PROFILE}]\nsso_session = myorg\nsso_account_id = 210987654321\nsso_role_name = ReadOnlyAccess\nregion = eu-west-1\nsso_account_name = Payments Prod\n` +
  `[profile myorg-payments-prod-Admin]\nsso_session = myorg\nsso_account_id = 210987654321\nsso_role_name = Admin\n`;

let w: World;
let restore: () => void;
beforeEach(async () => {
  w = await World.create(org, { config });
  restore = pointSdkAt(w.emulator.url);
});
afterEach(async () => {
  restore();
  await w.close();
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** Follows the login URL one step, as a browser would, and says whose console the emulator opened. */
async function login(url: string) {
  const res = await fetch(url, { redirect: 'manual' });
  return {
    status: res.status,
    location: res.headers.get('location'),
    accountId: res.headers.get('x-emulator-account-id'),
    role: res.headers.get('x-emulator-role-name'),
  };
}

describe('console', () => {
  it("gives a login URL whose token the sign-in endpoint accepts for the profile's account and role", async () => {
    w.signIn();
    const result = await openConsole(testRuntime(w.env), { profile: PROFILE, open: false });
    expect(result).toMatchObject({
      profile: PROFILE,
      accountId: '210987654321',
      accountName: 'Payments Prod',
      role: 'ReadOnlyAccess',
      region: 'eu-west-1',
      destination: 'https://console.aws.amazon.com/console/home?region=eu-west-1',
      opened: false,
    });
    // A Secret: printing or serialising the result never shows the URL.
    expect(JSON.stringify(result)).not.toContain('SigninToken');
    const url = new URL(result.url!.reveal());
    expect(url.origin).toBe(w.emulator.url);
    expect(url.searchParams.get('Issuer')).toBe('https://d-0000000000.awsapps.com/start');
    expect(await login(url.href)).toEqual({
      status: 302,
      location: result.destination,
      accountId: '210987654321',
      role: 'ReadOnlyAccess',
    });
    // The link works once; a forged token never.
    expect((await login(url.href)).status).toBe(400);
    url.searchParams.set('SigninToken', `${url.searchParams.get('SigninToken')!.slice(0, -2)}xx`);
    expect((await login(url.href)).status).toBe(400);
  });

  it('takes the profile from AWS_PROFILE, a region, a service, a duration, and the cached credentials', async () => {
    w.signIn();
    const rt = testRuntime({ ...w.env, AWS_PROFILE: PROFILE });
    const first = await openConsole(rt, {
      region: 'us-east-1',
      service: 's3',
      durationSeconds: 7200,
      open: false,
    });
    expect(first.destination).toBe('https://console.aws.amazon.com/s3/home?region=us-east-1');
    const second = await openConsole(rt, { open: false });
    expect((await login(second.url!.reveal())).accountId).toBe('210987654321');
    const stats = w.emulator.stats().byOperation;
    expect(stats.GetRoleCredentials).toBe(1);
    expect(stats.GetSigninToken).toBe(2);
    const asked = w.emulator.requests().filter((r) => r.operation === 'GetSigninToken');
    expect(asked.map((r) => r.query.SessionDuration)).toEqual(['7200', undefined]);
  });

  it('opens the URL with $BROWSER, and returns no URL then', async () => {
    w.signIn();
    const seen = join(w.home, 'browser-args');
    const script = join(w.home, 'browser.sh');
    writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$@" > '${seen}'\n`);
    chmodSync(script, 0o700);
    const result = await openConsole(testRuntime({ ...w.env, BROWSER: script }), { profile: PROFILE });
    expect(result.opened).toBe(true);
    expect(result.url).toBeUndefined();
    await expect.poll(() => readFileSync(seen, 'utf8'), { timeout: 5000 }).toMatch(/^http/);
    const [url] = readFileSync(seen, 'utf8').split('\n');
    expect((await login(url!)).role).toBe('ReadOnlyAccess');
    const missing = await openConsole(testRuntime({ ...w.env, BROWSER: join(w.home, 'no-such-browser') }), {
      profile: PROFILE,
    });
    expect(missing.opened).toBe(false);
  });

  it('asks to sign in when the session has expired', async () => {
    w.signIn('myorg', new Date(Date.now() - 60_000));
    const error = await failure(openConsole(testRuntime(w.env), { profile: PROFILE, open: false }));
    expect(error.exitCode).toBe(3);
    expect(`${error.message}\n${error.hint}`).toContain('aws-org-profiles login --sso-session myorg');
  });

  it('says so when the portal refuses the role, naming the account and role', async () => {
    w.signIn();
    const error = await failure(
      openConsole(testRuntime(w.env), { profile: 'myorg-payments-prod-Admin', open: false }),
    );
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain('the portal refused role Admin in account 210987654321');
    expect(error.message).toContain('ForbiddenException');
    expect(w.emulator.stats().byOperation.GetSigninToken).toBeUndefined();
  });

  it('names the HTTP status and host of a federation error, and nothing of the request or the answer', async () => {
    w.signIn();
    w.emulator.setOptions({ faults: [{ mode: 'hostile-error', operations: ['GetSigninToken'] }] });
    const error = await failure(openConsole(testRuntime(w.env), { profile: PROFILE, open: false }));
    expect(error.code).toBe('FEDERATION_FAILED');
    expect(error.message).toBe(
      `the sign-in endpoint ${new URL(w.emulator.url).host} refused the role credentials (HTTP 400)`,
    );
    const text = `${error.message} ${error.hint} ${String(error.cause)}`;
    for (const part of ['Session', 'federation?', HOSTILE_MESSAGE.slice(0, 12), '\x1b']) {
      expect(text).not.toContain(part);
    }
  });

  it('reads a malformed answer as an error, never as a token', async () => {
    w.signIn();
    const modes: FaultMode[] = [
      'empty-body',
      'json-array',
      'json-object',
      'wrong-types',
      'missing-fields',
      'hostile-values',
    ];
    for (const mode of modes) {
      w.emulator.setOptions({ faults: [{ mode, operations: ['GetSigninToken'] }] });
      const error = await failure(openConsole(testRuntime(w.env), { profile: PROFILE, open: false }));
      expect(error.code, mode).toBe('FEDERATION_FAILED');
      expect(error.message, mode).toMatch(/not JSON|without a usable SigninToken/);
    }
  });

  it('gives up on a sign-in endpoint that does not answer', async () => {
    w.signIn();
    w.emulator.setOptions({ faults: [{ mode: 'stall', operations: ['GetSigninToken'] }] });
    const started = Date.now();
    const error = await failure(
      openConsole(testRuntime({ ...w.env, AWS_ORG_PROFILES_REQUEST_TIMEOUT: '1' }), {
        profile: PROFILE,
        open: false,
      }),
    );
    expect(error.message).toContain('did not answer within 1 s');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a bad duration, destination or region before asking for anything', async () => {
    w.signIn();
    const rt = testRuntime(w.env);
    for (const input of [
      { durationSeconds: 899 },
      { durationSeconds: 43_201 },
      { destination: 'https://evil.example/' },
      { service: 's3', destination: 'https://console.aws.amazon.com/' },
      { region: 'cn-north-1' },
      { service: '../../x' },
    ]) {
      expect((await failure(openConsole(rt, { profile: PROFILE, open: false, ...input }))).exitCode).toBe(2);
    }
    expect((await failure(openConsole(testRuntime(w.env), { open: false }))).message).toContain(
      'AWS_PROFILE',
    );
    expect(w.emulator.stats().totalRequests).toBe(0);
  });
});
