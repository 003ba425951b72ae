/**
 * Reading a file that may be anything a name can hold. A FIFO without a writer blocks a read
 * forever and a device such as /dev/zero never ends, so a file is opened without blocking and read
 * only when it is a regular file. botocore, too, reads the config only when it is a regular file.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/** The error code of a file that is a FIFO, a socket or a device. */
export const NOT_REGULAR = 'ENOTREG';

/** O_NONBLOCK lets the open of a FIFO return at once; Windows has no such flag, nor FIFOs. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function refusal(path: string, code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}, read '${path}'`), { code, path });
}

/** The bytes of `path`; throws ENOENT and the like as `readFileSync` does, EISDIR for a folder, ENOTREG for anything else that is not a regular file. */
export function readRegularFile(path: string): Buffer {
  const fd = openSync(path, OPEN_FLAGS);
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw refusal(path, 'EISDIR', 'illegal operation on a directory');
    if (!stats.isFile()) throw refusal(path, NOT_REGULAR, 'not a regular file');
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function readRegularText(path: string): string {
  return readRegularFile(path).toString('utf8');
}
