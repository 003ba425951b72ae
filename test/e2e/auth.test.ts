/**
 * Sign-in and token lifecycle against the emulator's SSO-OIDC: both login flows, refresh in the
 * middle of a sync, a rejected refresh, logout, credential_process, and doctor.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { generateOrganization, type Organization } from '../../src/emulator/index.js';
import { sessionTokenPaths } from '../../src/sso/token-cache.js';
import { hasAwsCli } from '../support/botocore.js';
import { BIN, runProgram, type CliResult } from '../support/cli.js';
import { sessionSection, START_URL, World } from '../support/world.js';

const worlds: World[] = [];
async function world(org: Organization, options: Parameters<typeof World.create>[1] = {}): Promise<World> {
  const w = await World.create(org, { deviceInterval: 1, ...options });
  worlds.push(w);
  return w;
}
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

const small = generateOrganization({ accounts: 6, rolesPerAccount: 2, seed: 4 });

/** Runs `login`, acting as the user's browser on the URL it prints. */
function loginAsUser(w: World, args: string[], browse: (url: string) => Promise<void>): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'login', '--no-browser', ...args], {
      env: w.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let browsed = false;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      const url = /^ {2}(http\S+)$/m.exec(stderr)?.[1];
      if (url && !browsed) {
        browsed = true;
        void browse(url);
      }
    });
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

interface CachedToken {
  accessToken: string;
  expiresAt: string;
  refreshToken?: string;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: string;
  startUrl: string;
  region: string;
}
const cachedToken = (w: World) =>
  JSON.parse(
    readFileSync(sessionTokenPaths({ HOME: w.home }, { name: 'myorg', startUrl: START_URL })[0], 'utf8'),
  ) as CachedToken;

