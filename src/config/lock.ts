/**
 * An advisory lock beside the config file, so that two runs of this tool never interleave their
 * read-modify-write. A lock left by a process that no longer exists is taken over.
 */
import { promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { basename, dirname } from 'node:path';
import { AppError } from '../core/errors.js';
import { escapeControls } from '../core/untrusted-text.js';
import { fileError } from '../files/file-errors.js';
import { NOT_REGULAR, readRegularText } from '../files/read.js';
import { namePattern, processIsAlive, removeStaleTemps, tempPathFor, tempPattern } from '../files/temps.js';

interface LockOwner {
  pid: number;
  host: string;
  at: string;
  /** Tells this holder from a later one with the same pid. */
  id: string;
}

/** Who holds a lock that a run waits for, as far as its file tells. */
export interface LockHolder {
  readonly lockPath: string;
  readonly pid?: number;
  readonly host?: string;
  /** How long the lock has been held: since its file was made. */
  readonly heldMs: number;
  /** How long the waiting run waits before it gives up. */
  readonly timeoutMs: number;
}

export interface LockOptions {
  /** How long to wait for another run to finish. */
  timeoutMs?: number;
  /** A lock older than this is considered abandoned, whoever holds it. */
  staleMs?: number;
  /** Called once, at once, when another live run holds the lock and this one starts to wait. */
  onWait?: (holder: LockHolder) => void;
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

/** `pid 4242 on host build-7, held for 12 s`: the holder's own words escaped, since anyone may have written the file. */
function holderText(holder: LockHolder): string {
  const who = [
    holder.pid === undefined ? undefined : `pid ${holder.pid}`,
    holder.host === undefined ? undefined : `on host ${escapeControls(holder.host.slice(0, 255))}`,
  ].filter((part) => part !== undefined);
  return `${who.length > 0 ? `${who.join(' ')}, ` : ''}held for ${seconds(holder.heldMs)}`;
}

/** What a run says while it waits for a lock. */
export function lockWaitText(holder: LockHolder): string {
  return `another aws-org-profiles run holds ${holder.lockPath} (${holderText(holder)}); waiting up to ${seconds(holder.timeoutMs)} for it to finish.`;
}

/**
 * A lock that does not hold an owner is abandoned once it is this old. This tool writes its lock
 * whole (see `withFileLock`), but an earlier version, or a file system without hard links, could
 * leave an empty or half-written one behind when killed at the wrong moment.
 */
const UNREADABLE_STALE_MS = 5_000;

function ownerOf(text: string): Partial<LockOwner> | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner> | null;
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A lock that is abandoned (its inode, to take it over), or held by a live run (who, as far as its file tells). */
type LockState =
  { readonly stale: number } | { readonly holder: Pick<LockHolder, 'pid' | 'host' | 'heldMs'> } | undefined;

/** Whether the lock is abandoned (old, unreadable for a while, or its process on this host is gone), and who holds it. */
async function inspectLock(lockPath: string, staleMs: number): Promise<LockState> {
  try {
    const stats = await fsp.stat(lockPath);
    const age = Date.now() - stats.mtimeMs;
    if (age > staleMs) return { stale: stats.ino };
    let text: string;
    try {
      text = readRegularText(lockPath);
    } catch (error) {
      // A FIFO or a device under the lock's name: no run of this tool made it, and reading it would block.
      if ((error as NodeJS.ErrnoException).code === NOT_REGULAR) return { stale: stats.ino };
      throw error;
    }
    const heldMs = Math.max(0, age);
    const owner = ownerOf(text);
    if (!owner) return age > UNREADABLE_STALE_MS ? { stale: stats.ino } : { holder: { heldMs } };
    const pid = typeof owner.pid === 'number' ? owner.pid : undefined;
    const host = typeof owner.host === 'string' ? owner.host : undefined;
    if (host === hostname() && pid !== undefined && !processIsAlive(pid)) return { stale: stats.ino };
    return {
      holder: { heldMs, ...(pid === undefined ? {} : { pid }), ...(host === undefined ? {} : { host }) },
    };
  } catch {
    // Gone already: let the next attempt decide.
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

/**
 * Puts the lock in place: the owner is written to a temp file first and then linked to the lock's
 * name, so the lock appears whole or not at all, and a second run's link fails with EEXIST.
 * Returns false when another run holds the lock. A file system without hard links gets an
 * exclusive create instead.
 */
async function placeLock(lockPath: string, mine: string): Promise<boolean> {
  const temp = tempPathFor(lockPath);
  try {
    try {
      await fsp.writeFile(temp, mine, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await fsp.mkdir(dirname(lockPath), { recursive: true, mode: 0o700 });
      await fsp.writeFile(temp, mine, { flag: 'wx', mode: 0o600 });
    }
  } catch (error) {
    // Created but not filled (a full disk): not left behind.
    await fsp.rm(temp, { force: true });
    throw error;
  }
  try {
    await fsp.link(temp, lockPath);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
  } finally {
    await fsp.rm(temp, { force: true });
  }
  try {
    await fsp.writeFile(lockPath, mine, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The names that this tool's writes of `target` leave beside it when a run is killed midway. */
function leftoverPatterns(target: string): RegExp[] {
  const base = basename(target);
  return [
    tempPattern(base),
    tempPattern(`${base}.aws-org-profiles.bak`),
    tempPattern(`${base}.lock`),
    namePattern(base, '\\.aws-org-profiles\\.bak\\.(\\d+)\\.link\\.tmp'),
    namePattern(base, '\\.lock\\.(\\d+)\\.[0-9a-f]{8}\\.stale'),
  ];
}

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
  let holder: LockHolder | undefined;
  for (;;) {
    let placed: boolean;
    try {
      placed = await placeLock(lockPath, mine);
    } catch (error) {
      throw fileError('create the lock file', lockPath, error, {
        hint: `It keeps two runs from writing ${target} at once. Nothing was written.`,
      });
    }
    if (placed) break;
    const state = await inspectLock(lockPath, staleMs);
    if (state && 'stale' in state) {
      await takeOver(lockPath, state.stale);
      continue;
    }
    if (state && holder === undefined) {
      // Said at once: a wait of up to timeoutMs must not look like a hang.
      holder = { lockPath, timeoutMs, ...state.holder };
      options.onWait?.(holder);
    }
    if (Date.now() > deadline) {
      const held = state ? ` (${holderText({ lockPath, timeoutMs, ...state.holder })})` : '';
      throw new AppError('CONFIG_LOCKED', `another aws-org-profiles run holds ${lockPath}${held}.`, {
        hint: 'Wait for it to finish. If no other run is active, delete the lock file.',
      });
    }
    await sleep(25 + Math.random() * 50);
  }
  try {
    // What killed runs left beside the target; the lock keeps live runs of this tool from writing there.
    removeStaleTemps(dirname(target), leftoverPatterns(target));
    return await fn();
  } finally {
    // Only our own lock: never one that another run holds.
    let now: string | undefined;
    try {
      now = readRegularText(lockPath);
    } catch {
      now = undefined;
    }
    if (now === mine) await fsp.rm(lockPath, { force: true });
  }
}
