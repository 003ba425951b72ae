/** Replacing a small file the user owns (agent definitions, editor settings) atomically, keeping its mode. */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { realTarget } from './real-path.js';

let counter = 0;

export function writeFileAtomic(link: string, content: string, newFileMode = 0o644): void {
  // A symlinked settings file (dotfile managers) is written where it points; the link stays.
  const path = realTarget(link);
  const mode = statSync(path, { throwIfNoEntry: false })?.mode ?? newFileMode;
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now().toString(36)}.${(counter++).toString(36)}.tmp`;
  const fd = openSync(temp, 'wx', mode & 0o7777);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
