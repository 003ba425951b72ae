/** Replacing a small file the user owns (agent definitions, editor settings) atomically, keeping its mode. */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

let counter = 0;

export function writeFileAtomic(path: string, content: string, newFileMode = 0o644): void {
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
