/**
 * The AWS config file on disk. Reads follow a symlink to its target; writes are atomic (temp
 * file in the same folder, fsync, rename), keep the file's mode (0600 for a new file), keep the
 * previous content as a backup, and refuse to overwrite a file that changed since it was read.
 */
import { constants, linkSync, promises as fsp, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../core/errors.js';
import { replaceFile, writeFileAtomic } from '../files/atomic.js';
import { fileError } from '../files/file-errors.js';
import { readRegularFile } from '../files/read.js';
import { realTarget } from '../files/real-path.js';
import { tempPathFor } from '../files/temps.js';
import { ConfigDocument } from './document.js';

export { configFilePath, homeDir } from './paths.js';

export interface Fingerprint {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

export interface ConfigFile {
  /** The path the user configured. */
  readonly path: string;
  /** The file actually read and written: `path` with symlinks followed. */
  readonly realPath: string;
  readonly exists: boolean;
  readonly document: ConfigDocument;
  readonly mode: number | undefined;
  readonly fingerprint: Fingerprint | undefined;
}

function fingerprintOf(stats: Stats): Fingerprint {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino };
}

function decode(bytes: Buffer, source: string): string {
  try {
    // Keep a byte order mark: botocore does not skip it (the file is then refused), and dropping it
    // would change the user's bytes on the next write.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const lossy = bytes.toString('utf8');
    const at = lossy.indexOf('\uFFFD');
    const line = lossy.slice(0, Math.max(at, 0)).split('\n').length;
    throw new AppError('CONFIG_PARSE', `${source}, line ${line}: the file is not valid UTF-8`, {
      hint: 'The AWS CLI cannot read it either. Save it as UTF-8. Nothing was written.',
    });
  }
}

/**
 * Reads the file at `path`. With `previous` (an earlier read of the same path), a file whose text is
 * still exactly what was read then keeps the earlier parse: under the lock, `sync` checks a
 * multi-megabyte file again after discovery without parsing it a second time.
 */
export function readConfigFile(path: string, previous?: ConfigFile): ConfigFile {
  const realPath = realTarget(path);
  let bytes: Buffer;
  let stats: Stats;
  try {
    stats = statSync(realPath);
    bytes = readRegularFile(realPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return {
        path,
        realPath,
        exists: false,
        document: ConfigDocument.empty(path),
        mode: undefined,
        fingerprint: undefined,
      };
    }
    throw fileError('read', path, error, { reading: true });
  }
  const text = decode(bytes, path);
  const document =
    previous?.exists && previous.realPath === realPath && previous.document.text === text
      ? previous.document
      : ConfigDocument.parse(text, path);
  return {
    path,
    realPath,
    exists: true,
    document,
    mode: stats.mode & 0o7777,
    fingerprint: fingerprintOf(stats),
  };
}

export function backupPathOf(realPath: string): string {
  return `${realPath}.aws-org-profiles.bak`;
}

function sameFingerprint(a: Fingerprint | undefined, b: Fingerprint | undefined): boolean {
  if (!a || !b) return a === b;
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

async function currentFingerprint(path: string): Promise<Fingerprint | undefined> {
  try {
    return fingerprintOf(await fsp.stat(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await fsp.open(dir, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every platform can fsync a directory; the rename is still atomic.
  }
}

const NOTHING_WRITTEN = 'Nothing was written.';

/**
 * Makes `backupPath` hold what `target` holds now. The file itself becomes the backup, as a second
 * hard link that the rename of the new file then leaves behind: no byte is copied. Where links
 * are not possible (a file system without them, or a file another user owns where hard links are
 * protected), the text is written out instead. Either way a new name is renamed over
 * `backupPath`, which replaces a symlink there rather than writing where it points.
 */
function keepBackup(target: string, backupPath: string, text: string, mode: number): void {
  const temp = tempPathFor(backupPath);
  try {
    // link() fails on a name that exists, a planted symlink included; it never follows one.
    linkSync(target, temp);
  } catch {
    writeBackup(backupPath, text, mode);
    return;
  }
  try {
    renameSync(temp, backupPath);
  } catch {
    rmSync(temp, { force: true });
    writeBackup(backupPath, text, mode);
    return;
  }
  // When the backup already was a link to this very file (an earlier backup, or the user's own
  // `ln`), rename() between two links of one file does nothing and succeeds (POSIX): the temp
  // name is still there, and the backup already holds the current text.
  rmSync(temp, { force: true });
}

function writeBackup(backupPath: string, text: string, mode: number): void {
  try {
    replaceFile(backupPath, text, mode);
  } catch (error) {
    throw fileError('write the backup', backupPath, error, { hint: NOTHING_WRITTEN });
  }
}

/** Atomically replaces a file with `text`, keeping `file`'s mode, and writes a backup first. */
export async function writeConfigFile(file: ConfigFile, text: string): Promise<{ backupPath?: string }> {
  const target = file.realPath;
  const dir = dirname(target);
  const mode = file.mode ?? 0o600;
  try {
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw fileError('create the folder', dir, error, { hint: NOTHING_WRITTEN });
  }
  if (!sameFingerprint(await currentFingerprint(target), file.fingerprint)) {
    throw new AppError('CONFIG_CHANGED', `${file.path} changed while it was being updated.`, {
      hint: 'Run the command again. Nothing was written.',
    });
  }
  // Renaming over the file would replace it whatever its mode; a file nobody may write was made
  // read-only on purpose.
  if (file.exists && file.mode !== undefined && (file.mode & 0o222) === 0) {
    throw new AppError(
      'CONFIG_IO',
      `cannot write ${file.path}: the file is read-only (mode ${file.mode.toString(8).padStart(4, '0')}).`,
      {
        hint: `Make it writable (chmod u+w ${file.path}) to let aws-org-profiles change it. ${NOTHING_WRITTEN}`,
      },
    );
  }
  let backupPath: string | undefined;
  if (file.exists) {
    backupPath = backupPathOf(target);
    keepBackup(target, backupPath, file.document.text, mode);
  }
  try {
    writeFileAtomic(target, text, { mode });
  } catch (error) {
    throw fileError('write', file.path, error, { folder: dir, hint: NOTHING_WRITTEN });
  }
  await syncDirectory(dir);
  return backupPath === undefined ? {} : { backupPath };
}
