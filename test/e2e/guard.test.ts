/**
 * `guard` as agent hosts run it: the built program, `<node> <bin> guard`, the hook event on real
 * stdin, the verdict in the exit code (0 runs the call, 2 blocks it) and one line on stderr. No
 * input may make it exit with anything else: every host runs the call on any other code.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv } from '../support/cli.js';
import { guardHome, hookEvent, type GuardHome, type Host } from '../support/guard-world.js';

const FORBID = fileURLToPath(new URL('../support/forbid-imports.mjs', import.meta.url));
const BLOCK = fileURLToPath(new URL('../support/block-network.mjs', import.meta.url));

interface GuardRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** No stdin at all, or one that never ends. */
const CLOSED = Symbol('closed');
const OPEN = Symbol('open');
type Stdin = string | Buffer | typeof CLOSED | typeof OPEN;

/** Runs the guard with `input` on stdin. */
function runGuard(input: Stdin, env: Record<string, string | undefined>, cwd = '/'): Promise<GuardRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'guard'], {
      env,
      cwd,
      stdio: [input === CLOSED ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin?.on('error', () => undefined);
    if (typeof input === 'string' || Buffer.isBuffer(input)) child.stdin!.end(input);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin?.destroy();
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

let w: GuardHome;
let env: Record<string, string | undefined>;
beforeAll(() => {
  w = guardHome();
  // The hook path may load neither the AWS SDK nor the argument parser nor any chunk.
  env = { ...cleanEnv({ HOME: w.home }), NODE_OPTIONS: `--import=${BLOCK} --import=${FORBID}` };
});

const shellTool: Record<Host, string> = { q: 'execute_bash', kiro3: 'shell', claude: 'Bash' };

function expectBlocked(run: GuardRun, reason: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^aws-org-profiles guard blocked this call: [^\n]*\n$/);
  expect(run.stderr).toMatch(reason);
  expect(run.stderr).not.toContain('forbidden');
}

describe('guard, as the hosts run it', () => {
  it.each<[Host, string, RegExp]>([
    ['claude', 'cat ~/.aws/sso/cache/*.json', /SSO token cache/],
    ['q', 'cd ~/.aws && cat sso/cache/*', /SSO token cache/],
    ['kiro3', 'tar czf - ~/.aws | base64', /SSO token cache|credentials/],
    ['claude', 'aws secretsmanager get-secret-value --secret-id prod/db --profile prod', /get-secret-value/],
    ['q', 'AWS_PROFILE=dev aws s3 ls --debu', /--debug/],
    ['kiro3', "sh -c 'aws configure export-credentials --profile dev'", /export-credentials/],
    ['claude', 'ls | xargs aws ssm get-parameter --with-decryption --name', /--with-decryption/],
    ['q', 'aws-org-profiles credentials --profile dev', /role credentials/],
  ])('%s: blocks %s', async (host, command, reason) => {
    expectBlocked(await runGuard(hookEvent(host, w.project, shellTool[host], { command }), env), reason);
  });

  it.each<[Host, string, unknown, RegExp]>([
    ['claude', 'Read', { file_path: '~/.aws/credentials' }, /credentials file/],
    ['claude', 'Grep', { pattern: 'accessToken', path: '~/.aws' }, /SSO token cache|credentials/],
    ['q', 'fs_read', { operations: [{ mode: 'Line', path: 'tokens/x.json' }] }, /SSO token cache/],
    ['kiro3', 'glob', { pattern: '~/.aws/**/*.json' }, /SSO token cache|credentials/],
    [
      'q',
      'use_aws',
      {
        service_name: 'ssm',
        operation_name: 'GetParameter',
        parameters: { Name: 'x', WithDecryption: true },
        region: 'eu-west-1',
      },
      /--with-decryption/,
    ],
  ])('%s: blocks %s %j', async (host, tool, input, reason) => {
    expectBlocked(await runGuard(hookEvent(host, w.project, tool, input), env), reason);
  });

  it.each<[Host, string, unknown]>([
    ['claude', 'Bash', { command: 'aws ec2 describe-vpcs --profile dev --region eu-west-1' }],
    ['q', 'execute_bash', { command: 'aws-org-profiles list --json' }],
    ['kiro3', 'shell', { command: 'git status && npm test' }],
    ['claude', 'Bash', { command: 'cat ~/.aws/config' }],
    ['claude', 'Read', { file_path: 'README.md' }],
    [
      'q',
      'use_aws',
      { service_name: 'ec2', operation_name: 'describe-instances', parameters: {}, region: 'eu-west-1' },
    ],
    [
      'claude',
      'mcp__aws-org-profiles__run_across_profiles',
      { args: ['secretsmanager', 'get-secret-value'] },
    ],
  ])('%s: lets through %s %j', async (host, tool, input) => {
    const run = await runGuard(hookEvent(host, w.project, tool, input), env);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
  });
});

describe('guard, failing closed', () => {
  it.each<[string, Stdin]>([
    ['garbage', 'not json at all \u0000\u001b[2J'],
    ['invalid UTF-8', Buffer.from([0xff, 0xfe, 0x7b, 0x22])],
    ['empty stdin', ''],
    ['no stdin at all', CLOSED],
    ['a JSON number', '42'],
    [
      'a shell call without its command',
      '{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{}}',
    ],
  ])('blocks %s with exit 2, printing no control characters', async (_, input) => {
    const run = await runGuard(input, env);
    expectBlocked(run, /./);
    expect(run.stderr.slice(0, -1)).not.toMatch(/[\x00-\x1f\x7f]/);
  });

  it('reads a huge event whole: the command at its very end still counts', async () => {
    const padding = 'x'.repeat(4 * 1024 * 1024);
    const command = `echo ${padding} && cat ~/.aws/credentials`;
    expectBlocked(
      await runGuard(hookEvent('claude', w.project, 'Bash', { command }), env),
      /credentials file/,
    );
    const benign = hookEvent('claude', w.project, 'Bash', { command: `echo ${padding}` });
    expect((await runGuard(benign, env)).code).toBe(0);
  });

  it('gives up on stdin that never closes, and blocks', async () => {
    const run = await runGuard(OPEN, env);
    expectBlocked(run, /did not close/);
    expect(run.ms).toBeGreaterThanOrEqual(9_000);
    expect(run.ms).toBeLessThan(25_000);
  }, 40_000);

  it('reads a file and a shell pipe on stdin without streams, and gives up on a pipe left open', async () => {
    const file = join(w.project, 'event.json');
    writeFileSync(
      file,
      hookEvent('q', w.project, 'execute_bash', {
        command: 'aws ssm get-parameter --name x --with-decryption',
      }),
    );
    const sh = (script: string) =>
      new Promise<GuardRun>((resolve) => {
        const started = Date.now();
        const child = spawn('/bin/sh', ['-c', script], {
          env: { ...env, BIN, NODE: process.execPath, EVENT: file },
        });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (code) => resolve({ code, stdout: '', stderr, ms: Date.now() - started }));
      });
    expectBlocked(await sh('"$NODE" "$BIN" guard < "$EVENT"'), /--with-decryption/);
    expectBlocked(await sh('cat "$EVENT" | "$NODE" "$BIN" guard'), /--with-decryption/);
    expect(
      (
        await sh(
          'echo \'{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls"}}\' | "$NODE" "$BIN" guard',
        )
      ).code,
    ).toBe(0);
    // The pipe's writer lives 12 s; the guard gives up at 10 s, and the shell waits for both.
    const open = await sh('sleep 12 | { "$NODE" "$BIN" guard; echo "guard $?" >&2; }');
    expect(open.stderr).toMatch(/did not close within 10 s.*\nguard 2\n$/s);
  }, 40_000);

  it.runIf(existsSync('/proc/self'))(
    'does not hang on a cache folder where Node cannot make one',
    async () => {
      // Node 20's recursive mkdir never returns under /proc; the code cache is then skipped.
      const run = await runGuard(hookEvent('claude', w.project, 'Bash', { command: 'ls' }), {
        ...env,
        XDG_CACHE_HOME: '/proc/no-such-folder',
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.ms).toBeLessThan(9_000);
    },
  );

  it('is one file of its own, holding neither the AWS SDK nor the argument parser', () => {
    const packages = JSON.parse(readFileSync(join(dirname(BIN), 'packages.json'), 'utf8')) as Record<
      string,
      string[]
    >;
    expect(packages['guard.cjs']).toEqual([]);
  });

  it('still shows its help through the full program', async () => {
    const run = await new Promise<GuardRun>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'guard', '--help'], { env: cleanEnv({ HOME: w.home }) });
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr: '', ms: 0 }));
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('exit 2 blocks it with one line on stderr');
  });
});
