/**
 * check_profile's proof (GetRoleCredentials, then STS GetCallerIdentity) against an STS that stalls
 * or answers without an account: in process, with the official SDK over real HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkProfile } from '../../src/app/check.js';
import { loadProfiles } from '../../src/app/list.js';
import { sync } from '../../src/app/sync.js';
import { AppError } from '../../src/core/errors.js';
import { generateOrganization } from '../../src/emulator/index.js';
import { pointSdkAt, testRuntime } from '../support/runtime.js';
import { World } from '../support/world.js';

const org = generateOrganization({ accounts: 3, rolesPerAccount: 1, seed: 2 });
let world: World | undefined;
let restore: (() => void) | undefined;

afterEach(async () => {
  restore?.();
  await world?.close();
  world = undefined;
});

/** A signed-in world with its profiles written. */
async function synced() {
  const w = await World.create(org);
  world = w;
  w.signIn();
  restore = pointSdkAt(w.emulator.url);
  const rt = testRuntime({
    HOME: w.home,
    AWS_ORG_PROFILES_REQUEST_TIMEOUT: '0.5',
    AWS_ORG_PROFILES_TIMEOUT: '1.5',
  });
  await sync(rt, {});
  const catalog = loadProfiles(rt.env);
  return { w, rt, catalog, name: catalog.profiles[0]!.profile };
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

  it('asks for a sign-in when the portal rejects the token', async () => {
    const { w, rt, catalog, name } = await synced();
    const token = w.signIn();
    w.emulator.revokeToken(token);
    const error = await failure(checkProfile(rt, catalog, name));
    expect(error.code).toBe('TOKEN_REJECTED');
    expect(error.hint).toBe(
      'Sign in with: aws-org-profiles login --sso-session myorg   (or, with AWS CLI v2: aws sso login --sso-session myorg)',
    );
  });
});
