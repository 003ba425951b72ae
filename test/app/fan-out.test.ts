/**
 * The fan-out engine in process, through `each` and `run_across_profiles`: the summary and exit
 * code of `each`, and that fail-fast and an interrupt end every run at once, even a run whose
 * grandchild left its process group and holds the pipes.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { each, runAcrossProfiles } from '../../src/app/fan-out.js';
import { loadProfiles } from '../../src/app/list.js';
import { eachExitCode } from '../../src/cli/output/each-output.js';
import { Secret } from '../../src/core/secret.js';
import { writeSessionToken } from '../../src/sso/token-cache.js';
import { testRuntime } from '../support/runtime.js';

const START_URL = 'https://d-1.awsapps.com/start';
const node = process.execPath;
let home: string;
const pidFiles: string[] = [];

function config(profiles: number): string {
  let text = `[default]\nregion = eu-west-1\n\n[sso-session myorg]\nsso_start_url = ${START_URL}\nsso_region = eu-west-1\n`;
  for (let i = 0; i < profiles; i++) {
    text += `\n[profile p${i}]\nsso_session = myorg\nsso_account_id = ${String(111111111111 + i)}\nsso_role_name = R\nsso_account_name = acct ${i}\n`;
  }
  return text;
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'aop-fan-out-'));
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws', 'config'), config(6));
  writeSessionToken({ HOME: home }, 'myorg', {
    accessToken: new Secret('token-of-myorg-0123456789'),
    expiresAt: new Date(Date.now() + 3600_000),
    startUrl: START_URL,
    region: 'eu-west-1',
  });
});

afterAll(() => {
  for (const file of pidFiles) {
    try {
      process.kill(Number(readFileSync(file, 'utf8')), 'SIGKILL');
    } catch {
      // Never started, or gone.
    }
  }
});

const rt = () => testRuntime({ HOME: home, PATH: process.env.PATH });

/** Fails on p1; every other profile first starts a grandchild that escapes the group with the pipes, and waits. */
function hangingUnlessP1(): string[] {
  const pidFile = join(home, `grandchild-${pidFiles.length}.pid`);
  pidFiles.push(pidFile);
  const script =
    "if (process.env.AWS_PROFILE === 'p1') { console.error('no'); process.exit(3); }" +
    `const c = require('node:child_process').spawn('sleep', ['30'], { detached: true, stdio: ['ignore', 'inherit', 'inherit'] });` +
    `require('node:fs').appendFileSync(${JSON.stringify(pidFile)}, String(c.pid)); c.unref(); process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);`;
  return [node, '-e', script];
}

