/** Files that hold secrets or private data: mode 0600 from the first byte, in a 0700 folder, written atomically. */
import { writeFileAtomic } from './atomic.js';

export function writePrivateFile(path: string, content: string): void {
  writeFileAtomic(path, content, { mode: 0o600, dirMode: 0o700 });
}
