/** `each`: fan-out over profiles as child processes, with a fake command and with the real AWS CLI. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrganization } from '../../src/emulator/index.js';
import { hasAwsCli } from '../support/botocore.js';
import { BIN, cleanEnv, runCli } from '../support/cli.js';
import { World } from '../support/world.js';

let world: World;
const node = process.execPath;
/** A stand-in for the AWS CLI: prints its profile and arguments as JSON. */
const ECHO =
  "process.stdout.write(JSON.stringify({ profile: process.env.AWS_PROFILE, args: process.argv.slice(1) }) + '\\n')";

beforeAll(async () => {
  world = await World.create(generateOrganization({ accounts: 12, rolesPerAccount: 2, seed: 8 }));
  world.signIn();
  const sync = await world.cli('sync', '--all-roles');
  if (sync.code !== 0) throw new Error(sync.stderr);
});
afterAll(async () => {
  await world?.close();
});

interface EachJson {
  version: number;
  summary: { selected: number; succeeded: number; failed: number; skipped: number };
  results: {
    profile: string;
    accountId: string;
    exitCode: number;
    durationMs: number;
    stdout: unknown;
    stderr: string;
    ok: boolean;
    failure?: string;
  }[];
}

describe('each', () => {
  it('runs the command once per profile with AWS_PROFILE set and placeholders filled, gathering JSON', async () => {
    const result = await world.cli(
      'each',
      '--role',
      'AdministratorAccess',
      '--json',
      '--',
      node,
      '-e',
      ECHO,
      '{accountId}',
      '{role}',
    );
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as EachJson;
    const { profiles } = JSON.parse(
      (await world.cli('list', '--role', 'AdministratorAccess', '--json')).stdout,
    ) as { profiles: { profile: string; accountId: string }[] };
    expect(out.summary).toEqual({
      selected: profiles.length,
      succeeded: profiles.length,
      failed: 0,
      skipped: 0,
    });
    expect(out.results.map((r) => r.profile)).toEqual(profiles.map((p) => p.profile).sort());
    for (const r of out.results) {
      expect(r.stdout).toEqual({ profile: r.profile, args: [r.accountId, 'AdministratorAccess'] });
      expect(r.exitCode).toBe(0);
    }
    expect(result.stderr).toContain(`each: ${profiles.length} succeeded, 0 failed.`);
  });

  it("sets each run's profile even when AWS_DEFAULT_PROFILE, which botocore reads first, is set", async () => {
    const script =
      "process.stdout.write(JSON.stringify([process.env.AWS_PROFILE, process.env.AWS_DEFAULT_PROFILE ?? null]) + '\\n')";
    const result = await runCli(
      ['each', '--role', 'AdministratorAccess', '--json', '--', node, '-e', script],
      {
        env: { ...world.env, AWS_DEFAULT_PROFILE: 'some-admin-profile' },
      },
    );
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as EachJson;
    expect(out.results.length).toBeGreaterThan(1);
    for (const r of out.results) expect(r.stdout).toEqual([r.profile, null]);
  });

  it('prefixes every line with its profile and keeps the lines of one run together', async () => {
    const script = "for (let i = 0; i < 3; i++) console.log('line ' + i + ' of ' + process.env.AWS_PROFILE)";
    const result = await world.cli('each', '--account', '*', '--concurrency', '4', '--', node, '-e', script);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    for (let i = 0; i < lines.length; i += 3) {
      const profile = lines[i]!.split(' | ')[0]!.trim();
      for (const [n, line] of lines.slice(i, i + 3).entries()) {
        expect(line).toMatch(new RegExp(`^${profile} +\\| line ${n} of ${profile}$`));
      }
    }
  });

  it('exits 1 and lists the failures when some runs fail, and streams --jsonl', async () => {
    const script = "process.exit(process.env.AWS_PROFILE.endsWith('AdministratorAccess') ? 3 : 0)";
    const result = await world.cli('each', '--jsonl', '--', node, '-e', script);
    expect(result.code).toBe(1);
    const records = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as EachJson['results'][number]);
    const failed = records.filter((r) => !r.ok);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.exitCode === 3 && r.failure === 'exit')).toBe(true);
    expect(result.stderr).toMatch(new RegExp(`${failed.length} exited with an error: .*\\(3\\)`));
  });

  it('stops a run at its timeout, with everything it started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aop-each-'));
    const script = `require('fs').writeFileSync(require('path').join(${JSON.stringify(dir)}, String(process.pid)), ''); setTimeout(() => {}, 60000)`;
    const started = Date.now();
    const result = await world.cli(
      'each',
      '--profile-match',
      '*-AdministratorAccess',
      '--account',
      '*',
      '--timeout',
      '1',
      '--json',
      '--',
      node,
      '-e',
      script,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as EachJson;
    expect(out.results.every((r) => r.failure === 'timeout')).toBe(true);
    for (const pid of readdirSync(dir).map(Number)) expect(() => process.kill(pid, 0)).toThrow();
  });

  it('stops cleanly on Ctrl-C, leaving no children behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aop-each-'));
    const script = `require('fs').writeFileSync(require('path').join(${JSON.stringify(dir)}, String(process.pid)), ''); setTimeout(() => {}, 60000)`;
    const child = spawn(node, [BIN, 'each', '--concurrency', '3', '--', node, '-e', script], {
      env: world.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (readdirSync(dir).length >= 3) {
          clearInterval(poll);
          resolve();
        }
      }, 50);
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/not run \(interrupted\)/);
    await new Promise((r) => setTimeout(r, 200));
    for (const pid of readdirSync(dir).map(Number)) expect(() => process.kill(pid, 0)).toThrow();
  });

  it('says to put the command after -- when its options are read as those of each', async () => {
    const result = await world.cli(
      'each',
      '--role',
      'AdministratorAccess',
      'aws',
      'sts',
      'get-caller-identity',
      '--output',
      'json',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--output'");
    expect(result.stderr).toContain('Put the command to run after --, e.g. aws-org-profiles each');
    expect(result.stdout).toBe('');
  });

  it('asks for --yes before a command that looks like a change on several profiles, and previews with --dry-run', async () => {
    const half = await world.cli('each', '--concurrency', '0.5', '--', 'true');
    expect(half.code).toBe(2);
    expect(half.stderr).toContain(
      "option '--concurrency <n>' argument '0.5' is invalid. must be a whole number",
    );
    const guarded = await world.cli('each', '--', 'aws', 's3', 'rb', 's3://bucket');
    expect(guarded.code).toBe(2);
    expect(guarded.stderr).toContain('"rb" looks like it changes things');
    const dry = await world.cli(
      'each',
      '--role',
      'AdministratorAccess',
      '--dry-run',
      '--',
      'aws',
      's3',
      'ls',
      '--profile',
      '{profile}',
    );
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^\d+ profiles selected:/);
    expect(dry.stdout).toMatch(/AWS_PROFILE=(\S+) aws s3 ls --profile \1$/m);
  });

  it('reports a signed-out session once, before running anything', async () => {
    const w = await World.create(generateOrganization({ accounts: 3, seed: 3 }));
    w.signIn();
    expect((await w.cli('sync', '--all-roles')).code).toBe(0);
    w.signIn('myorg', new Date(Date.now() - 60_000));
    const dir = mkdtempSync(join(tmpdir(), 'aop-each-'));
    const result = await w.cli(
      'each',
      '--',
      node,
      '-e',
      `require('fs').writeFileSync(${JSON.stringify(join(dir, 'ran'))}, '')`,
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('aws sso login --sso-session myorg');
    expect(existsSync(join(dir, 'ran'))).toBe(false);
    await w.close();
  });

  it('fails only the run whose filled argument cannot be passed (a NUL from an account name), and shows names escaped', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aop-each-nul-'));
    const config = join(home, 'config');
    writeFileSync(
      config,
      // Profiles that can get credentials, and so are run: each has a credential_process.
      '[profile bad]\nsso_account_name = nul%00name\ncredential_process = true\n\n[profile esc]\nsso_account_name = Esc%1B[2J\ncredential_process = true\n\n' +
        '[profile good]\nsso_account_name = fine\ncredential_process = true\n',
    );
    const env = cleanEnv({ HOME: home, AWS_CONFIG_FILE: config });
    const result = await runCli(['each', '--json', '--', node, '-e', ECHO, '{accountName}'], { env });
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as EachJson;
    expect(out.summary).toEqual({ selected: 3, succeeded: 2, failed: 1, skipped: 0 });
    const bad = out.results.find((r) => r.profile === 'bad')!;
    expect(bad).toMatchObject({ ok: false, failure: 'spawn' });
    expect(bad.stderr).toContain('NUL');
    expect(out.results.find((r) => r.profile === 'good')!.stdout).toEqual({
      profile: 'good',
      args: ['fine'],
    });

    const dry = await runCli(['each', '--dry-run', '--', 'echo', '{accountName}'], { env });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('AWS_PROFILE=esc echo Esc\\x1b[2J');
    expect(dry.stdout).toContain('AWS_PROFILE=bad echo nul\\x00name');
    expect(dry.stdout).not.toMatch(/[\x00\x1b]/);
  });

  it('shows profile names from the config with their control characters escaped, in text and --jsonl', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aop-each-names-'));
    const config = join(home, 'config');
    writeFileSync(
      config,
      '[profile ops\x1b]0;owned\x07\u202etxt\x9b31m]\nregion = eu-west-1\ncredential_process = true\n',
    );
    const env = cleanEnv({ HOME: home, AWS_CONFIG_FILE: config });
    const raw = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]/;
    const name = 'ops\x1b]0;owned\x07\u202etxt\x9b31m';
    for (const args of [['--dry-run'], [], ['--jsonl']]) {
      const result = await runCli(['each', ...args, '--', node, '-e', 'console.log("hi")'], { env });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout + result.stderr).not.toMatch(raw);
      if (args[0] === '--jsonl')
        expect((JSON.parse(result.stdout) as { profile: string }).profile).toBe(name);
      else expect(result.stdout).toContain('ops\\x1b]0;owned\\x07\\u202etxt\\x9b31m');
    }
  });

  it.skipIf(!hasAwsCli)(
    'runs the real aws sts get-caller-identity across profiles, each in its own account',
    async () => {
      const env = { ...world.env, NODE_OPTIONS: undefined };
      const result = await runCli(
        [
          'each',
          '--role',
          'AdministratorAccess',
          '--json',
          '--',
          'aws',
          'sts',
          'get-caller-identity',
          '--output',
          'json',
        ],
        { env },
      );
      expect(result.stderr).toMatch(/succeeded, 0 failed/);
      const out = JSON.parse(result.stdout) as EachJson;
      expect(out.results.length).toBeGreaterThan(3);
      for (const r of out.results) expect(r.stdout).toMatchObject({ Account: r.accountId });
    },
  );
});
