/**
 * A FIFO where the token cache or the alias file should be: the agent hook and `list` never wait
 * on it, and the MCP server's alias reading refuses it. Run as the built CLI, with a timeout: a
 * read that blocked would hang an in-process test for good.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAliasNames } from '../../src/config/cli-aliases.js';
import { cachedTokenSecrets as cachedSecrets } from '../../src/sso/token-cache.js';
import { BIN, cleanEnv } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'aop-fifo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('a FIFO in place of a file the hook reads', () => {
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
});
