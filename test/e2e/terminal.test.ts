/**
 * The program as a well-behaved terminal program: a reader that leaves early (`| head`) stops it
 * quietly, with `each`'s runs; Ctrl-C during a sync says what was written; errors under `--json`
 * come as JSON too.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { generateOrganization } from '../../src/emulator/index.js';
import { bigConfigText } from '../support/big-config.js';
import { BIN, cleanEnv, runCli } from '../support/cli.js';
import { sessionSection, World } from '../support/world.js';

const node = process.execPath;
const dir = mkdtempSync(join(tmpdir(), 'aop-terminal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

function home(config: string): Record<string, string | undefined> {
  const path = mkdtempSync(join(dir, 'home-'));
  mkdirSync(join(path, '.aws'));
  writeFileSync(join(path, '.aws', 'config'), config);
  return cleanEnv({ HOME: path });
}

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI with its stdout on a pipe whose reader goes away: at once, before the program
 * wrote anything, or after the first chunk it wrote.
 */
function runWithEarlyReader(
  args: readonly string[],
  env: Record<string, string | undefined>,
  closeAfter: 'start' | 'first chunk',
): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    if (closeAfter === 'start') child.stdout.destroy();
    else {
      child.stdout.once('data', (chunk: Buffer) => {
        stdout = chunk.toString();
        child.stdout.destroy();
      });
    }
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Exits quietly: 141, nothing on stderr (no stack trace, no error). */
function expectQuietStop(ended: Ended): void {
  expect(ended.signal).toBeNull();
  expect(ended.stderr).toBe('');
  expect(ended.code).toBe(141);
}

