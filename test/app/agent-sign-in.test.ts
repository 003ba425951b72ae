/**
 * The agent's sign-in flows in process, against the emulator with the real SDK: what the MCP tests
 * cannot reach through a tool call (a flow that fails before it has a page, one cancelled by close).
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentSignIns } from '../../src/app/agent-sign-in.js';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import { tokenCachePath } from '../../src/sso/token-cache.js';
import { pointSdkAt, testRuntime } from '../support/runtime.js';
import { account, World } from '../support/world.js';

let world: World | undefined;
let restore: (() => void) | undefined;

afterEach(async () => {
  restore?.();
  await world?.close();
  world = undefined;
});

async function flows(options: Omit<EmulatorOptions, 'org'> = {}) {
  world = await World.create(
    { accounts: [account('600000000001', 'Workload', ['ReadOnlyAccess'])] },
    options,
  );
  restore = pointSdkAt(world.emulator.url);
  return { w: world, signIns: new AgentSignIns(testRuntime({ HOME: world.home })) };
}

describe('AgentSignIns', () => {
  it('answers failed at once when the flow breaks before there is a page, and keeps nothing for later', async () => {
    const { w, signIns } = await flows({
      faults: [{ mode: 'missing-fields', operations: ['StartDeviceAuthorization'] }],
    });
    const [a, b] = await Promise.all([signIns.signIn({}), signIns.signIn({})]);
    expect(a).toMatchObject({ state: 'failed', session: 'myorg', failure: { reason: 'failed' } });
    expect(a.state === 'failed' && a.failure.message).toMatch(/userCode is missing/);
    expect(b).toEqual(a);
    expect(w.emulator.stats().byOperation.StartDeviceAuthorization).toBe(1);
    expect(signIns.takeFailure('myorg')).toBeUndefined();
    expect(signIns.pending('myorg')).toBeUndefined();
    // The next call tries again.
    expect((await signIns.signIn({})).state).toBe('failed');
    expect(w.emulator.stats().byOperation.StartDeviceAuthorization).toBe(2);
  });

  it('cancels every flow on close: the pending one ends cancelled, approval then writes nothing, no new flow starts', async () => {
    const { w, signIns } = await flows();
    const result = await signIns.signIn({});
    if (result.state !== 'pending') throw new Error(`expected pending, got ${result.state}`);
    expect(signIns.pending('myorg')?.userCode).toBe(result.pending.userCode);
    signIns.close();
    expect(await result.pending.ended).toEqual({ outcome: 'cancelled' });
    expect(signIns.pending('myorg')).toBeUndefined();
    await fetch(result.pending.url);
    await new Promise((r) => setTimeout(r, 1500));
    expect(existsSync(tokenCachePath({ HOME: w.home }, 'myorg'))).toBe(false);
    await expect(signIns.signIn({})).rejects.toThrow(/closing/);
  });
});
