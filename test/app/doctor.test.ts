/** Doctor in process: the findings for a healthy setup and for every fault planted in a broken one. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { doctor, type Finding } from '../../src/app/doctor.js';
import { Secret } from '../../src/core/secret.js';
import { removeSessionToken, writeSessionToken } from '../../src/sso/token-cache.js';
import { sha256, writeManifest } from '../../src/state/agent-manifest.js';
import { recordSync } from '../../src/state/sync-record.js';
import { testRuntime } from '../support/runtime.js';

const START_URL = 'https://d-1.awsapps.com/start';
const session = (name: string) =>
  `[sso-session ${name}]\nsso_start_url = ${START_URL}\nsso_region = eu-west-1\n`;
const generated = (name: string, sessionName: string, account: string) =>
  `[profile ${name}]\nsso_session = ${sessionName}\nsso_account_id = ${account}\nsso_role_name = R\nregion = eu-west-1\ngenerated_by = aws-org-profiles\n`;

function setUp(config: string) {
  const home = mkdtempSync(join(tmpdir(), 'aop-doctor-'));
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws', 'config'), config);
  return { home, rt: testRuntime({ HOME: home }), configPath: join(home, '.aws', 'config') };
}

function token(home: string, name: string, expiresInMs: number, refreshable = false) {
  writeSessionToken({ HOME: home }, name, {
    accessToken: new Secret(`token-${name}-0123456789`),
    expiresAt: new Date(Date.now() + expiresInMs),
    startUrl: START_URL,
    region: 'eu-west-1',
    ...(refreshable
      ? {
          refreshToken: new Secret('refresh-0123456789'),
          clientId: 'client',
          clientSecret: new Secret('secret-0123456789'),
          registrationExpiresAt: new Date(Date.now() + 86_400_000),
        }
      : {}),
  });
}

const find = (findings: readonly Finding[], check: string, message: RegExp) =>
  findings.find((f) => f.check === check && message.test(f.message));

describe('doctor', () => {
  it('finds nothing wrong with a signed-in session, synced profiles and no agents', async () => {
    const { home, rt, configPath } = setUp(
      `${session('myorg')}\n${generated('myorg-a-R', 'myorg', '111111111111')}`,
    );
    token(home, 'myorg', 3600_000);
    recordSync(rt.env, configPath, 'myorg', new Date(), 1);
    const report = await doctor(rt);
    expect(report).toMatchObject({ errors: 0, warnings: 0 });
    expect(find(report.findings, 'sso-session myorg', /signed in, (59|60) min left\.$/)?.severity).toBe('ok');
    expect(find(report.findings, 'profiles', /^1 profiles, 1 generated/)?.severity).toBe('ok');
    expect(find(report.findings, 'agents', /no agent installed/)?.severity).toBe('ok');
  });

  it('tells apart a refreshable token (fine) from expired and missing ones (sign in), with the same fix everywhere', async () => {
    const { home, rt } = setUp(`${session('renews')}\n${session('lapsed')}\n${session('never')}`);
    token(home, 'renews', -60_000, true);
    token(home, 'lapsed', -60_000);
    const { findings } = await doctor(rt);
    expect(find(findings, 'sso-session renews', /will be refreshed on next use/)).toMatchObject({
      severity: 'ok',
    });
    expect(find(findings, 'sso-session renews', /./)?.fix).toBeUndefined();
    const fix = (name: string) =>
      `aws-org-profiles login --sso-session ${name}   (or, with AWS CLI v2: aws sso login --sso-session ${name})`;
    expect(find(findings, 'sso-session lapsed', /signed out; the token expired/)).toMatchObject({
      severity: 'error',
      fix: fix('lapsed'),
    });
    expect(find(findings, 'sso-session never', /: not signed in \(no cached token\)\.$/)).toMatchObject({
      severity: 'error',
      fix: fix('never'),
    });
  });

  it('says "not signed in" after a logout, not "never signed in"', async () => {
    const { home, rt } = setUp(session('myorg'));
    token(home, 'myorg', 3600_000);
    expect(find((await doctor(rt)).findings, 'sso-session myorg', /signed in, \d+ min left/)).toBeDefined();
    removeSessionToken(rt.env, { name: 'myorg', startUrl: START_URL });
    const after = find((await doctor(rt)).findings, 'sso-session myorg', /./);
    expect(after?.message).toBe(`${START_URL}, eu-west-1: not signed in (no cached token).`);
    expect(after?.message).not.toMatch(/never/);
  });

  it('shows when a token expired in the one human format of text output', async () => {
    const { home, rt } = setUp(`${session('renews')}\n${session('lapsed')}`);
    const expiry = new Date('2026-11-25T17:12:34.567Z');
    for (const [name, refreshable] of [
      ['renews', true],
      ['lapsed', false],
    ] as const) {
      token(home, name, expiry.getTime() - Date.now(), refreshable);
    }
    const late = { ...rt, now: () => new Date('2026-11-26T00:00:00Z') };
    const { findings } = await doctor(late);
    for (const name of ['renews', 'lapsed']) {
      const message = find(findings, `sso-session ${name}`, /expired at/)?.message;
      expect(message).toContain('the token expired at 2026-11-25 17:12 UTC');
      expect(message).not.toMatch(/T\d\d:\d\d|\.\d{3}Z/);
    }
  });

  it('names aws-org-profiles init first for every setup it asks for', async () => {
    const missing = setUp('');
    rmSync(missing.configPath);
    const none = await doctor(missing.rt);
    const setup =
      'aws-org-profiles init --start-url URL --sso-region REGION   (or, with AWS CLI v2: aws configure sso-session)';
    expect(find(none.findings, 'config', /does not exist yet\.$/)?.fix).toBe(setup);
    const empty = await doctor(setUp('[profile dev]\nregion = eu-west-1\n').rt);
    expect(find(empty.findings, 'sso-session', /no \[sso-session\]/)?.fix).toBe(setup);
    const { findings } = await doctor(
      setUp(`[sso-session half]\nsso_region = eu-west-1\n\n${generated('gen', 'gone', '111111111111')}`).rt,
    );
    expect(find(findings, 'sso-session half', /lacks sso_start_url/)?.fix).toMatch(
      /^Add the missing keys to \[sso-session half\] by hand, or remove the section and run: aws-org-profiles init --sso-session half /,
    );
    expect(find(findings, 'sso-session gone', /not in the config/)?.fix).toBe(
      'Add [sso-session gone] with: aws-org-profiles init --sso-session gone --start-url URL --sso-region REGION   (or, with AWS CLI v2: aws configure sso-session); or remove those profiles.',
    );
  });

  it('names every fault planted in the config, and warns about profiles never synced', async () => {
    const config =
      `${session('myorg')}\n${generated('gen-orphan', 'gone', '111111111111')}\n` +
      `${generated('twin-a', 'myorg', '222222222222')}\n${generated('twin-b', 'myorg', '222222222222')}\n` +
      '[profile dup]\nregion = us-east-1\n\n[profile "dup"]\nregion = us-west-2\n\n' +
      '[profile commented]\nregion = eu-west-1 ; my note\n';
    const { home, rt } = setUp(config);
    token(home, 'myorg', 3600_000);
    const report = await doctor(rt);
    const { findings } = report;
    expect(
      find(findings, 'sso-session gone', /1 profile use sso_session gone, which is not in the config/)
        ?.severity,
    ).toBe('error');
    expect(find(findings, 'profile twin-b', /generated twice .* \(also twin-a\)/)?.severity).toBe('warn');
    expect(find(findings, 'profile dup', /several sections \(lines \d+ and \d+\)/)?.severity).toBe('error');
    expect(
      find(
        findings,
        'profile commented',
        /reads region as "eu-west-1 ; my note" but the JS SDK as "eu-west-1"/,
      ),
    ).toBeDefined();
    expect(find(findings, 'sso-session myorg', /2 generated profiles have no recorded sync/)?.fix).toBe(
      'aws-org-profiles sync --sso-session myorg --prune',
    );
    expect(report.errors).toBe(findings.filter((f) => f.severity === 'error').length);
  });

  it('runs an installed hook as the host would, and reports a broken, a missing and an unreadable agent file', async () => {
    const { home, rt } = setUp(session('myorg'));
    token(home, 'myorg', 3600_000);
    const dir = join(home, '.kiro', 'agents');
    mkdirSync(dir, { recursive: true });
    const agent = (name: string, command: string) =>
      JSON.stringify({
        name,
        hooks: { agentSpawn: [{ command, timeout_ms: 10_000, max_output_size: 100 }] },
      });
    writeFileSync(join(dir, 'works.json'), agent('works', '/bin/echo context'));
    writeFileSync(join(dir, 'fails.json'), agent('fails', "/bin/sh -c 'echo broken context >&2; exit 7'"));
    writeFileSync(
      join(dir, 'loud.json'),
      agent('loud', `${process.execPath} -e "console.log('x'.repeat(500))" context`),
    );
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    execFileSync('mkfifo', [join(dir, 'fifo.json')]);
    const entries = Object.fromEntries(
      ['works', 'fails', 'loud', 'bad', 'fifo', 'gone'].map((n) => [
        join(dir, `${n}.json`),
        // Hand-written files without the guard: --permissive ones, so only their hooks are judged here.
        { target: 'kiro' as const, permissive: true },
      ]),
    );
    writeManifest(rt.env, { version: 1, entries });
    const { findings } = await doctor(rt);
    const agents = findings.filter((f) => f.check === 'agent kiro');
    const about = (name: string) =>
      agents.find(
        (f) => f.message.includes(`${name}.json`) || (name === 'loud' && f.message.includes('500')),
      );
    expect(about('works')?.severity).toBe('ok');
    expect(about('works')?.message).toMatch(/works from any folder \(8 bytes in \d+ ms\)/);
    expect(about('fails')?.severity).toBe('error');
    expect(about('fails')?.message).toMatch(/fails \(exit 7\): broken context/);
    expect(agents.find((f) => /prints 501 bytes, above its limit of 100/.test(f.message))?.severity).toBe(
      'warn',
    );
    expect(about('bad')?.severity).toBe('error');
    expect(about('bad')?.message).toMatch(/is not valid JSON/);
    expect(about('fifo')?.severity).toBe('error');
    expect(about('fifo')?.message).toMatch(/cannot be read .*not a regular file/);
    expect(about('gone')).toMatchObject({
      severity: 'error',
      fix: 'aws-org-profiles agent install --target kiro --name gone --permissive',
    });
  });
});

describe('doctor and the agent files', () => {
  // The hooks here run a stand-in program, which doctor rightly calls another installation.
  const kiroFindings = (f: Finding) => f.check === 'agent kiro' && !/another installation/.test(f.message);
  /** A program for the hooks to run: it prints a line, as `context` would. */
  function program(home: string): string {
    const bin = join(home, 'bin.js');
    writeFileSync(bin, 'console.log("| profile |")\n');
    return bin;
  }
  const old = (bin: string) =>
    readFileSync(new URL('../fixtures/agents/kiro-agent-v1-old.json', import.meta.url), 'utf8')
      .replaceAll('<NODE>', process.execPath)
      .replaceAll('<BIN>', bin);

  it('says an agent file of the previous version is outdated, with the install that upgrades it', async () => {
    const { home, rt } = setUp(session('myorg'));
    token(home, 'myorg', 3600_000);
    const path = join(home, '.kiro', 'agents', 'org-awscli-agent.json');
    mkdirSync(dirname(path), { recursive: true });
    const text = old(program(home));
    writeFileSync(path, text);
    writeManifest(rt.env, { version: 1, entries: { [path]: { target: 'kiro', sha256: sha256(text) } } });
    const agents = (await doctor(rt)).findings.filter(kiroFindings);
    expect(agents[0]).toEqual({
      check: 'agent kiro',
      severity: 'warn',
      message:
        `${path} is outdated: it lacks the guard hook for fs_read, execute_bash, use_aws, the denied paths of the credential caches, ` +
        'which keep the token and credential caches from the agent.',
      // It had the MCP server: the fix keeps it.
      fix: 'aws-org-profiles agent install --target kiro --mcp',
    });
    expect(agents[1]?.severity).toBe('ok');
    // Changed by hand since: the fix overwrites it, so it says --force.
    writeFileSync(path, text.replace('"knowledge",', ''));
    const changed = (await doctor(rt)).findings.find(kiroFindings);
    expect(changed?.message).toContain('(and it was changed by hand)');
    expect(changed?.fix).toBe('aws-org-profiles agent install --target kiro --mcp --force');
  });

  it('finds nothing outdated in a --permissive install, and checks the hooks and rules files of Kiro CLI 3', async () => {
    const { home, rt } = setUp(session('myorg'));
    token(home, 'myorg', 3600_000);
    const bin = program(home);
    const hooks = join(home, '.kiro', 'hooks', 'aws-org-profiles.json');
    const agent = join(home, '.kiro', 'agents', 'org-awscli-agent.json');
    const rules = join(home, '.kiro', 'settings', 'permissions.yaml');
    mkdirSync(dirname(hooks), { recursive: true });
    mkdirSync(dirname(agent), { recursive: true });
    const hooksText = JSON.stringify({
      version: 'v1',
      hooks: [
        {
          name: 'aws-org-profiles-context',
          trigger: 'SessionStart',
          action: { type: 'command', command: `${process.execPath} ${bin} context` },
        },
      ],
    });
    writeFileSync(hooks, hooksText);
    const permissive = old(bin);
    writeFileSync(agent, permissive);
    writeManifest(rt.env, {
      version: 1,
      entries: {
        [hooks]: { target: 'kiro', kind: 'kiro-hooks', sha256: sha256(hooksText) },
        [agent]: { target: 'kiro', sha256: sha256(permissive), permissive: true },
        [rules]: { target: 'kiro', kind: 'kiro-permissions', sha256: 'x' },
      },
    });
    const findings = (await doctor(rt)).findings.filter(kiroFindings);
    expect(findings.map((f) => [f.severity, f.message.replace(home, '~')])).toEqual([
      [
        'warn',
        '~/.kiro/hooks/aws-org-profiles.json is outdated: it lacks the guard hook, which keep the token and credential caches from the agent.',
      ],
      [
        'ok',
        expect.stringMatching(/^~\/.kiro\/hooks\/aws-org-profiles.json: the hook works from any folder/),
      ],
      [
        'ok',
        expect.stringMatching(/^~\/.kiro\/agents\/org-awscli-agent.json: the hook works from any folder/),
      ],
      [
        'warn',
        '~/.kiro/settings/permissions.yaml, the permission rules for Kiro CLI 3, was installed but is gone.',
      ],
    ]);
    expect(findings[0]?.fix).toBe('aws-org-profiles agent install --target kiro --kiro-format v3');
  });
});
