/**
 * Files read from disk may be anything a name can hold: a FIFO with no writer would block a read
 * forever (the agent hook, the MCP server, `sync` waiting on its lock), and a device such as
 * /dev/zero would never end. Each such file is refused at once; botocore, too, reads only regular files.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfigFile } from '../../src/config/file.js';
import { withFileLock } from '../../src/config/lock.js';
import { readRegularFile } from '../../src/files/read.js';

const dir = mkdtempSync(join(tmpdir(), 'aop-fifo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fifo(name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

describe.skipIf(process.platform === 'win32')('reading files that are not regular files', () => {
  it('refuses a FIFO, a device and a folder at once, and reads a regular file', () => {
    expect(() => readRegularFile(fifo('pipe'))).toThrow(/not a regular file/);
    expect(() => readRegularFile('/dev/zero')).toThrow(/not a regular file/);
    expect(() => readRegularFile(dir)).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    writeFileSync(join(dir, 'plain'), 'text');
    expect(readRegularFile(join(dir, 'plain')).toString()).toBe('text');
  });

  it('names a config file that is a FIFO instead of waiting on it', () => {
    expect(() => readConfigFile(fifo('config'))).toThrow(/config is not a regular file/);
  });

  it('takes over a lock that is not a regular file at once: no run of this tool makes one', async () => {
    const target = join(dir, 'locked-config');
    fifo('locked-config.lock');
    const started = Date.now();
    expect(await withFileLock(target, () => Promise.resolve('ran'), { timeoutMs: 3_000 })).toBe('ran');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
