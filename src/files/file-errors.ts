/** File system failures as messages a user can act on, rather than `EACCES: permission denied, open ...`. */
import { dirname } from 'node:path';
import { AppError } from '../core/errors.js';

export interface FileErrorOptions {
  /** The folder a new file was to be made in, when it is not the path's own (a symlinked config). */
  readonly folder?: string;
  /** True when reading: then a permission error is about the file, not its folder. */
  readonly reading?: boolean;
  readonly hint?: string;
}

function reasonOf(error: unknown, path: string, folder: string, reading: boolean): string {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EACCES':
      return reading ? 'permission denied' : `permission denied (the folder ${folder} is not writable)`;
    case 'EPERM':
      return 'the operation is not permitted';
    case 'EROFS':
      return `the file system of ${folder} is read-only`;
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EISDIR':
      return `${path} is a folder`;
    case 'ENOTREG':
      return `${path} is not a regular file (a pipe, socket or device)`;
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** `cannot <action> <path>: <reason>`, with code CONFIG_IO and the original error as the cause. */
export function fileError(
  action: string,
  path: string,
  error: unknown,
  options: FileErrorOptions = {},
): AppError {
  const reason = reasonOf(error, path, options.folder ?? dirname(path), options.reading === true);
  return new AppError('CONFIG_IO', `cannot ${action} ${path}: ${reason}.`, {
    cause: error,
    hint: options.hint,
  });
}
