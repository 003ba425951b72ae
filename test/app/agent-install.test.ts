/** Agent install and uninstall in process: the decision for each host file, and what is recorded. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installAgents, uninstallAgents } from '../../src/app/agent-install.js';
import { readManifest, sha256, writeManifest } from '../../src/state/agent-manifest.js';
import { selfCommand } from '../../src/system/installation.js';
import { testRuntime } from '../support/runtime.js';

function setUp(hosts: string[] = []) {
  const home = mkdtempSync(join(tmpdir(), 'aop-agents-'));
  for (const host of hosts) mkdirSync(join(home, host), { recursive: true });
  return { home, rt: testRuntime({ HOME: home }) };
}

const kiroFile = (home: string) => join(home, '.kiro', 'agents', 'org-awscli-agent.json');

describe('installAgents', () => {
  it('creates a file for each host found, records its hash, and then finds it up to date', async () => {
    const { home, rt } = setUp(['.kiro', '.aws/amazonq']);
    const first = await installAgents(rt, {});
    expect(first.changes.map((c) => [c.target, c.action])).toEqual([
      ['kiro', 'created'],
      ['amazonq', 'created'],
    ]);
    expect(first.changes[0]!.diff!.every((l) => l.startsWith('+') || l.startsWith(' '))).toBe(true);
    const manifest = readManifest(rt.env).entries;
    expect(Object.keys(manifest).sort()).toEqual(
      [kiroFile(home), join(home, '.aws', 'amazonq', 'cli-agents', 'org-awscli-agent.json')].sort(),
    );
    expect(manifest[kiroFile(home)]?.target).toBe('kiro');
    expect(manifest[kiroFile(home)]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await installAgents(rt, {})).changes.map((c) => c.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('asks for a target when no host is here', async () => {
    const { rt } = setUp();
    await expect(installAgents(rt, {})).rejects.toThrow('no agent host found here');
  });

  it('leaves a file changed by hand alone with the reason and the diff, and replaces it when forced', async () => {
    const { home, rt } = setUp();
    await installAgents(rt, { target: 'kiro' });
    const mine = readFileSync(kiroFile(home), 'utf8').replace('"org-awscli-agent"', '"my-agent"');
    writeFileSync(kiroFile(home), mine);
    const refused = await installAgents(rt, { target: 'kiro', maxBytes: 9000 });
    expect(refused.changes[0]).toMatchObject({
      action: 'refused',
      reason: 'it was changed since it was installed',
    });
    expect(refused.changes[0]!.diff).toContain('-   "name": "my-agent",');
    expect(readFileSync(kiroFile(home), 'utf8')).toBe(mine);
    expect(
      (await installAgents(rt, { target: 'kiro', maxBytes: 9000, force: true })).changes[0]!.action,
    ).toBe('updated');
    expect(readFileSync(kiroFile(home), 'utf8')).toContain('--max-bytes 9000');
  });

  it('leaves alone a file it did not write, and writes nothing on a dry run', async () => {
    const { home, rt } = setUp();
    mkdirSync(join(home, '.kiro', 'agents'), { recursive: true });
    writeFileSync(kiroFile(home), '{"name": "theirs"}\n');
    expect((await installAgents(rt, { target: 'kiro' })).changes[0]).toMatchObject({
      action: 'refused',
      reason: 'it was not written by aws-org-profiles',
    });
    const dry = await installAgents(rt, { target: 'amazonq', dryRun: true });
    expect(dry.changes[0]).toMatchObject({ action: 'created' });
    expect(existsSync(dry.changes[0]!.path)).toBe(false);
    expect(readManifest(rt.env).entries[dry.changes[0]!.path]).toBeUndefined();
  });

  it('keeps every other Claude Code setting and hook, and uninstall removes only its own', async () => {
    const { home, rt } = setUp();
    const path = join(home, '.claude', 'settings.json');
    mkdirSync(join(home, '.claude'));
    const theirs = { matcher: 'startup', hooks: [{ type: 'command', command: 'echo mine' }] };
    writeFileSync(path, JSON.stringify({ model: 'x', hooks: { SessionStart: [theirs] } }));
    expect((await installAgents(rt, { target: 'claude-code' })).changes[0]!.action).toBe('updated');
    const installed = JSON.parse(readFileSync(path, 'utf8')) as {
      model: string;
      hooks: { SessionStart: unknown[] };
    };
    expect(installed.model).toBe('x');
    expect(installed.hooks.SessionStart).toHaveLength(2);
    expect(uninstallAgents(rt, { target: 'claude-code' }).changes[0]!.action).toBe('removed');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ model: 'x', hooks: { SessionStart: [theirs] } });
  });

  it('refuses a host file that is not a regular file, naming it, instead of waiting on it', async () => {
    const { home, rt } = setUp();
    mkdirSync(join(home, '.kiro', 'agents'), { recursive: true });
    execFileSync('mkfifo', [kiroFile(home)]);
    await expect(installAgents(rt, { target: 'kiro' })).rejects.toThrow(
      `cannot read ${kiroFile(home)}: ${kiroFile(home)} is not a regular file`,
    );
  });
});

describe('uninstallAgents', () => {
  it('removes what it installed, refuses a changed file, and says when a named one is absent', async () => {
    const { home, rt } = setUp(['.kiro', '.aws/amazonq']);
    await installAgents(rt, {});
    writeFileSync(kiroFile(home), '{"changed": true}\n');
    const result = uninstallAgents(rt, {});
    expect(result.changes.map((c) => [c.target, c.action])).toEqual([
      ['amazonq', 'removed'],
      ['kiro', 'refused'],
    ]);
    expect(existsSync(kiroFile(home))).toBe(true);
    expect(uninstallAgents(rt, { target: 'amazonq' }).changes[0]!.action).toBe('absent');
    expect(uninstallAgents(rt, { target: 'kiro', force: true }).changes[0]!.action).toBe('removed');
    expect(readManifest(rt.env).entries).toEqual({});
  });
});

describe('the installed agent', () => {
  it('tells the agent the sign-in fix: this tool first, the AWS CLI v2 as the alternative', async () => {
    const { home, rt } = setUp();
    await installAgents(rt, { target: 'kiro' });
    const { prompt } = JSON.parse(readFileSync(kiroFile(home), 'utf8')) as { prompt: string };
    expect(prompt).toContain(
      'ask the user to run `aws-org-profiles login --sso-session NAME` (or, with AWS CLI v2, `aws sso login --sso-session NAME`)',
    );
  });
});

const qFile = (home: string) => join(home, '.aws', 'amazonq', 'cli-agents', 'org-awscli-agent.json');
const claudeFile = (home: string) => join(home, '.claude', 'settings.json');
interface AgentJson {
  prompt: string;
  allowedTools: string[];
  hooks: { agentSpawn?: unknown[]; preToolUse?: unknown[] };
  toolsSettings: {
    fs_read: { deniedPaths: string[] };
    execute_bash: { deniedCommands: string[] };
    use_aws: unknown;
  };
}
interface ClaudeJson {
  model?: string;
  permissions?: { allow?: string[]; deny: string[] };
  hooks: { SessionStart: unknown[]; PreToolUse?: unknown[] };
}
interface HooksJson {
  version: string;
  hooks: { matcher: string }[];
}
const readJson = <T = AgentJson>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;
const guardLine = () => `${selfCommand().node} ${selfCommand().bin} guard`;

describe('safe agent files', () => {
  it('fence the caches, run the guard before fs_read, execute_bash and use_aws, and never pre-allow shell or AWS', async () => {
    const { home, rt } = setUp();
    await installAgents(rt, { target: 'all', mcp: true });
    for (const path of [kiroFile(home), qFile(home)]) {
      const agent = readJson(path);
      expect(agent.toolsSettings.fs_read.deniedPaths).toEqual([
        '~/.aws/sso/cache',
        '~/.aws/cli/cache',
        '~/.aws/credentials',
        '~/.cache/aws-org-profiles/credentials',
      ]);
      expect(agent.toolsSettings.use_aws).toEqual({ autoAllowReadonly: true });
      expect(agent.toolsSettings.execute_bash.deniedCommands.length).toBeGreaterThan(0);
      expect(agent.hooks.preToolUse).toEqual(
        ['fs_read', 'execute_bash', 'use_aws'].map((matcher) => ({
          matcher,
          command: guardLine(),
          timeout_ms: 5000,
        })),
      );
      expect(agent.allowedTools).not.toContain('execute_bash');
      expect(agent.allowedTools).not.toContain('use_aws');
      expect(agent.allowedTools).toEqual(
        expect.arrayContaining(['fs_read', '@aws-org-profiles/sign_in', '@aws-org-profiles/org_tree']),
      );
      expect(agent.allowedTools).not.toContain('@aws-org-profiles/check_profile');
      expect(agent.prompt).toContain('call the `sign_in` tool of the `aws-org-profiles` MCP server');
      expect(agent.prompt).toContain('Never read, print, copy or search the SSO token cache');
      expect(agent.prompt).not.toContain('ask the user to run `aws-org-profiles login');
    }
  });

  it('write the caches where they are: a cache folder outside home by its absolute path', async () => {
    const { home } = setUp();
    const rt = testRuntime({ HOME: home, XDG_CACHE_HOME: '/var/cache/me [1]' });
    await installAgents(rt, { target: 'kiro' });
    expect(readJson(kiroFile(home)).toolsSettings.fs_read.deniedPaths.at(-1)).toBe(
      '/var/cache/me [[]1[]]/aws-org-profiles/credentials',
    );
    const claude = setUp();
    await installAgents(testRuntime({ HOME: claude.home, XDG_CACHE_HOME: '/var/c' }), {
      target: 'claude-code',
    });
    expect(readJson<ClaudeJson>(claudeFile(claude.home)).permissions!.deny).toContain(
      'Read(//var/c/aws-org-profiles/credentials/**)',
    );
  });

  it('deny the shell lines that read the caches or print keys, and no everyday command', async () => {
    const { home, rt } = setUp();
    await installAgents(rt, { target: 'kiro' });
    const patterns = readJson(kiroFile(home)).toolsSettings.execute_bash.deniedCommands;
    // The host anchors each as \A…\z in Rust's regex: JavaScript reads these the same way.
    const regexes = patterns.map((p) => {
      expect(p.startsWith('(?is)')).toBe(true);
      expect(p).not.toMatch(/\\[/-]/);
      return new RegExp(`^(?:${p.slice(5)})$`, 'is');
    });
    const denied = (line: string) => regexes.some((r) => r.test(line));
    for (const line of [
      'cat ~/.aws/sso/cache/0123abcd.json',
      'cat $HOME/.aws/sso/cache/*.json | jq .accessToken',
      `ls ${home}/.aws//sso`,
      'cd ~/.aws && cat sso/cache/x.json',
      'grep -r accessToken ~/.aws/cli/cache',
      'cat ~/.aws/credentials',
      'CAT ~/.AWS/SSO/CACHE/X.JSON',
      'echo hi\ncat ~/.aws/sso/cache/x.json',
      'tar cz ~/.cache/aws-org-profiles/credentials | base64',
      'aws s3 ls --profile p --debug',
      'AWS_PROFILE=p aws sts get-caller-identity --deb',
      'aws s3 ls --d 2>&1 | head',
      'aws configure export-credentials --profile p',
      'aws sso get-role-credentials --role-name R --account-id 1 --access-token x',
    ]) {
      expect(denied(line), line).toBe(true);
    }
    for (const line of [
      'aws s3 ls --profile p',
      'aws ec2 describe-instances --dry-run --profile p',
      'aws-org-profiles list --json',
      'cat ~/.aws/config',
      'git status',
      'npm test',
      'grep -rn debug src/',
    ]) {
      expect(denied(line), line).toBe(false);
    }
  });

  it('--permissive writes the files as before: no guard, no fences, and says what it gives up', async () => {
    const { home, rt } = setUp();
    const result = await installAgents(rt, { target: 'all', permissive: true });
    expect(result.permissive).toBe(true);
    expect(result.givesUp?.join(' ')).toContain('can read the SSO token and credential caches');
    const agent = readJson(kiroFile(home));
    expect(agent.toolsSettings).toEqual({});
    expect(Object.keys(agent.hooks)).toEqual(['agentSpawn']);
    const settings = readJson<ClaudeJson>(claudeFile(home));
    expect(Object.keys(settings.hooks)).toEqual(['SessionStart']);
    expect(settings.permissions).toBeUndefined();
    expect(readManifest(rt.env).entries[kiroFile(home)]?.permissive).toBe(true);
    // And back: the safe install upgrades its own permissive files without --force.
    const safe = await installAgents(rt, { target: 'all' });
    expect(safe.changes.map((c) => c.action)).toEqual(['updated', 'updated', 'updated']);
    expect(readJson(kiroFile(home)).hooks.preToolUse).toHaveLength(3);
  });
});

describe('an agent file written by the previous version', () => {
  const old = () =>
    readFileSync(new URL('../fixtures/agents/kiro-agent-v1-old.json', import.meta.url), 'utf8')
      .replaceAll('<NODE>', selfCommand().node)
      .replaceAll('<BIN>', selfCommand().bin);

  it('is upgraded by install without --force, and a copy the tool did not record is left alone', async () => {
    const { home, rt } = setUp();
    mkdirSync(join(home, '.kiro', 'agents'), { recursive: true });
    writeFileSync(kiroFile(home), old());
    const refused = await installAgents(rt, { target: 'kiro', mcp: true });
    expect(refused.changes[0]).toMatchObject({
      action: 'refused',
      reason: 'it was not written by aws-org-profiles',
    });
    writeManifest(rt.env, {
      version: 1,
      entries: { [kiroFile(home)]: { target: 'kiro', sha256: sha256(old()) } },
    });
    const upgraded = await installAgents(rt, { target: 'kiro', mcp: true });
    expect(upgraded.changes[0]!.action).toBe('updated');
    expect(upgraded.changes[0]!.diff).toContain(`+         "command": ${JSON.stringify(guardLine())},`);
    const agent = readJson(kiroFile(home));
    expect(agent.hooks.preToolUse).toHaveLength(3);
    expect(agent.hooks.agentSpawn).toEqual((JSON.parse(old()) as AgentJson).hooks.agentSpawn);
  });
});

describe('Claude Code settings', () => {
  const theirs = {
    model: 'opus',
    permissions: { allow: ['Bash(npm test)'], deny: ['Read(./.env)', 'Read(~/.aws/credentials)'] },
    hooks: {
      SessionStart: [{ matcher: 'startup', hooks: [{ type: 'command', command: 'echo mine' }] }],
      PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'lint' }] }],
    },
  };

  it("gain the guard and the deny rules next to the user's own, and uninstall gives back the same bytes", async () => {
    const { home, rt } = setUp();
    mkdirSync(join(home, '.claude'));
    const text = `${JSON.stringify(theirs, null, 2)}\n`;
    writeFileSync(claudeFile(home), text);
    expect((await installAgents(rt, { target: 'claude-code' })).changes[0]!.action).toBe('updated');
    const settings = readJson<ClaudeJson>(claudeFile(home));
    expect(settings.model).toBe('opus');
    expect(settings.permissions!.allow).toEqual(['Bash(npm test)']);
    expect(settings.permissions!.deny).toEqual([
      'Read(./.env)',
      'Read(~/.aws/credentials)',
      'Read(~/.aws/sso/cache/**)',
      'Read(~/.aws/cli/cache/**)',
      'Read(~/.cache/aws-org-profiles/credentials/**)',
    ]);
    expect(settings.hooks.PreToolUse).toEqual([
      theirs.hooks.PreToolUse[0],
      { matcher: 'Bash|Read|Grep|Glob', hooks: [{ type: 'command', command: guardLine(), timeout: 5 }] },
    ]);
    expect(settings.hooks.SessionStart[0]).toEqual(theirs.hooks.SessionStart[0]);
    // The user's own rule stays theirs: not recorded as ours.
    expect(readManifest(rt.env).entries[claudeFile(home)]?.rules).not.toContain('Read(~/.aws/credentials)');
    expect((await installAgents(rt, { target: 'claude-code' })).changes[0]!.action).toBe('unchanged');
    expect(uninstallAgents(rt, { target: 'claude-code' }).changes[0]!.action).toBe('removed');
    expect(readFileSync(claudeFile(home), 'utf8')).toBe(text);
  });

  it('lose the guard and the rules with --permissive, and get them back without it', async () => {
    const { home, rt } = setUp();
    await installAgents(rt, { target: 'claude-code' });
    await installAgents(rt, { target: 'claude-code', permissive: true });
    const loose = readJson<ClaudeJson>(claudeFile(home));
    expect(loose.permissions).toBeUndefined();
    expect(loose.hooks.PreToolUse).toBeUndefined();
    await installAgents(rt, { target: 'claude-code' });
    expect(readJson<ClaudeJson>(claudeFile(home)).hooks.PreToolUse).toHaveLength(1);
    uninstallAgents(rt, { target: 'claude-code' });
    expect(readJson<ClaudeJson>(claudeFile(home))).toEqual({});
  });
});

describe('Kiro CLI 3', () => {
  const hooksFile = (root: string) => join(root, '.kiro', 'hooks', 'aws-org-profiles.json');
  const rulesFile = (home: string) => join(home, '.kiro', 'settings', 'permissions.yaml');
  /** A stand-in for the installed Kiro CLI: a program on PATH that prints a version. */
  function kiroCli(output: string, code = 0): string {
    const dir = mkdtempSync(join(tmpdir(), 'aop-kiro-cli-'));
    writeFileSync(join(dir, 'kiro-cli'), `#!/bin/sh\necho '${output}'\nexit ${code}\n`, { mode: 0o755 });
    return dir;
  }

  it('--kiro-format v3 writes the hooks file and the permission rules, and the agent file without hooks', async () => {
    const { home, rt } = setUp();
    const result = await installAgents(rt, { target: 'kiro', kiroFormat: 'v3', mcp: true });
    expect(result.kiro).toEqual({ format: 'v3', how: 'option' });
    expect(result.changes.map((c) => [c.file, c.action])).toEqual([
      ['kiro-hooks', 'created'],
      ['kiro-permissions', 'created'],
      ['agent', 'created'],
    ]);
    expect(readJson<HooksJson>(hooksFile(home))).toEqual({
      version: 'v1',
      hooks: [
        {
          name: 'aws-org-profiles-context',
          trigger: 'SessionStart',
          action: {
            type: 'command',
            command: `${selfCommand().node} ${selfCommand().bin} context --max-bytes 10240 --mcp`,
          },
          timeout: 10,
          enabled: true,
        },
        {
          name: 'aws-org-profiles-guard',
          trigger: 'PreToolUse',
          matcher: 'fs_read|read|grep|glob|execute_bash|execute_cmd|shell|use_aws',
          action: { type: 'command', command: guardLine() },
          timeout: 5,
          enabled: true,
        },
      ],
    });
    const matcher = new RegExp(readJson<HooksJson>(hooksFile(home)).hooks[1]!.matcher);
    for (const tool of ['read', 'fs_read', 'grep', 'glob', 'shell', 'execute_bash'])
      expect(matcher.test(tool)).toBe(true);
    const yaml = readFileSync(rulesFile(home), 'utf8');
    expect(yaml).toContain(
      `  - capability: fs_read\n    effect: deny\n    match:\n      - "${home}/.aws/sso/cache"\n      - "${home}/.aws/sso/cache/**"\n`,
    );
    expect(yaml).toContain('  - capability: shell\n    effect: deny\n');
    expect(yaml).toContain('      - "*/.aws/credentials*"\n');
    expect(yaml).toContain(
      '  - capability: mcp\n    effect: allow\n    match:\n      - "aws-org-profiles/list_profiles"\n',
    );
    expect(yaml).toContain('      - "aws-org-profiles/sign_in"\n');
    expect(yaml).not.toContain('check_profile');
    const agent = readJson(kiroFile(home));
    expect(agent.hooks).toEqual({});
    expect(agent.toolsSettings.fs_read.deniedPaths).toHaveLength(4);
    expect(readManifest(rt.env).entries[kiroFile(home)]?.hooksFile).toBe(hooksFile(home));

    const gone = uninstallAgents(rt, { target: 'kiro' });
    expect(gone.changes.map((c) => [c.file, c.action])).toEqual([
      ['agent', 'removed'],
      ['kiro-hooks', 'removed'],
      ['kiro-permissions', 'removed'],
    ]);
    expect([kiroFile(home), hooksFile(home), rulesFile(home)].some((p) => existsSync(p))).toBe(false);
    expect(readManifest(rt.env).entries).toEqual({});
  });

  it('both keeps the hooks in the agent file for Kiro CLI 2; v2 takes back the hooks file it wrote', async () => {
    const { home, rt } = setUp();
    await installAgents(rt, { target: 'kiro', kiroFormat: 'both' });
    expect(readJson(kiroFile(home)).hooks.preToolUse).toHaveLength(3);
    expect(existsSync(hooksFile(home))).toBe(true);
    const v2 = await installAgents(rt, { target: 'kiro', kiroFormat: 'v2' });
    expect(v2.changes.map((c) => [c.file, c.action])).toEqual([
      ['kiro-hooks', 'removed'],
      ['agent', 'unchanged'],
    ]);
    expect(existsSync(hooksFile(home))).toBe(false);
    // The rules serve any Kiro agent: only --permissive takes them back.
    expect(existsSync(rulesFile(home))).toBe(true);
    await installAgents(rt, { target: 'kiro', kiroFormat: 'v2', permissive: true });
    expect(existsSync(rulesFile(home))).toBe(false);
  });

  it("never rewrites the user's own permissions.yaml, forced or not, and shows the rules to add", async () => {
    const { home, rt } = setUp();
    mkdirSync(join(home, '.kiro', 'settings'), { recursive: true });
    const mine = 'rules:\n  - capability: shell\n    effect: allow\n    match: ["git *"]\n';
    writeFileSync(rulesFile(home), mine);
    for (const force of [false, true]) {
      const result = await installAgents(rt, { target: 'kiro', kiroFormat: 'v3', force });
      const rules = result.changes.find((c) => c.file === 'kiro-permissions')!;
      expect(rules).toMatchObject({
        action: 'refused',
        reason: 'it is your own file: add the rules shown to it',
      });
      expect(rules.diff).toContain('+  - capability: fs_read');
      expect(rules.diff!.every((l) => l.startsWith('+'))).toBe(true);
      expect(readFileSync(rulesFile(home), 'utf8')).toBe(mine);
    }
    expect(uninstallAgents(rt, { target: 'kiro', force: true }).changes.map((c) => c.file)).toEqual([
      'agent',
      'kiro-hooks',
    ]);
    expect(readFileSync(rulesFile(home), 'utf8')).toBe(mine);
  });

  it('is found by `kiro-cli --version`; an older one, a failing one or none means the Kiro CLI 2 file alone', async () => {
    const { home } = setUp();
    const found = await installAgents(testRuntime({ HOME: home, PATH: kiroCli('kiro-cli 3.1.0') }), {
      target: 'kiro',
    });
    expect(found.kiro).toEqual({ format: 'v3', how: 'detected', version: '3.1.0' });
    expect(existsSync(hooksFile(home))).toBe(true);
    const older = await installAgents(testRuntime({ HOME: home, PATH: kiroCli('kiro-cli 2.4.1') }), {
      target: 'kiro',
    });
    expect(older.kiro).toEqual({ format: 'v2', how: 'detected', version: '2.4.1' });
    expect(existsSync(hooksFile(home))).toBe(false);
    const failing = await installAgents(testRuntime({ HOME: home, PATH: kiroCli('kiro-cli 3.1.0', 1) }), {
      target: 'kiro',
    });
    expect(failing.kiro).toEqual({ format: 'v2', how: 'default' });
    const none = await installAgents(testRuntime({ HOME: home, PATH: '/nonexistent' }), { target: 'kiro' });
    expect(none.kiro).toEqual({ format: 'v2', how: 'default' });
    const amazonq = await installAgents(testRuntime({ HOME: home, PATH: kiroCli('kiro-cli 3.1.0') }), {
      target: 'amazonq',
    });
    expect(amazonq.kiro).toBeUndefined();
  });
});
