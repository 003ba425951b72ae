/** The file a path finally names, symlinks followed, even when the last target does not exist yet. */
import { readlinkSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // A dangling symlink (a dotfile manager's link to a file not written yet): follow it by hand,
    // so that a write lands where the link points rather than replacing the link.
    let current = resolve(path);
    for (let hops = 0; hops < 40; hops++) {
      let target: string;
      try {
        target = readlinkSync(current);
      } catch {
        return current;
      }
      current = resolve(dirname(current), target);
    }
    return current;
  }
}
