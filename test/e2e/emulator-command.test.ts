/** The `emulator` command: the built CLI serving the emulator with the faults it was given. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, obj } from '../emulator/helpers.js';
import { BIN, cleanEnv, runCli } from '../support/cli.js';

interface Started {
  readonly url: string;
  readonly env: Record<string, string>;
}

/** The built CLI's `emulator` in a child process, once it printed its JSON (`args` must hold `--json`). */
async function startEmulator(args: string[], home: string) {
  const child = spawn(process.execPath, [BIN, 'emulator', ...args], {
    env: cleanEnv({ HOME: home }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  const output = { stderr: '' };
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output.stderr += c.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    const started = await new Promise<Started>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the emulator did not start: ${output.stderr}`)),
        15_000,
      );
      child.stdout.on('data', () => {
        try {
          resolve(JSON.parse(stdout) as Started);
          clearTimeout(timer);
        } catch {
          // Not all of it yet.
        }
      });
    });
    return { child, closed, output, started };
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
}

describe('aws-org-profiles emulator', () => {
  it('the emulator command takes --fault bare-throttle:ListAccountRoles@0.3', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aop-emulator-'));
    const { child, closed, output, started } = await startEmulator(
      [
        '--accounts',
        '3',
        '--token',
        'tok-12345678',
        '--json',
        '--fault',
        'bare-throttle:ListAccountRoles@0.3',
      ],
      home,
    );
    try {
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
    expect(output.stderr).toMatch(/Served 41 requests \(0 throttled, [1-9]\d* faults\)/);
  });

  it('serves a generated organisation with --units OUs, which sync reads and places every account by', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aop-emulator-'));
    const { child, closed, started } = await startEmulator(
      ['--accounts', '30', '--units', '6', '--org-rate', '50', '--sign-in', 'myorg', '--json'],
      home,
    );
    try {
      expect(Object.keys(started.env)).toContain('AWS_ENDPOINT_URL_ORGANIZATIONS');
      const env = cleanEnv({ HOME: home, ...started.env });
      const sync = await runCli(['sync', '--all-roles', '--json'], { env });
      expect(sync.code, sync.stderr).toBe(0);
      const out = JSON.parse(sync.stdout) as { organization: { accountsPlaced: number; units: number } };
      expect(out.organization.accountsPlaced).toBe(30);
      expect(out.organization.units).toBeGreaterThan(0);
      const listed = await runCli(['list', '--ou', '/*', '--json'], { env });
      expect(listed.code, listed.stderr).toBe(0);
      const profiles = (JSON.parse(listed.stdout) as { profiles: { ouPath?: string }[] }).profiles;
      expect(profiles.length).toBeGreaterThan(30);
      expect(profiles.every((p) => typeof p.ouPath === 'string')).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await closed).toBe(0);
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
