/** The package as another project imports it: by name, through `exports`, running the README's example. */
import {
  copyFileSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runProgram } from '../support/cli.js';
import { account, World } from '../support/world.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A project with this package installed under node_modules, as npm links a local dependency. */
function consumer(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'aop-consumer-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'aws-org-profiles'), 'dir');
  writeFileSync(join(dir, 'main.mjs'), script);
  return dir;
}

function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const library = readme.slice(readme.indexOf('\n## Library\n'));
  const block = /```js\n([\s\S]*?)```/.exec(library);
  if (!block?.[1]) throw new Error('README.md has no js example under "## Library"');
  return block[1];
}

describe('the package', () => {
  it("runs the README's library example through the package's exports", async () => {
    const dir = consumer(readmeExample());
    const result = await runProgram(process.execPath, [join(dir, 'main.mjs')], cleanEnv({}));
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        '# my profiles',
        '[profile dev]',
        'region = eu-west-1',
        '',
        '[profile ops]',
        'region = us-east-1',
        'none dev eu-west-1',
        'none ops us-east-1',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(0);
  });

  it('serves the emulator from aws-org-profiles/emulator', async () => {
    const dir = consumer(
      [
        "import { BEARER_HEADER, demoOrganization, IdentityCenterEmulator } from 'aws-org-profiles/emulator';",
        'const emulator = await IdentityCenterEmulator.start({ org: demoOrganization() });',
        "const res = await fetch(`${emulator.url}/assignment/accounts?max_result=1`, { headers: { [BEARER_HEADER]: 'not-a-token' } });",
        'console.log(emulator.url.startsWith("http://127.0.0.1:"), res.status);',
        'await emulator.stop();',
      ].join('\n'),
    );
    const result = await runProgram(process.execPath, [join(dir, 'main.mjs')], cleanEnv({}));
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('true 401\n');
  });
});

