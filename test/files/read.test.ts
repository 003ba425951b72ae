/**
 * Files read from disk may be anything a name can hold: a FIFO with no writer would block a read
 * forever (the agent hook, the MCP server, `sync` waiting on its lock), and a device such as
 * /dev/zero would never end. Each such file is refused at once; botocore, too, reads only regular files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfigFile } from '../../src/config/file.js';
import { withFileLock } from '../../src/config/lock.js';
import { readRegularFile } from '../../src/files/read.js';
import { readAliasNames } from '../../src/config/cli-aliases.js';
import { cachedTokenSecrets as cachedSecrets } from '../../src/sso/token-cache.js';
import { BIN, cleanEnv } from '../support/cli.js';

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

  it('keeps the agent hook and list from waiting on a FIFO token cache, and the MCP server on a FIFO alias file', () => {
    const home = mkdtempSync(join(dir, 'home-'));
    const aws = join(home, '.aws');
    mkdirSync(join(aws, 'sso', 'cache'), { recursive: true });
    mkdirSync(join(aws, 'cli'));
    writeFileSync(
      join(aws, 'config'),
      '[sso-session myorg]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = eu-west-1\n\n' +
        '[profile p]\nsso_session = myorg\nsso_account_id = 111122223333\nsso_role_name = R\n',
    );
    // The token cache file of session "myorg" (sha1 of the name).
    execFileSync('mkfifo', [join(aws, 'sso', 'cache', 'd13e3e2d8bda3df4a3a1d1132e1d77a65bc79e8e.json')]);
    execFileSync('mkfifo', [join(aws, 'cli', 'alias')]);
    const env = cleanEnv({ HOME: home });
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 20_000 });
    const context = run('context');
    expect(context.error).toBeUndefined();
    expect(context.status).toBe(0);
    expect(context.stdout).toContain('myorg');
    expect(run('list').status).toBe(0);
    expect(cachedSecrets({ HOME: home })).toEqual([]);
    expect(() => readAliasNames({ HOME: home })).toThrow(/cannot read .*alias/);
  });

  it('takes over a lock that is not a regular file at once: no run of this tool makes one', async () => {
    const target = join(dir, 'locked-config');
    fifo('locked-config.lock');
    const started = Date.now();
    expect(await withFileLock(target, () => Promise.resolve('ran'), { timeoutMs: 3_000 })).toBe('ran');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
