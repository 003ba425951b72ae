/** `agent install` and `agent uninstall`, validated against the hosts' own schemas, and the installed hook run as a host runs it. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { writeBigConfig } from '../support/big-config.js';
import { cleanEnv, runCli, type CliResult } from '../support/cli.js';

const schema = (file: string) =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL(`../fixtures/schemas/${file}`, import.meta.url)), 'utf8'),
  ) as object;
const validators = {
  amazonq: new Ajv({ strict: false, allErrors: true }).compile(schema('amazonq-agent-v1.json')),
  kiro: new Ajv({ strict: false, allErrors: true }).compile(schema('kiro-agent-v1.json')),
};

function home(hosts: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'aop-agent-'));
  writeBigConfig(dir, 12);
  for (const host of hosts) mkdirSync(join(dir, host), { recursive: true });
  return dir;
}

const cli = (dir: string, args: string[], cwd?: string) =>
  runCli(['agent', ...args], { env: cleanEnv({ HOME: dir }), ...(cwd ? { cwd } : {}) });

interface AgentFile {
  name: string;
  hooks: {
    agentSpawn: { command: string; timeout_ms: number; max_output_size: number }[];
    preToolUse?: { matcher: string; command: string; timeout_ms: number }[];
  };
  allowedTools: string[];
  toolsSettings: Record<string, unknown>;
  mcpServers: Record<string, { command: string; args: string[] }>;
  tools: string[];
}
const readAgent = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as AgentFile;

/** Runs a hook command the way the hosts do: through /bin/sh, elsewhere, with almost no environment. */
function runAsHost(command: string, env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd: '/', env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('agent install', () => {
  it('writes agent files that validate against the official Q Developer CLI and Kiro schemas', async () => {
    const dir = home();
    const result = await cli(dir, ['install', '--target', 'all', '--max-bytes', '8000', '--mcp']);
    expect(result.code).toBe(0);
    const q = join(dir, '.aws', 'amazonq', 'cli-agents', 'org-awscli-agent.json');
    const kiro = join(dir, '.kiro', 'agents', 'org-awscli-agent.json');
    expect(result.stdout).toContain(
      'Amazon Q Developer CLI: created ~/.aws/amazonq/cli-agents/org-awscli-agent.json',
    );
    expect(result.stdout).toContain('Kiro CLI: created ~/.kiro/agents/org-awscli-agent.json');
    for (const [path, validate] of [
      [q, validators.amazonq],
      [kiro, validators.kiro],
    ] as const) {
      const agent = readAgent(path);
      expect(validate(agent), JSON.stringify(validate.errors)).toBe(true);
      expect(agent.name).toBe('org-awscli-agent');
      expect(agent.hooks.agentSpawn[0]).toMatchObject({ timeout_ms: 10_000, max_output_size: 8000 });
      expect(agent.hooks.agentSpawn[0]!.command).toMatch(
        /^\/\S+ \/\S+\/dist\/bin\.cjs context --max-bytes 8000 --mcp$/,
      );
      expect(agent.tools).toContain('use_aws');
      expect(agent.tools).toContain('@aws-org-profiles');
      expect(agent.allowedTools).not.toContain('use_aws');
      expect(agent.hooks.preToolUse!.map((h) => h.matcher)).toEqual(['fs_read', 'execute_bash', 'use_aws']);
      expect(agent.hooks.preToolUse![0]!.command).toMatch(/^\/\S+ \/\S+\/dist\/bin\.cjs guard$/);
      expect(Object.keys(agent.toolsSettings)).toEqual(['fs_read', 'execute_bash', 'use_aws']);
      expect(agent.mcpServers['aws-org-profiles']!.args.at(-1)).toBe('mcp');
    }
    expect(readAgent(q)).toHaveProperty('useLegacyMcpJson', true);
    expect(readAgent(kiro)).toHaveProperty('includeMcpJson', true);
  });

  it('installs for the hosts it finds, and asks for --target when there is none', async () => {
    const onlyKiro = home(['.kiro']);
    const result = await cli(onlyKiro, ['install']);
    expect(result.code).toBe(0);
    expect(existsSync(join(onlyKiro, '.kiro', 'agents', 'org-awscli-agent.json'))).toBe(true);
    expect(existsSync(join(onlyKiro, '.aws', 'amazonq', 'cli-agents'))).toBe(false);
    const none = await cli(home(), ['install']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--target amazonq|kiro|claude-code|all');
  });

  it('installs a hook that runs from any directory with a minimal environment', async () => {
    const dir = home(['.aws/amazonq', '.claude']);
    expect((await cli(dir, ['install'])).code).toBe(0);
    const agent = readAgent(join(dir, '.aws', 'amazonq', 'cli-agents', 'org-awscli-agent.json'));
    const hook = await runAsHost(agent.hooks.agentSpawn[0]!.command, { HOME: dir });
    expect(hook.stderr).toBe('');
    expect(hook.code).toBe(0);
    expect(hook.stdout).toContain(
      '| myorg-workload-prod-00000-DBAReadOnly | workload-prod-00000 | 100000000000 | DBAReadOnly | eu-central-1 |',
    );
    expect(Buffer.byteLength(hook.stdout)).toBeLessThanOrEqual(10_240);
    const settings = JSON.parse(readFileSync(join(dir, '.claude', 'settings.json'), 'utf8')) as {
      hooks: { SessionStart: { hooks: { command: string; timeout: number }[] }[] };
    };
    const claude = settings.hooks.SessionStart[0]!.hooks[0]!;
    expect(claude.timeout).toBe(30);
    const fromClaude = await runAsHost(claude.command, { HOME: dir });
    expect(fromClaude.code).toBe(0);
    expect(Buffer.byteLength(fromClaude.stdout)).toBeLessThanOrEqual(10_000);
  });

  it('leaves a changed or foreign agent file alone unless --force, showing the difference', async () => {
    const dir = home(['.kiro']);
    const path = join(dir, '.kiro', 'agents', 'org-awscli-agent.json');
    expect((await cli(dir, ['install'])).code).toBe(0);
    const edited = readFileSync(path, 'utf8').replace('"fs_read",', '"fs_read", "my_tool",');
    writeFileSync(path, edited);
    const refused = await cli(dir, ['install', '--max-bytes', '5000']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      'left alone ~/.kiro/agents/org-awscli-agent.json (it was changed since it was installed)',
    );
    expect(refused.stdout).toMatch(/^ {4}- .*"my_tool",$/m);
    expect(refused.stdout).toContain('+         "max_output_size": 5000');
    expect(readFileSync(path, 'utf8')).toBe(edited);
    expect((await cli(dir, ['install', '--max-bytes', '5000', '--force'])).code).toBe(0);
    expect(readAgent(path).hooks.agentSpawn[0]!.max_output_size).toBe(5000);

    const other = home(['.kiro']);
    const foreign = join(other, '.kiro', 'agents', 'org-awscli-agent.json');
    mkdirSync(join(other, '.kiro', 'agents'));
    writeFileSync(foreign, '{"name": "org-awscli-agent"}\n');
    const result = await cli(other, ['install']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('it was not written by aws-org-profiles');
    expect(readFileSync(foreign, 'utf8')).toBe('{"name": "org-awscli-agent"}\n');
  });

  it('updates its own unchanged file without --force, and writes nothing with --dry-run', async () => {
    const dir = home(['.kiro']);
    const path = join(dir, '.kiro', 'agents', 'org-awscli-agent.json');
    expect((await cli(dir, ['install'])).code).toBe(0);
    const dry = await cli(dir, ['install', '--max-bytes', '6000', '--dry-run']);
    expect(dry.stdout).toContain('would update');
    expect(readAgent(path).hooks.agentSpawn[0]!.max_output_size).toBe(10_240);
    expect((await cli(dir, ['install', '--max-bytes', '6000'])).code).toBe(0);
    expect(readAgent(path).hooks.agentSpawn[0]!.max_output_size).toBe(6000);
  });

  it('merges a Claude Code hook into existing settings and removes only its own on uninstall', async () => {
    const dir = home(['.claude']);
    const path = join(dir, '.claude', 'settings.json');
    const mine = {
      model: 'opus',
      env: { FOO: 'bar' },
      hooks: {
        SessionStart: [{ matcher: 'startup', hooks: [{ type: 'command', command: 'echo mine' }] }],
        PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'lint' }] }],
      },
    };
    writeFileSync(path, JSON.stringify(mine));
    expect((await cli(dir, ['install'])).code).toBe(0);
    expect((await cli(dir, ['install'])).stdout).toContain('up to date');
    const merged = JSON.parse(readFileSync(path, 'utf8')) as typeof mine;
    expect(merged.model).toBe('opus');
    expect(merged.env).toEqual({ FOO: 'bar' });
    expect(merged.hooks.PreToolUse[0]).toEqual(mine.hooks.PreToolUse[0]);
    expect(merged.hooks.PreToolUse[1]).toMatchObject({ matcher: 'Bash|Read|Grep|Glob' });
    expect(merged.hooks.SessionStart).toHaveLength(2);
    expect(merged.hooks.SessionStart[0]).toEqual(mine.hooks.SessionStart[0]);
    const removed = await cli(dir, ['uninstall']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('Claude Code: removed our hooks and rules from ~/.claude/settings.json');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(mine);
  });

  it('uninstalls the agent files it wrote, and refuses a changed one without --force', async () => {
    const dir = home(['.kiro', '.aws/amazonq']);
    expect((await cli(dir, ['install'])).code).toBe(0);
    const kiro = join(dir, '.kiro', 'agents', 'org-awscli-agent.json');
    const q = join(dir, '.aws', 'amazonq', 'cli-agents', 'org-awscli-agent.json');
    writeFileSync(q, readFileSync(q, 'utf8').replace('"fs_write",', ''));
    const result = await cli(dir, ['uninstall']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('1 file was left alone. Run again with --force to remove it.');
    expect(result.stderr).not.toContain('diff');
    expect(existsSync(kiro)).toBe(false);
    expect(existsSync(q)).toBe(true);
    expect((await cli(dir, ['uninstall', '--force', '--target', 'amazonq'])).code).toBe(0);
    expect(existsSync(q)).toBe(false);
  });

  it('writes a workspace agent into the current folder', async () => {
    const dir = home();
    const project = mkdtempSync(join(tmpdir(), 'aop-project-'));
    mkdirSync(join(project, '.amazonq'));
    const result = await cli(dir, ['install', '--scope', 'workspace', '--name', 'team-aws'], project);
    expect(result.code).toBe(0);
    const agent = readAgent(join(project, '.amazonq', 'cli-agents', 'team-aws.json'));
    expect(agent.name).toBe('team-aws');
    expect(validators.amazonq(agent)).toBe(true);
    const bad = await cli(dir, ['install', '--target', 'vim']);
    expect(bad.code).toBe(2);
  });

  it('writes --permissive and Kiro CLI 3 agent files that validate too, and says what --permissive gives up', async () => {
    const dir = home();
    const loose = await cli(dir, ['install', '--target', 'all', '--permissive', '--json']);
    expect(loose.code).toBe(0);
    const report = JSON.parse(loose.stdout) as { permissive: boolean; givesUp: string[] };
    expect(report.permissive).toBe(true);
    expect(report.givesUp.join(' ')).toContain('without asking');
    const q = join(dir, '.aws', 'amazonq', 'cli-agents', 'org-awscli-agent.json');
    const kiro = join(dir, '.kiro', 'agents', 'org-awscli-agent.json');
    expect(validators.amazonq(readAgent(q)), JSON.stringify(validators.amazonq.errors)).toBe(true);
    expect(validators.kiro(readAgent(kiro)), JSON.stringify(validators.kiro.errors)).toBe(true);
    expect(readAgent(kiro).hooks.preToolUse).toBeUndefined();
    const text = await cli(dir, [
      'install',
      '--target',
      'kiro',
      '--permissive',
      '--kiro-format',
      'v3',
      '--mcp',
    ]);
    expect(text.code).toBe(0);
    expect(text.stderr).toContain('--permissive: no guard hook');
    expect(text.stdout).toContain('Kiro CLI 3: created ~/.kiro/hooks/aws-org-profiles.json');
    expect(validators.kiro(readAgent(kiro)), JSON.stringify(validators.kiro.errors)).toBe(true);
    expect(readAgent(kiro).hooks).toEqual({});
    expect(existsSync(join(dir, '.kiro', 'settings', 'permissions.yaml'))).toBe(false);
  });

  it("leaves the user's own Kiro permission rules alone and says what to add, with exit 1", async () => {
    const dir = home();
    const path = join(dir, '.kiro', 'settings', 'permissions.yaml');
    mkdirSync(join(dir, '.kiro', 'settings'), { recursive: true });
    writeFileSync(path, 'rules: []\n');
    const result = await cli(dir, ['install', '--target', 'kiro', '--kiro-format', 'v3', '--force']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'Kiro CLI 3: left alone ~/.kiro/settings/permissions.yaml (it is your own file: add the rules shown to it)',
    );
    expect(result.stdout).toMatch(/^ {4}\+ {2}- capability: fs_read$/m);
    expect(result.stderr).toContain(
      'add the rules shown above to it by hand (--force does not overwrite it)',
    );
    expect(readFileSync(path, 'utf8')).toBe('rules: []\n');
  });

  it('is not outdated for doctor right after an install', async () => {
    const dir = home(['.kiro', '.claude']);
    expect((await cli(dir, ['install', '--kiro-format', 'both'])).code).toBe(0);
    const doctor = await runCli(['doctor', '--json'], { env: cleanEnv({ HOME: dir }) });
    const findings = (JSON.parse(doctor.stdout) as { findings: { check: string; message: string }[] })
      .findings;
    const agents = findings.filter((f) => f.check.startsWith('agent '));
    expect(agents.length).toBeGreaterThanOrEqual(4);
    expect(agents.filter((f) => /outdated/.test(f.message))).toEqual([]);
  });

  it('shows the lines of a file it leaves alone without the characters that act on a terminal', async () => {
    const dir = home(['.kiro']);
    const path = join(dir, '.kiro', 'agents', 'org-awscli-agent.json');
    mkdirSync(join(dir, '.kiro', 'agents'));
    writeFileSync(path, '{"name": "evil\u001b]0;pwned\u0007\u202e"}\n');
    const result = await cli(dir, ['install']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('    - {"name": "evil\\x1b]0;pwned\\x07\\u202e"}');
    expect(result.stdout).not.toMatch(/[\u001b\u0007\u202e]/);
  });
});
