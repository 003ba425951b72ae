/**
 * The files the built CLI leaves on disk when the disk is not kind: a hostile umask, leftovers of
 * killed runs, a backup name that is a symlink or a folder, a config folder it may not write.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  lchownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, type CliResult } from '../support/cli.js';
import { account, World } from '../support/world.js';

const worlds: World[] = [];
async function world(accounts = [account('111111111111', 'Workload', ['Admin'])]): Promise<World> {
  const w = await World.create({ accounts });
  worlds.push(w);
  w.signIn();
  return w;
}
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

const isRoot = process.getuid?.() === 0;
// Root passes every permission check, so as root the CLI runs as `nobody`, for whom they hold.
const NOBODY = { uid: 65534, gid: 65534 };
const protectedHardlinks = (() => {
  try {
    return readFileSync('/proc/sys/fs/protected_hardlinks', 'utf8').trim() === '1';
  } catch {
    return false;
  }
})();

interface RunOptions {
  readonly env: Record<string, string | undefined>;
  readonly umask?: string;
  readonly user?: { uid: number; gid: number };
}

/** The built CLI as a child process, under a given umask and user. */
function run(args: readonly string[], options: RunOptions): Promise<CliResult> {
  const [command, argv] =
    options.umask === undefined
      ? [process.execPath, [BIN, ...args]]
      : ['/bin/sh', ['-c', `umask ${options.umask}; exec "$0" "$@"`, process.execPath, BIN, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.user ?? {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

function chownTree(path: string, user: { uid: number; gid: number }): void {
  lchownSync(path, user.uid, user.gid);
  if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) chownTree(join(path, name), user);
}

/** Every folder under `root` (itself included) whose mode lets group or others write. */
function writableFolders(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    if ((lstatSync(dir).mode & 0o022) !== 0)
      found.push(`${dir} ${(lstatSync(dir).mode & 0o777).toString(8)}`);
    for (const entry of readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory()) walk(join(dir, entry.name));
  };
  walk(root);
  return found;
}

describe('files on disk', () => {
  it('creates no folder that others can write, even under umask 000', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aop-umask-'));
    const install = await run(['agent', 'install', '--target', 'all'], {
      env: cleanEnv({ HOME: home }),
      umask: '000',
    });
    expect(install.stderr).toBe('');
    expect(install.code).toBe(0);
    expect(existsSync(join(home, '.kiro', 'agents', 'org-awscli-agent.json'))).toBe(true);
    expect(existsSync(join(home, '.local', 'state', 'aws-org-profiles', 'installed.json'))).toBe(true);
    expect(writableFolders(home)).toEqual([]);

    const w = await world();
    const sync = await run(['sync', '--role', 'Admin'], { env: w.env, umask: '000' });
    expect(sync.code).toBe(0);
    expect(existsSync(join(w.home, '.local', 'state', 'aws-org-profiles'))).toBe(true);
    expect(writableFolders(w.home)).toEqual([]);
  });

  it('clears what killed runs left beside the config, and only that', async () => {
    const w = await world();
    const aws = join(w.home, '.aws');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const live = process.pid;
    const leftovers = [
      `config.${dead}.m4k2x9q1.0.tmp`,
      `config.aws-org-profiles.bak.${dead}.link.tmp`,
      `config.aws-org-profiles.bak.${dead}.m4k2x9q1.1.tmp`,
      `config.lock.${dead}.m4k2x9q1.2.tmp`,
      `config.lock.${dead}.0badc0de.stale`,
    ];
    const kept = [
      `config.${live}.m4k2x9q1.3.tmp`,
      // Not a name this tool gives.
      `config.${dead}.tmp`,
      `credentials.${dead}.m4k2x9q1.4.tmp`,
    ];
    const old = new Date(Date.now() - 10 * 60_000);
    for (const name of [...leftovers, ...kept]) {
      writeFileSync(join(aws, name), 'partial');
      utimesSync(join(aws, name), old, old);
    }
    // Too recent to judge: on a shared home it may be a live run on another machine.
    const fresh = `config.${dead}.m4k2x9q1.5.tmp`;
    writeFileSync(join(aws, fresh), 'partial');

    const result = await w.cli('sync', '--role', 'Admin');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(w.config()).toContain('[profile myorg-workload-Admin]');
    const left = readdirSync(aws);
    for (const name of leftovers) expect(left).not.toContain(name);
    for (const name of [...kept, fresh]) expect(left).toContain(name);
    expect(left).not.toContain('config.lock');
  });

  it('fails with a clear message and writes nothing when the backup name is a folder', async () => {
    const w = await world();
    mkdirSync(`${w.configPath}.aws-org-profiles.bak`);
    const before = readFileSync(w.configPath);
    const result = await w.cli('sync', '--role', 'Admin');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: cannot write the backup ${w.configPath}.aws-org-profiles.bak: ${w.configPath}.aws-org-profiles.bak is a folder.\nNothing was written.\n`,
    );
    expect(readFileSync(w.configPath).equals(before)).toBe(true);
    expect(readdirSync(join(w.home, '.aws')).sort()).toEqual([
      'config',
      'config.aws-org-profiles.bak',
      'sso',
    ]);
  });

  it('leaves a config file made read-only alone, and says so', async () => {
    const w = await world();
    chmodSync(w.configPath, 0o444);
    const before = readFileSync(w.configPath);
    const result = await w.cli('sync', '--role', 'Admin');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: cannot write ${w.configPath}: the file is read-only (mode 0444).\n` +
        `Make it writable (chmod u+w ${w.configPath}) to let aws-org-profiles change it. Nothing was written.\n`,
    );
    expect(readFileSync(w.configPath).equals(before)).toBe(true);
    expect(lstatSync(w.configPath).mode & 0o777).toBe(0o444);
    expect(readdirSync(join(w.home, '.aws')).sort()).toEqual(['config', 'sso']);
  });

  it('says which folder it cannot write when ~/.aws is read-only, and writes nothing', async () => {
    const w = await world();
    const user = isRoot ? NOBODY : undefined;
    if (user) chownTree(w.home, user);
    const aws = join(w.home, '.aws');
    chmodSync(aws, 0o555);
    const before = readFileSync(w.configPath);
    const result = await run(['sync', '--role', 'Admin'], { env: w.env, ...(user ? { user } : {}) });
    chmodSync(aws, 0o700);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: cannot create the lock file ${w.configPath}.lock: permission denied (the folder ${aws} is not writable).\n` +
        `It keeps two runs from writing ${w.configPath} at once. Nothing was written.\n`,
    );
    expect(readFileSync(w.configPath).equals(before)).toBe(true);
    expect(readdirSync(aws).sort()).toEqual(['config', 'sso']);
  });

  // Where hard links to another user's file are refused (fs.protected_hardlinks), the backup cannot
  // be a link and is written out; that needs a config owned by another user, so root to set it up.
  it.skipIf(!isRoot || !protectedHardlinks)(
    'never writes the backup through a symlink planted under its name',
    async () => {
      const w = await world();
      chownTree(w.home, NOBODY);
      // The config stays root's and readable: nobody may replace it (the folder is theirs) but not link it.
      chownSync(w.configPath, 0, 0);
      chmodSync(w.configPath, 0o644);
      const victim = join(w.home, '.ssh', 'authorized_keys');
      mkdirSync(join(w.home, '.ssh'), { mode: 0o700 });
      writeFileSync(victim, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey user@host\n', { mode: 0o600 });
      chownTree(join(w.home, '.ssh'), NOBODY);
      const backup = `${w.configPath}.aws-org-profiles.bak`;
      symlinkSync(victim, backup);
      lchownSync(backup, NOBODY.uid, NOBODY.gid);
      const victimBefore = readFileSync(victim);
      const configBefore = readFileSync(w.configPath);

      const result = await run(['sync', '--role', 'Admin'], { env: w.env, user: NOBODY });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(readFileSync(victim).equals(victimBefore)).toBe(true);
      expect(lstatSync(backup).isSymbolicLink()).toBe(false);
      expect(readFileSync(backup).equals(configBefore)).toBe(true);
      expect(lstatSync(backup).mode & 0o777).toBe(0o644);
      expect(w.config()).toContain('[profile myorg-workload-Admin]');
    },
  );
});

describe('names as the config stores them', () => {
  it('writes an account name with a lone surrogate once, and leaves the file alone on the next run', async () => {
    // JSON carries "\ud800" as it is; UTF-8 cannot, and the file holds U+FFFD instead.
    const w = await world([account('111111111111', '\uD800Lab', ['Admin'])]);
    const first = await w.cli('sync', '--role', 'Admin', '--json');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(w.config()).toContain('[profile myorg-lab-Admin]\nsso_session = myorg\n');
    expect(w.config()).toContain('sso_account_name = \uFFFDLab\n');
    const written = readFileSync(w.configPath);

    const second = await w.cli('sync', '--role', 'Admin', '--json');
    expect(second.code).toBe(0);
    const summary = (JSON.parse(second.stdout) as { written: boolean; summary: Record<string, number> })
      .summary;
    expect(summary).toMatchObject({ create: 0, update: 0, unchanged: 1 });
    expect(readFileSync(w.configPath).equals(written)).toBe(true);
  });
});