/** `npm pack`, then `npm install -g` of the tarball into a throwaway prefix: as a user installs it. */
describe('the installed package', () => {
  const work = mkdtempSync(join(tmpdir(), 'aop-install-'));
  const prefix = join(work, 'prefix');
  const installed = join(prefix, 'lib', 'node_modules', 'aws-org-profiles');
  const command = join(prefix, 'bin', 'aws-org-profiles');
  // npm's own settings only: a cache of its own, and no registry, since nothing is to be fetched.
  const npmEnv = cleanEnv({
    HOME: work,
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_update_notifier: 'false',
  });
  let packed: { filename: string; files: { path: string }[] } | undefined;
  let installOutput = '';
  const worlds: World[] = [];
  afterAll(async () => {
    await Promise.all(worlds.map((w) => w.close()));
  });

  const npm = async (args: string[], cwd = ROOT) => {
    const result = await runProgram('npm', args, { ...npmEnv, PWD: cwd }, cwd);
    if (result.code !== 0) throw new Error(`npm ${args.join(' ')} failed: ${result.stderr}`);
    return result;
  };

  beforeAll(async () => {
    // The tests run on the build that `npm test` just made; packing must not build again.
    const out = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work]);
    packed = (JSON.parse(out.stdout) as (typeof packed)[])[0];
    const install = await npm(
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--offline',
        '--no-audit',
        '--no-fund',
        join(work, packed!.filename),
      ],
      work,
    );
    installOutput = install.stdout + install.stderr;
  }, 120_000);

  it('says in the README what npm prints about the prepare script on this install', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const install = readme.slice(readme.indexOf('\n## Install\n'), readme.indexOf('\n## Quick start\n'));
    // npm 11 warns about install scripts that allowScripts does not cover; older npm says nothing.
    for (const line of installOutput
      .split('\n')
      .filter((l) => /install-scripts\s+aws-org-profiles@/.test(l))) {
      const [, script] = /\((prepare: [^)]+)\)/.exec(line) ?? [];
      expect(script, line).toBeDefined();
      expect(install).toContain(script);
    }
  });

  it('holds the bundled program, the library with its types, the licences, and nothing else', () => {
    const files = packed!.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/bin.cjs',
        'dist/hook.cjs',
        'dist/guard.cjs',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/emulator/index.js',
        'dist/THIRD-PARTY-NOTICES.md',
        'LICENSE',
        'README.md',
        'package.json',
      ]),
    );
    expect(files.filter((f) => !/^(dist\/|LICENSE$|README\.md$|package\.json$)/.test(f))).toEqual([]);
    expect(files.some((f) => f.startsWith('dist/chunks/'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      dependencies?: object;
    };
    // Everything the program needs is in the bundle: an install fetches nothing.
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(readdirSync(join(installed))).not.toContain('node_modules');
  });

  it('runs from any folder with a bare environment: --version, the demo, and the agent hook it installs', async () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
    const bare = { HOME: work };
    // The bin link as a shell finds it on PATH (its `#!/usr/bin/env node` needs node on PATH).
    const onPath = { ...bare, PATH: `${join(prefix, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin` };
    expect((await runProgram('aws-org-profiles', ['--version'], onPath, '/')).stdout).toBe(`${version}\n`);

    const home = mkdtempSync(join(work, 'home-'));
    const demo = await runProgram(
      command,
      ['demo', '--keep'],
      { ...onPath, HOME: home, PATH: `${onPath.PATH}:${process.env.PATH ?? ''}` },
      '/',
    );
    expect(demo.code, demo.stderr).toBe(0);
    // It shows what `console --url` gives on the emulator, says it is a bearer link, and opens nothing.
    expect(demo.stdout).toMatch(/^\$ aws-org-profiles console myorg-\S*prod\S*-ReadOnlyAccess --url$/m);
    expect(demo.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/federation\?Action=login&\S+SigninToken=\S+$/m);
    expect(demo.stdout).toContain('The URL is a bearer link');
    const demoHome = /The demo HOME is kept at (\S+)/.exec(demo.stdout)?.[1];
    expect(demoHome).toBeDefined();
    // The agent and its hook, written by the installed program, point at the installed files.
    const install = await runProgram(
      command,
      ['agent', 'install', '--target', 'kiro', '--json'],
      { ...onPath, HOME: demoHome! },
      '/',
    );
    expect(install.code, install.stderr).toBe(0);
    const agent = JSON.parse(
      readFileSync(join(demoHome!, '.kiro', 'agents', 'org-awscli-agent.json'), 'utf8'),
    ) as { hooks: { agentSpawn: { command: string }[] } };
    const hook = agent.hooks.agentSpawn[0]!.command;
    expect(
      hook.startsWith(`${process.execPath} ${realpathSync(join(installed, 'dist', 'bin.cjs'))} context`),
    ).toBe(true);
    // Run as the host runs it: through /bin/sh, from /, with nothing but HOME.
    const context = await runProgram('/bin/sh', ['-c', hook], { HOME: demoHome! }, '/');
    expect(context.code, context.stderr).toBe(0);
    expect(context.stdout).toContain('# AWS accounts and profiles');
    expect(context.stdout).toContain('-DBAReadOnly');
  }, 120_000);

  it('writes hooks and credential_process lines with absolute paths, and doctor names the ones whose node is gone', async () => {
    const world = await World.create({ accounts: [account('111122223333', 'Workload', ['DBAReadOnly'])] });
    worlds.push(world);
    world.signIn();
    // Another node, as after `nvm install`: the same program under another path, removed later.
    const oldNode = join(mkdtempSync(join(work, 'old-node-')), 'node');
    try {
      linkSync(process.execPath, oldNode);
    } catch {
      copyFileSync(process.execPath, oldNode);
    }
    const bin = realpathSync(join(installed, 'dist', 'bin.cjs'));
    const run = (node: string, ...args: string[]) => runProgram(node, [bin, ...args], world.env, '/');
    expect((await run(oldNode, 'sync', '--credential-process')).code).toBe(0);
    expect((await run(oldNode, 'agent', 'install', '--target', 'kiro', '--mcp')).code).toBe(0);
    expect(world.config()).toContain(
      `credential_process = ${oldNode} ${bin} credentials --profile myorg-workload-DBAReadOnly`,
    );

    rmSync(oldNode);
    const doctor = async () => {
      const result = await run(process.execPath, 'doctor', '--json');
      return JSON.parse(result.stdout) as {
        findings: { check: string; severity: string; message: string; fix?: string }[];
      };
    };
    const broken = (await doctor()).findings.filter((f) =>
      f.message.includes(`runs ${oldNode}, which no longer exists`),
    );
    expect(broken.map((f) => [f.check, f.severity, f.fix])).toEqual([
      ['sso-session myorg', 'error', 'aws-org-profiles sync --sso-session myorg --credential-process'],
      ['agent kiro', 'error', 'aws-org-profiles agent install --target kiro --mcp --force'],
    ]);
    // The fixes doctor gives, run with the node that exists now, leave nothing to report.
    expect((await run(process.execPath, 'sync', '--credential-process')).code).toBe(0);
    expect(
      (await run(process.execPath, 'agent', 'install', '--target', 'kiro', '--mcp', '--force')).code,
    ).toBe(0);
    expect((await doctor()).findings.filter((f) => f.message.includes('no longer exists'))).toEqual([]);
  }, 60_000);
});
