/**
 * Temp files beside the files this tool replaces, and the leftovers of runs that died before they
 * could remove theirs. A temp name carries the pid of the process that made it, so a later run
 * can tell a dead run's file from a live one's.
 */
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

let counter = 0;

/** `<path>.<pid>.<time>.<counter>.tmp`: unique to this process and call. No crypto: the agent hook path stays light. */
export function tempPathFor(path: string): string {
  return `${path}.${process.pid}.${Date.now().toString(36)}.${(counter++).toString(36)}.tmp`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches the names `tempPathFor` gives beside a file named `base`; group 1 is the pid. */
export function tempPattern(base: string): RegExp {
  return new RegExp(`^${escapeRegExp(base)}\\.(\\d+)\\.[0-9a-z]{6,}\\.[0-9a-z]+\\.tmp$`);
}

/** Matches `<base><suffix>` where `suffix` holds `(\d+)` for the pid: a name given some other way. */
export function namePattern(base: string, suffix: string): RegExp {
  return new RegExp(`^${escapeRegExp(base)}${suffix}$`);
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A leftover is only removed once it is this old. The names hold no host, so on a home folder
 * shared between machines a pid that is dead here may be a live run elsewhere; no run keeps a temp
 * file for anywhere near this long.
 */
const MIN_AGE_MS = 60_000;

/**
 * Removes, in `dir`, the files whose names match one of `patterns` and whose process is gone.
 * Best effort: a folder that cannot be read, or a file that cannot be removed, is left as it is.
 */
export function removeStaleTemps(dir: string, patterns: readonly RegExp[], now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    let pid: number | undefined;
    for (const pattern of patterns) {
      const match = pattern.exec(name);
      if (match) {
        pid = Number(match[1]);
        break;
      }
    }
    // pid 0 and below would signal process groups; above 2^31 is no pid at all.
    if (pid === undefined || !Number.isSafeInteger(pid) || pid <= 0 || pid > 0x7fffffff) continue;
    if (pid === process.pid || processIsAlive(pid)) continue;
    const path = join(dir, name);
    try {
      const stats = lstatSync(path);
      if (stats.isDirectory() || now - stats.mtimeMs < MIN_AGE_MS) continue;
      rmSync(path, { force: true });
    } catch {
      // Removed by another run meanwhile, or not ours to remove.
    }
  }
}