describe('a reader that leaves early (| head)', () => {
  it('stops --help and sync --help quietly', async () => {
    const env = home(sessionSection());
    for (const args of [['--help'], ['sync', '--help'], ['each', '--help']]) {
      expectQuietStop(await runWithEarlyReader(args, env, 'start'));
    }
  });

  it('stops list quietly after the first chunk of a long table', async () => {
    const env = home(bigConfigText(6_000));
    const ended = await runWithEarlyReader(['list'], env, 'first chunk');
    expect(ended.stdout).toMatch(/^PROFILE +ACCOUNT/);
    expectQuietStop(ended);
  });

  it('stops each and every run it started, even one that ignores SIGTERM, and leaves none behind', async () => {
    // Profiles that can get credentials (each runs no other).
    const profiles = Array.from(
      { length: 8 },
      (_, i) => `[profile p${i}]\nregion = eu-west-1\ncredential_process = true\n`,
    ).join('\n');
    const env = home(profiles);
    const runs = mkdtempSync(join(dir, 'runs-'));
    // Each run takes the next number. The first ends at once, so that its output reaches the reader,
    // which then leaves; the second ends a second later, so that the program writes to a pipe
    // nobody reads; the others would run for a minute, and ignore SIGTERM.
    const script = `
      const fs = require('fs'), path = require('path');
      let n = 1;
      for (;;) { try { fs.mkdirSync(path.join(${JSON.stringify(runs)}, 'run-' + n)); break; } catch { n++; } }
      fs.writeFileSync(path.join(${JSON.stringify(runs)}, 'pid-' + process.pid), '');
      process.on('SIGTERM', () => {});
      if (n === 1) console.log('first');
      else if (n === 2) setTimeout(() => console.log('second'), 1000);
      else setTimeout(() => {}, 60000);`;
    const started = Date.now();
    const ended = await runWithEarlyReader(
      ['each', '--concurrency', '4', '--', node, '-e', script],
      env,
      'first chunk',
    );
    const pids = readdirSync(runs)
      .filter((name) => name.startsWith('pid-'))
      .map((name) => Number(name.slice(4)));
    try {
      expect(pids.length).toBeGreaterThanOrEqual(4);
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (const pid of pids) expect(() => process.kill(pid, 0), `run ${pid} is still alive`).toThrow();
    } finally {
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone, as it should be.
        }
      }
    }
    expect(ended.stdout).toMatch(/^p\d +\| first\n$/);
    expectQuietStop(ended);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('Ctrl-C during a sync', () => {
  const org = generateOrganization({ accounts: 6, rolesPerAccount: 2, seed: 5 });

  it('says that nothing was written when discovery was still running, and exits 130', async () => {
    const w = await World.create(org);
    worlds.push(w);
    w.signIn();
    const before = w.config();
    w.emulator.pause();
    let child: ReturnType<typeof spawn> | undefined;
    const run = runCli(['sync', '--all-roles'], { env: w.env, onSpawn: (c) => (child = c) });
    try {
      while (w.emulator.stats().inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      child!.kill('SIGINT');
      const ended = await run;
      expect(ended.stderr).toBe('interrupted; nothing was written\n');
      expect(ended.code).toBe(130);
      expect(ended.stdout).toBe('');
      expect(w.config()).toBe(before);
    } finally {
      w.emulator.resume();
    }
  });

  it('lets the config be written once discovery is done, then says what was written, and exits 130', async () => {
    const w = await World.create(org);
    worlds.push(w);
    w.signIn();
    // Another run holds the config's lock, so this one waits for it after discovery.
    const lock = `${w.configPath}.lock`;
    writeFileSync(
      lock,
      JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString(), id: 'x' }),
    );
    let child: ReturnType<typeof spawn> | undefined;
    const run = runCli(['sync', '--all-roles'], { env: w.env, onSpawn: (c) => (child = c) });
    while (w.emulator.stats().totalRequests < org.accounts.length + 1 || w.emulator.stats().inFlight > 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    child!.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    rmSync(lock);
    const ended = await run;
    expect(ended.code).toBe(130);
    expect(ended.stdout).toBe('');
    const created = org.accounts.reduce((n, a) => n + a.roles.length, 0);
    expect(ended.stderr).toMatch(
      new RegExp(
        `^warning: another aws-org-profiles run holds \\S+config\\.lock \\(pid ${process.pid} on host [^)]+\\); waiting up to 30 s for it to finish\\.\\n` +
          `interrupted; finishing the update of the config first \\(Ctrl-C again stops at once\\)\\ninterrupted; ~/\\.aws/config was written: ${created} created, 0 updated, 0 removed\\n$`,
      ),
    );
    expect(w.config().match(/^\[profile /gm)).toHaveLength(created);
  });
});

describe('errors under --json', () => {
  it('prints the error on stdout as JSON too, with its code, hint and exit code', async () => {
    const env = home(sessionSection());
    const sync = await runCli(['sync', '--json'], { env });
    expect(sync.code).toBe(3);
    expect(sync.stderr).toMatch(/^error: /);
    const doc = JSON.parse(sync.stdout) as {
      version: number;
      error: { code: string; message: string; hint: string; exitCode: number };
    };
    expect(doc.version).toBe(1);
    expect(Object.keys(doc.error)).toEqual(['code', 'message', 'hint', 'exitCode']);
    expect(doc.error).toMatchObject({ code: 'TOKEN_MISSING', exitCode: 3 });
    expect(doc.error.hint).toContain('aws sso login --sso-session myorg');
    // The same error as the text on stderr.
    expect(sync.stderr).toBe(`error: ${doc.error.message}\n${doc.error.hint}\n`);

    const each = await runCli(['each', '--jsonl'], { env });
    expect(each.code).toBe(2);
    expect(each.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(each.stdout)).toMatchObject({ version: 1, error: { code: 'USAGE', exitCode: 2 } });

    const usage = await runCli(['list', '--json', '--bogus'], { env });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("unknown option '--bogus'");
    expect(JSON.parse(usage.stdout)).toEqual({
      version: 1,
      error: {
        code: 'USAGE',
        message: "unknown option '--bogus'",
        hint: 'Run with --help for usage.',
        exitCode: 2,
      },
    });

    // Without --json, stdout stays empty; a --json that belongs to the command each runs does not count.
    expect((await runCli(['sync'], { env })).stdout).toBe('');
    expect((await runCli(['each', '--', node, '--json'], { env })).stdout).toBe('');
  });
});