describe('each', () => {
  it('runs once per profile, in name order, reports each run as it ends, and sums up', async () => {
    const r = rt();
    const result = await each(r, loadProfiles(r.env), {
      command: [
        node,
        '-e',
        'console.log(JSON.stringify({ p: process.env.AWS_PROFILE, a: process.argv[1] }))',
        '{accountId}',
      ],
      concurrency: 3,
    });
    expect(result.summary).toEqual({ selected: 6, succeeded: 6, failed: 0, skipped: 0 });
    expect(result.runs.map((x) => x.profile)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
    expect(result.runs[2]!.stdout).toEqual({ p: 'p2', a: '111111111113' });
    expect(r.notices.filter((n) => n.kind === 'run')).toHaveLength(6);
    expect(r.notices[0]).toEqual({ kind: 'runs-start', profiles: ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'] });
    expect(eachExitCode(result)).toBe(0);
  });

  it('runs only in profiles that can get credentials, and says so when none of the selected can', async () => {
    const r = rt();
    const all = await each(r, loadProfiles(r.env), { command: [node, '-e', '0'], dryRun: true });
    expect(all.selected.map((p) => p.profile)).not.toContain('default');
    await expect(
      each(r, loadProfiles(r.env), { command: [node, '-e', '0'], profileMatch: ['default'] }),
    ).rejects.toThrow('1 profile matches the selection, but none can get credentials');
  });

  it('suggests the role meant by a typo, warning when others match and failing when none does', async () => {
    const r = rt();
    const some = await each(r, loadProfiles(r.env), {
      command: [node, '-e', '0'],
      role: ['R', 'Rr'],
      dryRun: true,
    });
    expect(some.warnings).toEqual(['no profile has role Rr. Did you mean R?']);
    expect(r.notices).toContainEqual({ kind: 'warning', text: 'no profile has role Rr. Did you mean R?' });
    const none = await each(r, loadProfiles(r.env), { command: [node, '-e', '0'], role: ['Rr'] }).catch(
      (e: unknown) => e,
    );
    expect(none).toMatchObject({
      exitCode: 2,
      message: 'no profile has role Rr. Did you mean R?; no profile matches the selection',
    });
  });

  it('checks once that the program exists, before running anything', async () => {
    const r = rt();
    const error = await each(r, loadProfiles(r.env), {
      command: ['awz', 'sts', 'get-caller-identity'],
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      exitCode: 2,
      message: 'cannot run "awz": no such program on PATH, or it is not executable.',
    });
    expect(r.notices.filter((n) => n.kind === 'run' || n.kind === 'runs-start')).toEqual([]);
  });

  it('classifies failures, and exits 1 when any run failed', async () => {
    const r = rt();
    const script =
      "const p = process.env.AWS_PROFILE; if (p === 'p1') process.exit(4); if (p === 'p2') { console.error('Error loading SSO Token: Token for myorg does not exist'); process.exit(255); }";
    const result = await each(r, loadProfiles(r.env), { command: [node, '-e', script] });
    expect(result.summary).toEqual({ selected: 6, succeeded: 4, failed: 2, skipped: 0 });
    expect(result.runs.find((x) => x.profile === 'p1')).toMatchObject({
      ok: false,
      exitCode: 4,
      failure: 'exit',
    });
    expect(result.runs.find((x) => x.profile === 'p2')).toMatchObject({ ok: false, failure: 'auth' });
    expect(eachExitCode(result)).toBe(1);
  });

  it('stops every run at the first failure with fail-fast, even runs whose grandchild holds the pipes', async () => {
    const r = rt();
    const started = Date.now();
    const result = await each(r, loadProfiles(r.env), {
      command: hangingUnlessP1(),
      concurrency: 6,
      failFast: true,
    });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(result.stopped).toBe('fail-fast');
    expect(result.runs.find((x) => x.profile === 'p1')).toMatchObject({ exitCode: 3, failure: 'exit' });
    expect(result.runs.filter((x) => x.failure === 'signal').length).toBe(5);
    expect(eachExitCode(result)).toBe(1);
  }, 20_000);

  it('ends on an interrupt like on a timeout, skips what did not start, and exits 130', async () => {
    const r = rt();
    const interrupt = new AbortController();
    const started = Date.now();
    setTimeout(() => interrupt.abort(), 500);
    const result = await each(
      r,
      loadProfiles(r.env),
      { command: hangingUnlessP1(), concurrency: 2, profileMatch: ['p0', 'p2', 'p3', 'p4', 'p5'] },
      interrupt.signal,
    );
    expect(Date.now() - started).toBeLessThan(8000);
    expect(result.stopped).toBe('interrupt');
    expect(result.summary).toMatchObject({ selected: 5, failed: 2, skipped: 3 });
    expect(eachExitCode(result)).toBe(130);
  }, 20_000);

  it('shows the selection without running anything on a dry run, and refuses a change on several profiles without yes', async () => {
    const r = rt();
    const dry = await each(r, loadProfiles(r.env), { command: ['aws', 's3', 'rb', 's3://x'], dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, runs: [], summary: { selected: 6 } });
    expect(r.notices).toEqual([]);
    await expect(each(r, loadProfiles(r.env), { command: ['aws', 's3', 'rb', 's3://x'] })).rejects.toThrow(
      '"rb" looks like it changes things, and 6 profiles are selected.',
    );
  });

  it('refuses to start when the session is signed out, with the sign-in command', async () => {
    const other = mkdtempSync(join(tmpdir(), 'aop-fan-out-'));
    mkdirSync(join(other, '.aws'));
    writeFileSync(join(other, '.aws', 'config'), config(2));
    const r = testRuntime({ HOME: other, PATH: process.env.PATH });
    const error = await each(r, loadProfiles(r.env), { command: [node, '-e', '0'] }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'TOKEN_MISSING',
      message: 'sso-session myorg is signed out (no cached token); every selected profile of it would fail.',
    });
    expect(r.notices).toEqual([]);
  });
});

describe('run_across_profiles', () => {
  it('refuses a command the AWS CLI would read as a secret read or a global option, before running anything', async () => {
    const r = rt();
    await expect(
      runAcrossProfiles(r, loadProfiles(r.env), {
        args: ['secretsmanager', 'get-secret-value', '--secret-id', 'x'],
        selection: {},
        maxProfiles: 10,
        timeoutSeconds: 5,
      }),
    ).rejects.toThrow(/secret/);
    await expect(
      runAcrossProfiles(r, loadProfiles(r.env), {
        args: ['sts', 'get-caller-identity', '--deb'],
        selection: {},
        maxProfiles: 10,
        timeoutSeconds: 5,
      }),
    ).rejects.toThrow(/--debug/);
    expect(r.notices).toEqual([]);
  });

  it('refuses more profiles than max_profiles', async () => {
    const r = rt();
    await expect(
      runAcrossProfiles(r, loadProfiles(r.env), {
        args: ['sts', 'get-caller-identity'],
        selection: {},
        maxProfiles: 5,
        timeoutSeconds: 5,
      }),
    ).rejects.toThrow('6 profiles match, more than max_profiles (5)');
  });
});
