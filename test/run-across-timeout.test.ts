/**
 * A run that times out ends, even when something it started left its own process group and still
 * holds the output pipes open: the MCP server waits on these runs, and must never wait forever.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runAcross } from '../src/cli/each.js';
import type { Io } from '../src/cli/io.js';
import type { ProfileRecord } from '../src/core/profile-record.js';

const dir = mkdtempSync(join(tmpdir(), 'aop-hang-'));
const pidFile = join(dir, 'grandchild.pid');

afterAll(() => {
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
  } catch {
    // Never started, or already gone.
  }
});

it('a timed-out run whose grandchild escaped its process group still ends', async () => {
  const io: Io = {
    env: { PATH: process.env.PATH },
    cwd: dir,
    now: () => new Date(),
    stdout: process.stdout,
    stderr: process.stderr,
    debug: false,
  };
  const profile: ProfileRecord = {
    profile: 'p',
    accountId: '1',
    accountName: 'a',
    role: 'r',
    region: null,
    ssoSession: null,
    generated: false,
    source: 'none',
  };
  // A grandchild in a session of its own, with the run's stdout and stderr, that outlives the run.
  const script =
    `const c = require('node:child_process').spawn('sleep', ['30'], { detached: true, stdio: ['ignore', 'inherit', 'inherit'] });` +
    `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid)); c.unref(); setInterval(() => {}, 1000);`;
  const started = Date.now();
  const { results } = await runAcross(io, [profile], [process.execPath, '-e', script], {
    concurrency: 1,
    timeoutMs: 300,
  });
  expect(results[0]).toMatchObject({ ok: false, failure: 'timeout' });
  expect(Date.now() - started).toBeLessThan(8000);
}, 15_000);
