/** The `emulator` command: the built CLI serving the emulator with the faults it was given. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, obj } from '../emulator/helpers.js';
import { BIN, cleanEnv, runCli } from '../support/cli.js';

describe('aws-org-profiles emulator', () => {
  it('the emulator command takes --fault bare-throttle:ListAccountRoles@0.3', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aop-emulator-'));
    const child = spawn(
      process.execPath,
      [
        BIN,
        'emulator',
        '--accounts',
        '3',
        '--token',
        'tok-12345678',
        '--json',
        '--fault',
        'bare-throttle:ListAccountRoles@0.3',
      ],
      { env: cleanEnv({ HOME: home }), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const started = await new Promise<{ url: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the emulator did not start: ${stderr}`)), 15_000);
        child.stdout.on('data', () => {
          try {
            resolve(JSON.parse(stdout) as { url: string });
            clearTimeout(timer);
          } catch {
            // Not all of it yet.
          }
        });
      });
      const accounts = obj((await call(started.url, '/assignment/accounts', { token: 'tok-12345678' })).json);
      const id = String(obj((accounts.accountList as unknown[])[0]).accountId);
      const statuses = new Set<number>();
      for (let i = 0; i < 40; i++) {
        statuses.add(
          (await call(started.url, `/assignment/roles?account_id=${id}`, { token: 'tok-12345678' })).status,
        );
      }
      expect([...statuses].sort()).toEqual([200, 429]);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await closed).toBe(0);
    expect(stderr).toMatch(/Served 41 requests \(0 throttled, [1-9]\d* faults\)/);
  });

  it('refuses a port that cannot be, as a usage error, before starting', async () => {
    const result = await runCli(['emulator', '--port', '99999'], {
      env: cleanEnv({ HOME: mkdtempSync(join(tmpdir(), 'aop-emulator-')) }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "option '--port <port>' argument '99999' is invalid. must be a whole number from 0 to 65535",
    );
    expect(result.stdout).toBe('');
  });
});
