/**
 * Starting from nothing, without the AWS CLI: `init` writes the [sso-session] and signs in; setup
 * and sign-in messages name this tool's commands; a token cache that cannot be written stops
 * `login` before the user signs in; a run that waits for another's lock says so at once.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lchownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateOrganization } from '../../src/emulator/index.js';
import { sessionTokenPaths } from '../../src/sso/token-cache.js';
import { BIN, type CliResult } from '../support/cli.js';
import { SSO_REGION, START_URL, World } from '../support/world.js';

const worlds: World[] = [];
async function world(options: Parameters<typeof World.create>[1] = {}): Promise<World> {
  const w = await World.create(generateOrganization({ accounts: 3, rolesPerAccount: 1, seed: 8 }), {
    deviceInterval: 1,
    ...options,
  });
  worlds.push(w);
  return w;
}
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

const isRoot = process.getuid?.() === 0;
// Root passes every permission check, so as root the CLI runs as `nobody`, for whom they hold.
const NOBODY = { uid: 65534, gid: 65534 };

function chownTree(path: string, user: { uid: number; gid: number }): void {
  lchownSync(path, user.uid, user.gid);
  if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) chownTree(join(path, name), user);
}

interface Run {
  /** Called with stderr so far, each time more arrives. */
  readonly onStderr?: (stderr: string) => void;
  /** Keep stdin open (a pipe nobody writes to) instead of closing it. */
  readonly openStdin?: boolean;
  readonly user?: { uid: number; gid: number };
}

