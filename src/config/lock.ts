/**
 * An advisory lock beside the config file, so that two runs of this tool never interleave their
 * read-modify-write. A lock left by a process that no longer exists is taken over.
 */
import { promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { AppError } from '../core/errors.js';

interface LockOwner {
  pid: number;
  host: string;
  at: string;
  /** Tells this holder from a later one with the same pid. */
  id: string;
}

export interface LockOptions {
  /** How long to wait for another run to finish. */
  timeoutMs?: number;
  /** A lock older than this is considered abandoned, whoever holds it. */
  staleMs?: number;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's inode when it is abandoned (old, or its process on this host is gone). */
async function staleLock(lockPath: string, staleMs: number): Promise<number | undefined> {
  try {
    const [text, stats] = await Promise.all([fsp.readFile(lockPath, 'utf8'), fsp.stat(lockPath)]);
    if (Date.now() - stats.mtimeMs > staleMs) return stats.ino;
    const owner = JSON.parse(text) as Partial<LockOwner>;
    const gone = owner.host === hostname() && typeof owner.pid === 'number' && !processIsAlive(owner.pid);
    return gone ? stats.ino : undefined;
  } catch {
    // Gone already, or caught half-written: let the next attempt decide.
    return undefined;
  }
}

/**
 * Takes an abandoned lock out of the way. Two runs may both judge it abandoned; renaming is atomic,
 * and the inode check tells whether what was renamed is still the abandoned lock or a fresh one
 * that another run took meanwhile, which is then put back.
 */
async function takeOver(lockPath: string, ino: number): Promise<void> {
  const aside = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await fsp.rename(lockPath, aside);
  } catch {
    return;
  }
  if ((await fsp.stat(aside)).ino !== ino) {
    await fsp.link(aside, lockPath).catch(() => undefined);
  }
  await fsp.rm(aside, { force: true });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` while holding `${target}.lock`. */
export async function withFileLock<T>(
  target: string,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const lockPath = `${target}.lock`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const staleMs = options.staleMs ?? 10 * 60_000;
  const deadline = Date.now() + timeoutMs;
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    at: new Date().toISOString(),
    id: randomBytes(8).toString('hex'),
  };
  const mine = JSON.stringify(owner);
  for (;;) {
    try {
      await fsp.writeFile(lockPath, mine, { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        await fsp.mkdir(dirname(lockPath), { recursive: true, mode: 0o700 });
        continue;
      }
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const stale = await staleLock(lockPath, staleMs);
      if (stale !== undefined) {
        await takeOver(lockPath, stale);
        continue;
      }
      if (Date.now() > deadline) {
        throw new AppError('CONFIG_LOCKED', `another aws-org-profiles run holds ${lockPath}.`, {
          hint: 'Wait for it to finish. If no other run is active, delete the lock file.',
        });
      }
      await sleep(25 + Math.random() * 50);
    }
  }
  try {
    return await fn();
  } finally {
    // Only our own lock: never one that another run holds.
    const now = await fsp.readFile(lockPath, 'utf8').catch(() => undefined);
    if (now === mine) await fsp.rm(lockPath, { force: true });
  }
}
