/**
 * An advisory lock beside the config file, so that two runs of this tool never interleave their
 * read-modify-write. A lock left by a process that no longer exists is taken over.
 */
import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { AppError } from '../core/errors.js';

interface LockOwner {
  pid: number;
  host: string;
  at: string;
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

async function isStale(lockPath: string, staleMs: number): Promise<boolean> {
  try {
    const [text, stats] = await Promise.all([fsp.readFile(lockPath, 'utf8'), fsp.stat(lockPath)]);
    if (Date.now() - stats.mtimeMs > staleMs) return true;
    const owner = JSON.parse(text) as Partial<LockOwner>;
    return owner.host === hostname() && typeof owner.pid === 'number' && !processIsAlive(owner.pid);
  } catch {
    // Gone already, or caught half-written: let the next attempt decide.
    return false;
  }
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
  const owner: LockOwner = { pid: process.pid, host: hostname(), at: new Date().toISOString() };
  for (;;) {
    try {
      await fsp.writeFile(lockPath, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        await fsp.mkdir(dirname(lockPath), { recursive: true, mode: 0o700 });
        continue;
      }
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(lockPath, staleMs)) {
        await fsp.rm(lockPath, { force: true });
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
    await fsp.rm(lockPath, { force: true });
  }
}
