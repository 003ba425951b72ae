import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { readConfigFile, writeConfigFile, type ConfigFile } from '../../src/config/file.js';
import { withFileLock } from '../../src/config/lock.js';
import { AppError } from '../../src/core/errors.js';
import { replaceFile, writeFileAtomic } from '../../src/files/atomic.js';
import { writePrivateFile } from '../../src/files/private.js';
import { bigConfigText } from '../support/big-config.js';

const dir = () => mkdtempSync(join(tmpdir(), 'aop-file-'));

/**
 * A worker thread that reads the file over and over, as fast as it can, until told to stop, and
 * checks every read is exactly one of the versions; it reports how many reads it made, which
 * versions it saw, and the start and length of every read that was none of them.
 */
const CHECKING_READER = `
const { readFileSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const { path, stop, versions } = workerData;
const expected = versions.map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength));
let reads = 0;
const seen = new Set();
const torn = [];
while (Atomics.load(stop, 0) === 0) {
  const bytes = readFileSync(path);
  reads++;
  const version = Number(/^# version (\\d+)\\n/.exec(bytes.subarray(0, 32).toString('latin1'))?.[1]);
  if (expected[version]?.equals(bytes)) seen.add(version);
  else if (torn.length < 5) torn.push(JSON.stringify(bytes.subarray(0, 20).toString('latin1')) + ', ' + bytes.length + ' bytes');
}
parentPort.postMessage({ reads, seen: [...seen], torn });
`;

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

  it('replaces the file by a rename: a new inode, while the old one, unchanged, becomes the backup', async () => {
    const path = join(dir(), 'config');
    const old = '[default]\nregion = eu-west-1\n';
    writeFileSync(path, old, { mode: 0o600 });
    const before = statSync(path).ino;
    // A reader that opened the file before the write keeps reading the old inode.
    const reader = openSync(path, 'r');
    try {
      await writeConfigFile(readConfigFile(path), '[default]\nregion = eu-central-1\n');
      expect(statSync(path).ino).not.toBe(before);
      expect(readFileSync(path, 'utf8')).toBe('[default]\nregion = eu-central-1\n');
      expect(readFileSync(reader, 'utf8')).toBe(old);
      expect(readFileSync(`${path}.aws-org-profiles.bak`, 'utf8')).toBe(old);
    } finally {
      closeSync(reader);
    }
  });

  it('never lets a concurrent reader see a partial file, across many writes of a large config', async () => {
    const path = join(dir(), 'config');
    // Three versions of a 2 MB config, each marked at its start, so a read can be checked whole.
    const versions = [0, 1, 2].map((v) => `# version ${v}\n${bigConfigText(10_000 - v * 7)}# end ${v}\n`);
    writeFileSync(path, versions[0]!);
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(CHECKING_READER, {
      eval: true,
      workerData: { path, stop, versions: versions.map((v) => Buffer.from(v)) },
    });
    const report = new Promise<{ reads: number; seen: number[]; torn: string[] }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await new Promise<void>((resolve) => worker.once('online', () => resolve()));
    // The parse of each version, reused when the file holds it again: the writes are what is tested.
    const parsed = new Map<number, ConfigFile>();
    let current = 0;
    try {
      for (let i = 1; i <= 30; i++) {
        const next = i % versions.length;
        const file = readConfigFile(path, parsed.get(current));
        parsed.set(current, file);
        await writeConfigFile(file, versions[next]!);
        current = next;
      }
    } finally {
      Atomics.store(stop, 0, 1);
    }
    const { reads, seen, torn } = await report;
    await worker.terminate();
    expect(torn).toEqual([]);
    expect(seen.sort()).toEqual([0, 1, 2]);
    expect(reads).toBeGreaterThan(30);
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

describe('replacing a file', () => {
  it('gives the folders it creates an explicit mode, whatever the umask', () => {
    const base = dir();
    const previous = process.umask(0);
    try {
      writeFileAtomic(join(base, 'a', 'b', 'file'), 'x');
      writePrivateFile(join(base, 'p', 'q', 'secret'), 'x');
      writeFileAtomic(join(base, 'h', 'agents', 'file'), 'x', { dirMode: 0o755 });
    } finally {
      process.umask(previous);
    }
    const mode = (...parts: string[]) => statSync(join(base, ...parts)).mode & 0o777;
    expect([mode('a'), mode('a', 'b'), mode('p'), mode('p', 'q')]).toEqual([0o700, 0o700, 0o700, 0o700]);
    expect([mode('h'), mode('h', 'agents')]).toEqual([0o755, 0o755]);
    expect(mode('p', 'q', 'secret')).toBe(0o600);
  });

  it('replaces a symlink at the name itself and leaves what it points to alone', () => {
    const base = dir();
    const victim = join(base, 'authorized_keys');
    writeFileSync(victim, 'ssh-ed25519 AAAA user@host\n');
    symlinkSync(victim, join(base, 'config.bak'));
    replaceFile(join(base, 'config.bak'), '[default]\n', 0o600);
    expect(readFileSync(victim, 'utf8')).toBe('ssh-ed25519 AAAA user@host\n');
    expect(lstatSync(join(base, 'config.bak')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(base, 'config.bak'), 'utf8')).toBe('[default]\n');
    expect(statSync(join(base, 'config.bak')).mode & 0o777).toBe(0o600);
  });

  it('keeps the backup a file of its own when a symlink was planted under its name', async () => {
    const base = dir();
    const victim = join(base, 'victim');
    writeFileSync(victim, 'precious\n');
    writeFileSync(join(base, 'config'), '[default]\n');
    symlinkSync(victim, join(base, 'config.aws-org-profiles.bak'));
    await writeConfigFile(readConfigFile(join(base, 'config')), '[default]\nregion = x\n');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readFileSync(join(base, 'config.aws-org-profiles.bak'), 'utf8')).toBe('[default]\n');
    expect(readdirSync(base).sort()).toEqual(['config', 'config.aws-org-profiles.bak', 'victim']);
  });

  it('leaves no temp file when the backup already is a hard link to the config itself', async () => {
    const base = dir();
    const path = join(base, 'config');
    writeFileSync(path, '[default]\n');
    linkSync(path, join(base, 'config.aws-org-profiles.bak'));
    await writeConfigFile(readConfigFile(path), '[default]\nregion = x\n');
    expect(readdirSync(base).sort()).toEqual(['config', 'config.aws-org-profiles.bak']);
    expect(readFileSync(join(base, 'config.aws-org-profiles.bak'), 'utf8')).toBe('[default]\n');
    expect(readFileSync(path, 'utf8')).toBe('[default]\nregion = x\n');
  });

  it('removes the temp files of its own name that dead processes left, and no others', () => {
    const base = join(dir(), 'state');
    mkdirSync(base);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const old = new Date(Date.now() - 10 * 60_000);
    const names = {
      gone: `syncs.json.${dead}.m4k2x9q1.0.tmp`,
      live: `syncs.json.${process.pid}.m4k2x9q1.1.tmp`,
      other: `installed.json.${dead}.m4k2x9q1.2.tmp`,
    };
    for (const name of Object.values(names)) {
      writeFileSync(join(base, name), '{');
      utimesSync(join(base, name), old, old);
    }
    writePrivateFile(join(base, 'syncs.json'), '{}\n');
    expect(readdirSync(base).sort()).toEqual([names.other, names.live, 'syncs.json'].sort());
  });
});

describe('the lock', () => {
  const aged = (path: string, ms: number) => {
    const then = new Date(Date.now() - ms);
    utimesSync(path, then, then);
  };

  it('takes over an empty or half-written lock that is a few seconds old, at once', async () => {
    for (const content of ['', '{"pid":']) {
      const target = join(dir(), 'config');
      writeFileSync(`${target}.lock`, content);
      aged(`${target}.lock`, 10_000);
      const started = Date.now();
      await expect(withFileLock(target, () => Promise.resolve('ran'), { timeoutMs: 5_000 })).resolves.toBe(
        'ran',
      );
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(existsSync(`${target}.lock`)).toBe(false);
    }
  });

  it('waits for an empty lock that was just created: its owner may be about to write it', async () => {
    const target = join(dir(), 'config');
    writeFileSync(`${target}.lock`, '');
    const error: unknown = await withFileLock(target, () => Promise.resolve(), { timeoutMs: 200 }).catch(
      (e: unknown) => e,
    );
    expect((error as AppError).code).toBe('CONFIG_LOCKED');
    expect(readFileSync(`${target}.lock`, 'utf8')).toBe('');
  });

  it('holds a lock that is whole from its first moment, and leaves no temp file', async () => {
    const base = dir();
    const target = join(base, 'config');
    const seen = await withFileLock(target, () => {
      const owner = JSON.parse(readFileSync(`${target}.lock`, 'utf8')) as { pid: number };
      return Promise.resolve({ pid: owner.pid, names: readdirSync(base) });
    });
    expect(seen).toEqual({ pid: process.pid, names: ['config.lock'] });
    expect(readdirSync(base)).toEqual([]);
  });

  it('says which folder it cannot write when the lock cannot be created', async () => {
    const base = dir();
    writeFileSync(join(base, 'aws'), 'a file where a folder should be');
    const target = join(base, 'aws', 'config');
    const error: unknown = await withFileLock(target, () => Promise.resolve()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe(
      `cannot create the lock file ${target}.lock: a part of the path is not a folder.`,
    );
  });

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
