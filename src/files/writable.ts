/** Whether a folder can take new files, found out before work that would end by writing there. */
import { closeSync, constants, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileError } from './file-errors.js';
import { tempPathFor } from './temps.js';

const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/**
 * Makes `dir` (0700, as every folder this tool creates) unless it exists, and creates and removes
 * an empty file in it: the permission bits alone do not tell (ACLs, a read-only mount, root).
 * Throws `fileError` naming the folder.
 */
export function assertWritableFolder(dir: string, what: string, hint?: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const probe = tempPathFor(join(dir, '.aws-org-profiles-write-check'));
    closeSync(openSync(probe, CREATE_NEW, 0o600));
    rmSync(probe, { force: true });
  } catch (error) {
    throw fileError(`write ${what} in`, dir, error, { folder: dir, ...(hint === undefined ? {} : { hint }) });
  }
}