describe('login', () => {
  it('signs in with the device code, writes the AWS CLI token cache (0600), and sync then works', async () => {
    const w = await world(small);
    const result = await loginAsUser(w, ['--use-device-code'], async (url) => {
      expect(url).toMatch(/\/device\?user_code=/);
      await fetch(url);
    });
    expect(result.stderr).toMatch(/check that it shows the code [A-Z0-9]{4}-[A-Z0-9]{4}/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Signed in to sso-session myorg until /);
    const token = cachedToken(w);
    expect(token).toMatchObject({ startUrl: START_URL, region: 'eu-central-1' });
    for (const key of ['accessToken', 'refreshToken', 'clientId', 'clientSecret', 'registrationExpiresAt']) {
      expect(token).toHaveProperty(key);
    }
    expect(token.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(
      statSync(sessionTokenPaths({ HOME: w.home }, { name: 'myorg', startUrl: START_URL })[0]).mode & 0o777,
    ).toBe(0o600);
    expect(result.stdout + result.stderr).not.toContain(token.accessToken);
    expect((await w.cli('sync', '--all-roles')).code).toBe(0);
  });

  it('signs in with the authorization code and PKCE, through the loopback redirect', async () => {
    const w = await world(small);
    const result = await loginAsUser(w, [], async (url) => {
      expect(url).toContain('/authorize?response_type=code');
      expect(url).toContain('code_challenge_method=S256');
      const consent = await fetch(url, { redirect: 'manual' });
      expect(consent.status).toBe(302);
      const callback = await fetch(consent.headers.get('location')!);
      expect(await callback.text()).toContain('signed in');
    });
    expect(result.code).toBe(0);
    expect(cachedToken(w).refreshToken).toBeTruthy();
    expect((await w.cli('sync', '--all-roles')).code).toBe(0);
  });
});

describe('refresh', () => {
  it('refreshes a token that expires in the middle of a sync, unnoticed', async () => {
    const org = generateOrganization({ accounts: 40, rolesPerAccount: 1, seed: 5 });
    const w = await world(org, { accessTokenTtlSeconds: 2, rateLimit: { rate: 10, burst: 5 } });
    expect((await loginAsUser(w, ['--use-device-code'], async (url) => void (await fetch(url)))).code).toBe(
      0,
    );
    const before = cachedToken(w).accessToken;
    const result = await w.cli('sync', '--all-roles', '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { summary: { create: number } }).summary.create).toBe(40);
    expect(w.emulator.stats().byOperation.CreateToken).toBeGreaterThanOrEqual(2);
    expect(cachedToken(w).accessToken).not.toBe(before);
  });

  it('asks to sign in again when the refresh token is rejected, and writes nothing', async () => {
    const w = await world(small, { accessTokenTtlSeconds: 1 });
    expect((await loginAsUser(w, ['--use-device-code'], async (url) => void (await fetch(url)))).code).toBe(
      0,
    );
    w.emulator.revokeRefreshTokens();
    await new Promise((r) => setTimeout(r, 1500));
    const before = readFileSync(w.configPath, 'utf8');
    const result = await w.cli('sync', '--all-roles');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('could not be refreshed');
    expect(result.stderr).toContain('aws-org-profiles login --sso-session myorg');
    expect(readFileSync(w.configPath, 'utf8')).toBe(before);
  });
});

describe('logout', () => {
  it("calls the portal's Logout and removes the cached token", async () => {
    const w = await world(small);
    const token = w.signIn();
    expect((await w.cli('sync', '--all-roles')).code).toBe(0);
    const { profiles } = JSON.parse((await w.cli('list', '--generated', '--json')).stdout) as {
      profiles: { profile: string }[];
    };
    expect((await w.cli('credentials', '--profile', profiles[0]!.profile)).code).toBe(0);
    const result = await w.cli('logout');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('signed out of the portal');
    const check = await fetch(`${w.emulator.url}/assignment/accounts`, {
      headers: { 'x-amz-sso_bearer_token': token },
    });
    expect(check.status).toBe(401);
    expect((await w.cli('sync')).code).toBe(3);
    // The role credentials cached from that sign-in go with it.
    expect((await w.cli('credentials', '--profile', profiles[0]!.profile)).code).toBe(3);
  });
});

describe('credentials (credential_process)', () => {
  it('prints credentials in the credential_process format and caches them in a 0600 file', async () => {
    const w = await world(small);
    w.signIn();
    expect((await w.cli('sync', '--all-roles')).code).toBe(0);
    const { profiles } = JSON.parse((await w.cli('list', '--generated', '--json')).stdout) as {
      profiles: { profile: string }[];
    };
    const name = profiles[0]!.profile;
    const first = await w.cli('credentials', '--profile', name);
    expect(first.code).toBe(0);
    const creds = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(Object.keys(creds).sort()).toEqual([
      'AccessKeyId',
      'Expiration',
      'SecretAccessKey',
      'SessionToken',
      'Version',
    ]);
    expect(creds.Version).toBe(1);
    const calls = w.emulator.stats().byOperation.GetRoleCredentials;
    const second = await w.cli('credentials', '--profile', name);
    expect(JSON.parse(second.stdout)).toEqual(creds);
    expect(w.emulator.stats().byOperation.GetRoleCredentials).toBe(calls);
  });

  it.skipIf(!hasAwsCli)(
    'is read by the real AWS CLI through a profile written with --credential-process',
    async () => {
      const w = await world(small);
      w.signIn();
      expect((await w.cli('sync', '--all-roles', '--credential-process')).code).toBe(0);
      const text = readFileSync(w.configPath, 'utf8');
      const line = /^credential_process = (.+ credentials --profile (\S+))$/m.exec(text);
      expect(line).not.toBeNull();
      // botocore prefers sso_session when both are there; a profile with only credential_process proves the process works.
      appendFileSync(
        w.configPath,
        `\n[profile via-process]\nregion = eu-central-1\ncredential_process = ${line![1]}\n`,
      );
      const env = { ...w.env, NODE_OPTIONS: undefined };
      const who = await runProgram(
        'aws',
        ['sts', 'get-caller-identity', '--profile', 'via-process', '--output', 'json'],
        env,
      );
      expect(who.stderr).toBe('');
      const account = /^sso_account_id = (\d+)$/m.exec(text.slice(text.indexOf(`[profile ${line![2]}]`)))![1];
      expect(JSON.parse(who.stdout)).toMatchObject({ Account: account });
    },
  );
});

describe.skipIf(!hasAwsCli)('the AWS CLI and our token cache', () => {
  it('reads the token we wrote, and refreshes it itself through SSO-OIDC', async () => {
    const w = await world(small, { accessTokenTtlSeconds: 3 });
    expect((await loginAsUser(w, ['--use-device-code'], async (url) => void (await fetch(url)))).code).toBe(
      0,
    );
    expect((await w.cli('sync', '--all-roles')).code).toBe(0);
    const { profiles } = JSON.parse((await w.cli('list', '--generated', '--json')).stdout) as {
      profiles: { profile: string; accountId: string }[];
    };
    const env = { ...w.env, NODE_OPTIONS: undefined };
    const first = await runProgram(
      'aws',
      ['sts', 'get-caller-identity', '--profile', profiles[0]!.profile, '--output', 'json'],
      env,
    );
    expect(JSON.parse(first.stdout)).toMatchObject({ Account: profiles[0]!.accountId });
    await new Promise((r) => setTimeout(r, 3500));
    const before = cachedToken(w).accessToken;
    const again = await runProgram(
      'aws',
      ['sts', 'get-caller-identity', '--profile', profiles[1]!.profile, '--output', 'json'],
      env,
    );
    expect(again.stderr).toBe('');
    expect(JSON.parse(again.stdout)).toMatchObject({ Account: profiles[1]!.accountId });
    expect(cachedToken(w).accessToken).not.toBe(before);
  });
});

describe('doctor', () => {
  it('passes on a healthy setup', async () => {
    const w = await world(small);
    w.signIn();
    expect((await w.cli('sync', '--all-roles')).code).toBe(0);
    const result = await w.cli('doctor', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { ok: boolean; errors: number };
    expect(report).toMatchObject({ ok: true, errors: 0 });
  });

  it('names every fault planted in a broken setup, with its fix, and exits 1', async () => {
    const w = await world(small);
    w.signIn('myorg', new Date(Date.now() - 60_000));
    const broken =
      sessionSection() +
      '\n[profile gen-orphan]\nsso_session = gone\nsso_account_id = 111111111111\nsso_role_name = Admin\ngenerated_by = aws-org-profiles\n' +
      '\n[profile twin]\nregion = us-east-1\n\n[profile "twin"]\nregion = us-west-2\n' +
      '\n[profile commented]\nregion = eu-west-1 ; my note\n';
    writeFileSync(w.configPath, broken);
    expect((await w.cli('agent', 'install', '--target', 'kiro')).code).toBe(0);
    writeFileSync(`${w.home}/.kiro/agents/org-awscli-agent.json`, '{ not json');
    const result = await w.cli('doctor', '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      findings: { check: string; severity: string; message: string; fix?: string }[];
    };
    const find = (check: string, text: RegExp) =>
      report.findings.find((f) => f.check === check && text.test(f.message) && f.severity !== 'ok');
    expect(find('sso-session myorg', /signed out/)?.fix).toBe(
      'aws-org-profiles login --sso-session myorg   (or, with AWS CLI v2: aws sso login --sso-session myorg)',
    );
    expect(find('sso-session gone', /not in the config/)).toBeDefined();
    expect(find('profile twin', /several sections/)).toBeDefined();
    expect(
      find('profile commented', /reads region as "eu-west-1 ; my note" but the JS SDK as "eu-west-1"/),
    ).toBeDefined();
    expect(find('sso-session gone', /no recorded sync/)).toBeDefined();
    expect(find('agent kiro', /not valid JSON/)?.fix).toContain('agent install --target kiro --force');
    const text = await w.cli('doctor');
    expect(text.stdout).toMatch(/\d+ errors?, \d+ warnings?\./);
  });
});

describe('a server that stops answering, or answers wrongly', () => {
  const impatient = (w: World) => ({
    ...w.env,
    AWS_ORG_PROFILES_REQUEST_TIMEOUT: '0.5',
    AWS_ORG_PROFILES_TIMEOUT: '1.5',
  });
  async function timed(args: string[], env: Record<string, string | undefined>) {
    const { runCli } = await import('../support/cli.js');
    const t0 = performance.now();
    // Killed long before the default: a command that hangs fails here instead of holding the suite.
    const result = await runCli(args, { env, timeoutMs: 15_000 });
    return { ...result, ms: performance.now() - t0 };
  }

  it('credentials ends within the deadline when the portal stalls, and prints nothing on stdout', async () => {
    const w = await world(small);
    w.signIn();
    expect((await w.cli('sync', '--all-roles')).code).toBe(0);
    const name = /^\[profile (\S+)\]$/m.exec(w.config())![1]!;
    w.emulator.setOptions({ faults: [{ mode: 'stall', operations: ['GetRoleCredentials'] }] });
    const result = await timed(['credentials', '--profile', name], impatient(w));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `no credentials for profile ${name}: the portal did not answer within 1.5 s`,
    );
    expect(result.stdout).toBe('');
    expect(result.ms).toBeLessThan(8_000);
    // Retried before giving up: a timed-out call is transient.
    expect(w.emulator.requests().filter((r) => r.operation === 'GetRoleCredentials').length).toBeGreaterThan(
      1,
    );
  });

  it('credentials refuses credentials with fields missing', async () => {
    const w = await world(small);
    w.signIn();
    expect((await w.cli('sync', '--all-roles')).code).toBe(0);
    const name = /^\[profile (\S+)\]$/m.exec(w.config())![1]!;
    w.emulator.setOptions({ faults: [{ mode: 'missing-fields', operations: ['GetRoleCredentials'] }] });
    const result = await timed(['credentials', '--profile', name], impatient(w));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'GetRoleCredentials returned a malformed answer: roleCredentials.sessionToken is missing',
    );
    expect(result.stdout).toBe('');
  });

  it('login stops polling when the device code expires, even if the server only ever says slow down', async () => {
    const w = await world(small, {
      deviceCodeTtlSeconds: 2,
      faults: [{ mode: 'slow-down', operations: ['CreateToken'] }],
    });
    const result = await timed(['login', '--use-device-code', '--no-browser'], w.env);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('the device code expired before the sign-in was approved');
    expect(result.ms).toBeLessThan(8_000);
    expect(() => cachedToken(w)).toThrow();
  });

  it('login refuses a token whose lifetime is not a number, and saves nothing', async () => {
    const w = await world(small, { faults: [{ mode: 'wrong-types', operations: ['CreateToken'] }] });
    const result = await loginAsUser(w, ['--use-device-code'], async (url) => void (await fetch(url)));
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'sign-in failed: CreateToken returned a malformed answer: expiresIn is a string, not a number of seconds',
    );
    expect(() => cachedToken(w)).toThrow();
  });

  it('login ends within its request timeout when SSO-OIDC stalls', async () => {
    const w = await world(small, { faults: [{ mode: 'stall', operations: ['RegisterClient'] }] });
    const result = await timed(['login', '--use-device-code', '--no-browser'], impatient(w));
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('sign-in failed: RegisterClient: no complete answer within 0.5 s');
    expect(result.ms).toBeLessThan(8_000);
  });
});

describe('sign-in errors', () => {
  it("shows SSO-OIDC's error_description, with its escape sequences made visible", async () => {
    const w = await World.create(small, {
      faults: [{ mode: 'hostile-error', operations: ['RegisterClient'] }],
    });
    worlds.push(w);
    const result = await w.cli('login', '--use-device-code', '--no-browser');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'sign-in failed: AccessDeniedException (HTTP 400): Access denied\\x1b[2J\\x1b]0;owned\\x07 \\u202etxt.exe',
    );
    expect(result.stderr).not.toMatch(/[\x1b\x07\x9b\u202e]/);
  });
});
