/**
 * Replacing a file atomically: a temp file in the same folder, fsync, rename. A symlinked file is
 * written where it points (dotfile managers), and the link stays.
 */
import {
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname } from 'node:path';
import { realTarget } from './real-path.js';
import { removeStaleTemps, tempPathFor, tempPattern } from './temps.js';

export interface AtomicOptions {
  /** The mode of a file that does not exist yet; an existing file keeps its own. */
  readonly newFileMode?: number;
  /** A mode the file always gets, whatever it had (files that hold secrets). */
  readonly mode?: number;
  /**
   * The mode of folders created on the way; 0700 unless said otherwise. Always given: under
   * `umask 000` a folder made without one would be writable by everyone.
   */
  readonly dirMode?: number;
}

// O_EXCL refuses any file or symlink already at the temp name, and O_NOFOLLOW says so twice: a
// name planted in the folder is never written through.
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/**
 * Makes `path` itself hold `content` with `mode`: written to a new temp file, then renamed over
 * `path`. Whatever was at `path` is replaced, a symlink included; nothing is written where a
 * symlink points.
 */
export function replaceFile(path: string, content: string, mode: number): void {
  const temp = tempPathFor(path);
  const fd = openSync(temp, CREATE_NEW, mode);
  try {
    try {
      // The umask may have narrowed the mode at creation.
      fchmodSync(fd, mode);
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export function writeFileAtomic(link: string, content: string, options: AtomicOptions = {}): void {
  const path = realTarget(link);
  const mode =
    options.mode ??
    (statSync(path, { throwIfNoEntry: false })?.mode ?? options.newFileMode ?? 0o644) & 0o7777;
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: options.dirMode ?? 0o700 });
  replaceFile(path, content, mode);
  // Temp files of this same file that a killed run left behind.
  removeStaleTemps(dir, [tempPattern(basename(path))]);
}