/** The built CLI as a child process; killed after 20 s, so a wait for input fails the test. */
function run(w: World, args: readonly string[], options: Run = {}): Promise<CliResult & { ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: w.env,
      stdio: [options.openStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      ...(options.user ?? {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString();
      options.onStderr?.(stderr);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin?.destroy();
      resolve({ code: code ?? 128, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** Acts as the user's browser on the first sign-in page the CLI shows. */
function browseOnce(): (stderr: string) => void {
  let done = false;
  return (stderr) => {
    const url = /^ {2}(http\S+)$/m.exec(stderr)?.[1];
    if (url && !done) {
      done = true;
      void fetch(url);
    }
  };
}

const SIGN_IN = ['--use-device-code', '--no-browser'];
const section = (name: string) =>
  `[sso-session ${name}]\nsso_start_url = ${START_URL}\nsso_region = ${SSO_REGION}\nsso_registration_scopes = sso:account:access\n`;
const tokenPath = (w: World, name: string) =>
  sessionTokenPaths({ HOME: w.home }, { name, startUrl: START_URL })[0];

describe('init', () => {
  it('writes the [sso-session] as the AWS CLI would into a new config, signs in, and sync then works', async () => {
    const w = await world();
    rmSync(join(w.home, '.aws'), { recursive: true });
    const result = await run(w, ['init', '--start-url', START_URL, '--sso-region', SSO_REGION, ...SIGN_IN], {
      onStderr: browseOnce(),
    });
    expect(result.stderr).toMatch(/check that it shows the code [A-Z0-9]{4}-[A-Z0-9]{4}/);
    expect(result.code).toBe(0);
    // The start URL's subdomain names the session.
    expect(w.config()).toBe(section('d-0000000000'));
    expect(result.stdout).toMatch(
      /^Added \[sso-session d-0000000000\] to ~\/\.aws\/config\.\nSigned in to sso-session d-0000000000 until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(token cached in ~\/\.aws\/sso\/cache\/[0-9a-f]{40}\.json\)\.\nNext: aws-org-profiles sync --sso-session d-0000000000 --dry-run\n$/,
    );
    expect(lstatSync(w.configPath).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(tokenPath(w, 'd-0000000000'), 'utf8'))).toMatchObject({
      startUrl: START_URL,
      region: SSO_REGION,
    });
    expect((await run(w, ['sync', '--all-roles'])).code).toBe(0);
  });

  it('adds the section to an existing config, byte for byte around it, under the name given', async () => {
    const w = await world();
    const before = '# mine\r\n[profile dev]\r\nregion = eu-west-1 ; note\r\n';
    writeFileSync(w.configPath, before);
    const result = await run(
      w,
      [
        'init',
        '--start-url',
        START_URL,
        '--sso-region',
        SSO_REGION,
        '--sso-session',
        'acme',
        '--json',
        ...SIGN_IN,
      ],
      { onStderr: browseOnce() },
    );
    expect(result.code).toBe(0);
    expect(w.config()).toBe(`${before}\r\n${section('acme').replace(/\n/g, '\r\n')}`);
    expect(JSON.parse(result.stdout)).toMatchObject({
      version: 1,
      ssoSession: 'acme',
      configFile: w.configPath,
      section: 'created',
      tokenCache: tokenPath(w, 'acme'),
    });
  });

  it('only signs in to a session that is there with the same start URL, and refuses another start URL', async () => {
    const w = await world();
    const before = w.config();
    const again = await run(
      w,
      ['init', '--start-url', START_URL, '--sso-region', SSO_REGION, '--sso-session', 'myorg', ...SIGN_IN],
      { onStderr: browseOnce() },
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /^\[sso-session myorg\] is already in ~\/\.aws\/config, with this start URL\.\n/,
    );
    expect(w.config()).toBe(before);
    expect(existsSync(tokenPath(w, 'myorg'))).toBe(true);

    const other = await run(w, [
      'init',
      '--start-url',
      'https://other.awsapps.com/start',
      '--sso-region',
      SSO_REGION,
      '--sso-session',
      'myorg',
      ...SIGN_IN,
    ]);
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(
      `error: [sso-session myorg] in ${w.configPath} points to ${START_URL}, not https://other.awsapps.com/start.\n` +
        'Choose another name with --sso-session.\n',
    );
    expect(w.config()).toBe(before);
  });

  it('never waits for input off a terminal: a missing option is a usage error naming it', async () => {
    const w = await world();
    rmSync(w.configPath);
    // stdin stays open and silent: a command that read it would hang until killed.
    const none = await run(w, ['init', ...SIGN_IN], { openStdin: true });
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      'error: init needs --start-url and --sso-region (nothing is asked when the input is not a terminal).\n' +
        'For example: aws-org-profiles init --start-url https://acme.awsapps.com/start --sso-region eu-central-1\n',
    );
    expect(none.ms).toBeLessThan(10_000);
    const region = await run(w, ['init', '--start-url', START_URL], { openStdin: true });
    expect(region.code).toBe(2);
    expect(region.stderr).toMatch(/^error: init needs --sso-region \(/);
    const bad = await run(w, [
      'init',
      '--start-url',
      'http://acme.awsapps.com/start',
      '--sso-region',
      SSO_REGION,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'error: --start-url "http://acme.awsapps.com/start": the start URL must begin with https://.\n',
    );
    expect(existsSync(w.configPath)).toBe(false);
    expect(w.emulator.stats().totalRequests).toBe(0);
  });

  const hasScript =
    process.platform === 'linux' && spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

  it.skipIf(!hasScript)('asks for what is missing on a terminal (a pseudo-terminal)', async () => {
    const w = await world();
    rmSync(w.configPath);
    const command = [process.execPath, BIN, 'init', '--sso-session', 'tty', ...SIGN_IN]
      .map((word) => `'${word}'`)
      .join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: w.env, stdio: 'pipe' });
    let screen = '';
    const answered = new Set<string>();
    const answer = (prompt: string, text: string) => {
      if (screen.includes(prompt) && !answered.has(prompt)) {
        answered.add(prompt);
        child.stdin.write(`${text}\n`);
      }
    };
    const browse = browseOnce();
    child.stdout.on('data', (c: Buffer) => {
      screen += c.toString().replace(/\r/g, '');
      answer('AWS access portal URL', START_URL);
      answer('IAM Identity Center region', SSO_REGION);
      browse(screen);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    expect(code).toBe(0);
    expect(screen).toContain('AWS access portal URL (e.g. https://acme.awsapps.com/start): ');
    expect(screen).toContain('Signed in to sso-session tty until ');
    expect(w.config()).toBe(section('tty'));
  });
});

describe('setup and sign-in messages', () => {
  it('says the config file does not exist yet, and names init first', async () => {
    const w = await world();
    rmSync(w.configPath);
    const result = await run(w, ['login', ...SIGN_IN]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: the config file ${w.configPath} does not exist yet.\n` +
        'Set up an sso-session with: aws-org-profiles init --start-url URL --sso-region REGION   (or, with AWS CLI v2: aws configure sso-session)\n',
    );
  });

  it('says a config file has no [sso-session], and names init first', async () => {
    const w = await world({ config: '[profile dev]\nregion = eu-west-1\n' });
    const result = await run(w, ['sync']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: ${w.configPath} has no [sso-session] section.\n` +
        'Set up an sso-session with: aws-org-profiles init --start-url URL --sso-region REGION   (or, with AWS CLI v2: aws configure sso-session)\n',
    );
    const named = await run(w, ['login', '--sso-session', 'acme']);
    expect(named.stderr).toContain(
      'Add it with: aws-org-profiles init --sso-session acme --start-url URL --sso-region REGION   (or, with AWS CLI v2: aws configure sso-session)\n',
    );
  });

  it('shows expiry times in one format: login, doctor, context and errors', async () => {
    const w = await world();
    const login = await run(w, ['login', ...SIGN_IN], { onStderr: browseOnce() });
    expect(login.stdout).toMatch(/^Signed in to sso-session myorg until \d{4}-\d\d-\d\d \d\d:\d\d UTC /);
    const expired = new Date(Date.now() - 86_400_000 - 1234);
    w.signIn('myorg', expired);
    const iso = expired.toISOString();
    const shown = [
      (await run(w, ['doctor'])).stdout,
      (await run(w, ['context'])).stdout,
      (await run(w, ['sync'])).stderr,
    ];
    for (const text of shown) {
      expect(text).toContain(`expired at ${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`);
      expect(text).not.toContain(iso.slice(0, 11));
    }
  });
});

describe('an unwritable token cache', () => {
  it('stops login before the user signs in, naming the folder, with exit code 1', async () => {
    const w = await world();
    const cache = join(w.home, '.aws', 'sso', 'cache');
    mkdirSync(cache, { recursive: true, mode: 0o700 });
    const user = isRoot ? NOBODY : undefined;
    if (user) chownTree(w.home, user);
    chmodSync(cache, 0o500);
    const result = await run(w, ['login', ...SIGN_IN], user ? { user } : {});
    chmodSync(cache, 0o700);
    expect(result.stderr).toBe(
      `error: cannot write the SSO token cache in ${cache}: permission denied (the folder ${cache} is not writable).\n` +
        'The sign-in keeps its token there, as the AWS CLI does. Make the folder writable, then run aws-org-profiles login --sso-session myorg.\n',
    );
    expect(result.code).toBe(1);
    // Nothing was asked of the user, nor of the server.
    expect(w.emulator.stats().totalRequests).toBe(0);
  });

  it('stops init before the config changes', async () => {
    const w = await world();
    rmSync(w.configPath);
    const cache = join(w.home, '.aws', 'sso', 'cache');
    mkdirSync(cache, { recursive: true, mode: 0o700 });
    const user = isRoot ? NOBODY : undefined;
    if (user) chownTree(w.home, user);
    chmodSync(cache, 0o500);
    const result = await run(
      w,
      ['init', '--start-url', START_URL, '--sso-region', SSO_REGION, ...SIGN_IN],
      user ? { user } : {},
    );
    chmodSync(cache, 0o700);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: cannot write the SSO token cache in ${cache}: permission denied (the folder ${cache} is not writable).\n` +
        'The sign-in keeps its token there, as the AWS CLI does. Make the folder writable, then run this init again.\n',
    );
    expect(w.emulator.stats().totalRequests).toBe(0);
    expect(existsSync(w.configPath)).toBe(false);
  });
});

describe('the config lock', () => {
  it('says at once who holds it while sync waits, and goes on when it is released', async () => {
    const w = await world();
    w.signIn();
    const lock = `${w.configPath}.lock`;
    // Another live run on this machine: this test's own process.
    writeFileSync(
      lock,
      JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString(), id: 'x' }),
    );
    let warnedAt: number | undefined;
    const started = performance.now();
    const result = await run(w, ['sync', '--all-roles'], {
      onStderr: (stderr) => {
        if (warnedAt === undefined && stderr.includes('waiting up to 30 s')) {
          warnedAt = performance.now() - started;
          rmSync(lock);
        }
      },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(
        `^warning: another aws-org-profiles run holds ${lock.replace(/[.]/g, '\\.')} \\(pid ${process.pid} on host ${hostname().replace(/[.]/g, '\\.')}, held for \\d+ s\\); waiting up to 30 s for it to finish\\.\n$`,
      ),
    );
    expect(warnedAt).toBeLessThan(10_000);
    expect(w.config()).toContain('generated_by = aws-org-profiles');
  });
});
