/** Files that hold secrets or private data: mode 0600 from the first byte, in a 0700 folder, written atomically. */
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

let counter = 0;

/** A temp name unique to this process and call; `wx` below refuses any clash. No crypto: the agent hook path stays light. */
function tempName(path: string): string {
  return `${path}.${process.pid}.${Date.now().toString(36)}.${(counter++).toString(36)}.tmp`;
}

export function writePrivateFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = tempName(path);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}
