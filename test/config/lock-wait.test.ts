/** A run that waits for another's lock says so at once: who holds it, for how long, how long it waits. */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockWaitText, withFileLock, type LockHolder } from '../../src/config/lock.js';
import { AppError } from '../../src/core/errors.js';

const target = () => join(mkdtempSync(join(tmpdir(), 'aop-lock-')), 'config');

/** A lock as another live run on this machine holds it (this process is alive), made `ageMs` ago. */
function heldLock(path: string, ageMs: number, owner: object = { pid: process.pid, host: hostname() }): void {
  writeFileSync(`${path}.lock`, JSON.stringify({ ...owner, at: new Date().toISOString(), id: 'other' }));
  const then = new Date(Date.now() - ageMs);
  utimesSync(`${path}.lock`, then, then);
}

describe('waiting for a lock', () => {
  it('names the holder at once, once, and goes on when the lock is released', async () => {
    const path = target();
    heldLock(path, 12_000);
    const seen: { holder: LockHolder; afterMs: number }[] = [];
    const started = Date.now();
    const run = withFileLock(path, () => Promise.resolve('ran'), {
      timeoutMs: 10_000,
      onWait: (holder) => seen.push({ holder, afterMs: Date.now() - started }),
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.afterMs).toBeLessThan(200);
    const { holder } = seen[0]!;
    expect(holder).toMatchObject({
      lockPath: `${path}.lock`,
      pid: process.pid,
      host: hostname(),
      timeoutMs: 10_000,
    });
    expect(holder.heldMs).toBeGreaterThanOrEqual(11_000);
    expect(holder.heldMs).toBeLessThan(20_000);
    expect(lockWaitText(holder)).toBe(
      `another aws-org-profiles run holds ${path}.lock (pid ${process.pid} on host ${hostname()}, held for 12 s); waiting up to 10 s for it to finish.`,
    );
    rmSync(`${path}.lock`);
    await expect(run).resolves.toBe('ran');
    expect(seen).toHaveLength(1);
  });

  it('says nothing for a free lock or an abandoned one', async () => {
    const onWait = (holder: LockHolder) => {
      throw new Error(`waited for ${JSON.stringify(holder)}`);
    };
    const free = target();
    await expect(withFileLock(free, () => Promise.resolve('ran'), { onWait })).resolves.toBe('ran');
    const abandoned = target();
    heldLock(abandoned, 1_000, { pid: 2 ** 22 + 12345, host: hostname() });
    await expect(withFileLock(abandoned, () => Promise.resolve('ran'), { onWait })).resolves.toBe('ran');
  });

  it('names the holder when it gives up, with what the lock file says escaped', async () => {
    const path = target();
    heldLock(path, 0, { pid: 4242, host: 'evil\x1b]0;owned\x07host' });
    const seen: LockHolder[] = [];
    const error: unknown = await withFileLock(path, () => Promise.resolve(), {
      timeoutMs: 150,
      onWait: (holder) => seen.push(holder),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONFIG_LOCKED');
    expect((error as AppError).message).toMatch(
      /^another aws-org-profiles run holds .*config\.lock \(pid 4242 on host evil\\x1b\]0;owned\\x07host, held for 0 s\)\.$/,
    );
    expect(lockWaitText(seen[0]!)).not.toMatch(/[\x1b\x07]/);
  });
});
