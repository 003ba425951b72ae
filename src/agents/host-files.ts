/**
 * Reading and writing the files agent hosts read (agent JSON, Claude Code settings) the way every
 * other file of the tool is handled: a FIFO, a device or an unreadable file is an error that names
 * it, never a hang; writes are atomic; folders get the hosts' own mode whatever the umask.
 */
import { rmSync } from 'node:fs';
import { AppError } from '../core/errors.js';
import { writeFileAtomic } from '../files/atomic.js';
import { fileError } from '../files/file-errors.js';
import { readRegularText } from '../files/read.js';
import { HOST_DIR_MODE } from './hosts.js';

/** The file's text, or undefined when there is none. */
export function readHostFile(path: string): string | undefined {
  try {
    return readRegularText(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fileError('read', path, error, { reading: true });
  }
}

/** The JSON object a host file holds; anything else is an error that leaves the file alone. */
export function parseHostJson(path: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError('CONFIG_PARSE', `${path} is not valid JSON: ${(error as Error).message}`, {
      hint: 'Fix the file by hand; nothing was written.',
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('CONFIG_PARSE', `${path} does not hold a JSON object; nothing was written.`);
  }
  return value as Record<string, unknown>;
}

/** Writes `content` atomically; a new file gets `newFileMode` (the hosts' own files are 0644). */
export function writeHostFile(path: string, content: string, newFileMode?: number): void {
  try {
    writeFileAtomic(path, content, { dirMode: HOST_DIR_MODE, ...(newFileMode ? { newFileMode } : {}) });
  } catch (error) {
    throw fileError('write', path, error);
  }
}

export function removeHostFile(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch (error) {
    throw fileError('remove', path, error);
  }
}
