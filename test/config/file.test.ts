import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFile, writeConfigFile } from '../../src/config/file.js';
import { withFileLock } from '../../src/config/lock.js';
import { AppError } from '../../src/core/errors.js';

const dir = () => mkdtempSync(join(tmpdir(), 'aop-file-'));

describe('the config file on disk', () => {
  it('creates a missing file and its folder with private modes', async () => {
    const path = join(dir(), '.aws', 'config');
    const file = readConfigFile(path);
    expect(file.exists).toBe(false);
    await writeConfigFile(file, '[default]\n');
    expect(readFileSync(path, 'utf8')).toBe('[default]\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    expect(existsSync(`${path}.aws-org-profiles.bak`)).toBe(false);
  });

  it('refuses to overwrite a file that changed after it was read', async () => {
    const path = join(dir(), 'config');
    writeFileSync(path, '[default]\n');
    const file = readConfigFile(path);
    writeFileSync(path, '[default]\nregion = changed-by-someone-else\n');
    await expect(writeConfigFile(file, '[default]\nx = 1\n')).rejects.toMatchObject({
      code: 'CONFIG_CHANGED',
    });
    expect(readFileSync(path, 'utf8')).toContain('changed-by-someone-else');
  });

  it('keeps a byte order mark, which makes the file one the AWS CLI refuses, and says so', () => {
    const path = join(dir(), 'config');
    writeFileSync(
      path,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[default]\nregion = x\n')]),
    );
    expect(() => readConfigFile(path)).toThrow(
      `${path}, line 1: a byte order mark, which the AWS CLI cannot read`,
    );
  });

  it('writes through a symlink whose target does not exist yet, keeping the link', async () => {
    const base = dir();
    mkdirSync(join(base, 'dotfiles'));
    symlinkSync(join(base, 'dotfiles', 'aws-config'), join(base, 'config'));
    const file = readConfigFile(join(base, 'config'));
    expect(file.realPath).toBe(join(base, 'dotfiles', 'aws-config'));
    await writeConfigFile(file, '[default]\n');
    expect(lstatSync(join(base, 'config')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(base, 'dotfiles', 'aws-config'), 'utf8')).toBe('[default]\n');
  });

  it('names the file and line of bytes that are not UTF-8', () => {
    const path = join(dir(), 'config');
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from('[default]\nregion = x\nname = '),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('\n'),
      ]),
    );
    expect(() => readConfigFile(path)).toThrow(`${path}, line 3: the file is not valid UTF-8`);
  });
});

describe('the lock', () => {
  it('makes a second holder wait for the first', async () => {
    const target = join(dir(), 'config');
    const order: string[] = [];
    let release!: () => void;
    const first = withFileLock(target, async () => {
      order.push('first in');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('first out');
    });
    await new Promise((r) => setTimeout(r, 20));
    const second = withFileLock(target, () => {
      order.push('second in');
      return Promise.resolve();
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(order).toEqual(['first in']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second in']);
    expect(existsSync(`${target}.lock`)).toBe(false);
  });

  it('never removes a lock that another run holds', async () => {
    const target = join(dir(), 'config');
    await withFileLock(target, async () => {
      // Someone broke our lock and took it: our release must leave theirs alone.
      writeFileSync(`${target}.lock`, JSON.stringify({ pid: 1, host: 'other', at: '', id: 'theirs' }));
      return Promise.resolve();
    });
    expect(readFileSync(`${target}.lock`, 'utf8')).toContain('theirs');
  });

  it('takes over a lock left by a process that is gone, and times out on a live one', async () => {
    const target = join(dir(), 'config');
    const { hostname } = await import('node:os');
    writeFileSync(`${target}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), at: '' }));
    await expect(withFileLock(target, () => Promise.resolve('ran'))).resolves.toBe('ran');
    writeFileSync(`${target}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), at: '' }));
    const error: unknown = await withFileLock(target, () => Promise.resolve(), { timeoutMs: 150 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONFIG_LOCKED');
  });
});
