/**
 * check_profile's proof (GetRoleCredentials, then STS GetCallerIdentity) against an STS that stalls
 * or answers without an account: in process, with the official SDK over real HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkProfile } from '../../src/app/check.js';
import { loadProfiles } from '../../src/app/list.js';
import { silentReporter } from '../../src/app/runtime.js';
import { AppError } from '../../src/core/errors.js';
import { generateOrganization } from '../../src/emulator/index.js';
import { World } from '../support/world.js';

const org = generateOrganization({ accounts: 3, rolesPerAccount: 1, seed: 2 });
let world: World | undefined;
const endpoints = ['AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_SSO_OIDC', 'AWS_ENDPOINT_URL_STS'] as const;

afterEach(async () => {
  await world?.close();
  world = undefined;
  for (const key of endpoints) delete process.env[key];
});

/** A signed-in world with its profiles written; the SDK finds the emulator through the environment. */
async function synced() {
  const w = await World.create(org);
  world = w;
  w.signIn();
  expect((await w.cli('sync', '--all-roles')).code).toBe(0);
  for (const key of endpoints) process.env[key] = w.emulator.url;
  const env = { HOME: w.home, AWS_ORG_PROFILES_REQUEST_TIMEOUT: '0.5', AWS_ORG_PROFILES_TIMEOUT: '1.5' };
  const catalog = loadProfiles(env);
  const name = catalog.profiles[0]!.profile;
  return { w, rt: { env, cwd: w.home, now: () => new Date(), reporter: silentReporter }, catalog, name };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the check to fail');
}

describe('checkProfile', () => {
  it('proves a working profile', async () => {
    const { rt, catalog, name } = await synced();
    const identity = await checkProfile(rt, catalog, name);
    expect(identity.matchesProfile).toBe(true);
    expect(identity.arn).toMatch(/^arn:aws:sts::\d{12}:assumed-role\//);
  });

  it('fails within the request timeout when STS never answers', async () => {
    const { w, rt, catalog, name } = await synced();
    w.emulator.setOptions({ faults: [{ mode: 'stall', operations: ['GetCallerIdentity'] }] });
    const t0 = performance.now();
    const error = await failure(checkProfile(rt, catalog, name));
    expect(performance.now() - t0).toBeLessThan(3_000);
    expect(error.code).toBe('CHECK_FAILED');
    expect(error.message).toBe(
      `profile ${name} does not work: GetCallerIdentity: no complete answer within 0.5 s`,
    );
  });

  it('does not read an answer without an account as a working profile', async () => {
    const { w, rt, catalog, name } = await synced();
    w.emulator.setOptions({ faults: [{ mode: 'missing-fields', operations: ['GetCallerIdentity'] }] });
    const error = await failure(checkProfile(rt, catalog, name));
    expect(error.message).toBe(
      `profile ${name} does not work: GetCallerIdentity returned a malformed answer: Account is missing`,
    );
  });
});
