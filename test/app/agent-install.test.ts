/** Agent install and uninstall in process: the decision for each host file, and what is recorded. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installAgents, uninstallAgents } from '../../src/app/agent-install.js';
import { readManifest } from '../../src/state/agent-manifest.js';
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
