/** A file's identity: the same path, size, times, inode and device mean the same, unchanged file. */
import { realpathSync, statSync } from 'node:fs';

export interface FileIdentity {
  readonly realPath: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
  readonly dev: number;
}

/** The file at `path` as it is now (symlinks followed), or null when it does not exist. */
export function identify(path: string): FileIdentity | null {
  let realPath: string;
  try {
    realPath = realpathSync(path);
  } catch {
    return null;
  }
  const s = statSync(realPath, { throwIfNoEntry: false });
  if (!s) return null;
  return { realPath, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino, dev: s.dev };
}

export function sameIdentity(a: FileIdentity | null, b: FileIdentity | null): boolean {
  return a === null || b === null
    ? a === b
    : a.realPath === b.realPath &&
        a.size === b.size &&
        a.mtimeMs === b.mtimeMs &&
        a.ctimeMs === b.ctimeMs &&
        a.ino === b.ino &&
        a.dev === b.dev;
}
