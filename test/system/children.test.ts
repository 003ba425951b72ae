/**
 * A child process always ends when it is stopped or times out, even when something it started
 * left its process group and still holds the output pipes open: `each` and the MCP server wait on
 * these runs, and must never wait forever.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startChild } from '../../src/system/children.js';

const dir = mkdtempSync(join(tmpdir(), 'aop-children-'));
const pidFiles: string[] = [];

afterAll(() => {
  for (const file of pidFiles) {
    try {
      process.kill(Number(readFileSync(file, 'utf8')), 'SIGKILL');
    } catch {
      // Never started, or already gone.
    }
  }
});

/** A program that starts a grandchild in a session of its own, with its stdout and stderr, that outlives it. */
function escapingProgram(name: string): string[] {
  const pidFile = join(dir, `${name}.pid`);
  pidFiles.push(pidFile);
  const script =
    `const c = require('node:child_process').spawn('sleep', ['30'], { detached: true, stdio: ['ignore', 'inherit', 'inherit'] });` +
    `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid)); c.unref();` +
    `process.on('SIGTERM', () => {}); console.log('started'); setInterval(() => {}, 1000);`;
  return [process.execPath, '-e', script];
}

describe('startChild', () => {
  it('ends a run that timed out, though its grandchild escaped the group and holds the pipes', async () => {
    const [command, ...args] = escapingProgram('timeout');
    const started = Date.now();
    const outcome = await startChild(command!, args, { env: { PATH: process.env.PATH }, timeoutMs: 500 })
      .done;
    expect(outcome.timedOut).toBe(true);
    expect(outcome.code).toBeNull();
    expect(outcome.stdout).toBe('started\n');
    expect(Date.now() - started).toBeLessThan(6000);
  }, 15_000);

  it('ends a stopped run the same way (fail-fast, Ctrl-C): SIGTERM, then SIGKILL and the pipes closed', async () => {
    const [command, ...args] = escapingProgram('stop');
    const child = startChild(command!, args, {
      env: { PATH: process.env.PATH },
      onOutput: () => child.stop(300),
    });
    const started = Date.now();
    const outcome = await child.done;
    expect(outcome.timedOut).toBe(false);
    expect(outcome.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(5000);
  }, 15_000);

  it('says why a program could not start', async () => {
    const outcome = await startChild('/nonexistent/program', [], { env: {} }).done;
    expect(outcome.error?.message).toMatch(/ENOENT/);
  });

  it('refuses at once an argument no command line can carry', () => {
    expect(() => startChild(process.execPath, ['-e', 'a\0b'], { env: {} })).toThrow();
  });
});
