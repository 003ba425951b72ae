/**
 * Replacing a file atomically: a temp file in the same folder, fsync, rename. A symlinked file is
 * written where it points (dotfile managers), and the link stays.
 */
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { realTarget } from './real-path.js';

let counter = 0;

export interface AtomicOptions {
  /** The mode of a file that does not exist yet; an existing file keeps its own. */
  readonly newFileMode?: number;
  /** A mode the file always gets, whatever it had (files that hold secrets). */
  readonly mode?: number;
  /** The mode of folders created on the way. */
  readonly dirMode?: number;
}

export function writeFileAtomic(link: string, content: string, options: AtomicOptions = {}): void {
  const path = realTarget(link);
  const mode =
    options.mode ??
    (statSync(path, { throwIfNoEntry: false })?.mode ?? options.newFileMode ?? 0o644) & 0o7777;
  mkdirSync(dirname(path), {
    recursive: true,
    ...(options.dirMode === undefined ? {} : { mode: options.dirMode }),
  });
  // Unique to this process and call; `wx` refuses any clash. No crypto: the agent hook path stays light.
  const temp = `${path}.${process.pid}.${Date.now().toString(36)}.${(counter++).toString(36)}.tmp`;
  const fd = openSync(temp, 'wx', mode);
  try {
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // The umask may have narrowed the mode at creation.
    chmodSync(temp, mode);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
