/**
 * The README's commands run as written. Every `aws-org-profiles` line of its `sh` blocks runs, in
 * order, against the emulator with the demo organisation and a signed-in `myorg`, and must succeed.
 * Lines that need a person (a sign-in in a browser), keep running (the emulator, the MCP server) or
 * reach AWS services other than the emulator's are checked as far as they can be: their options
 * exist (`--help`), and `each` shows its selection with `--dry-run`. Every profile an `aws` line
 * names exists once the organisation it is written for is synced.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { shellWords } from '../../src/core/shell.js';
import { demoOrganization, generateOrganization } from '../../src/emulator/index.js';
import { hasAwsCli } from '../support/botocore.js';
import { BIN, runCli } from '../support/cli.js';
import { World } from '../support/world.js';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

/** The README's `sh` blocks, each as its lines without their comments. */
function shellBlocks(): string[][] {
  const blocks: string[][] = [];
  let block: string[] | undefined;
  for (const line of README.split('\n')) {
    if (line.startsWith('```')) {
      block = line === '```sh' ? [] : undefined;
      if (block) blocks.push(block);
      continue;
    }
    if (!block) continue;
    // A comment starts at a # after white space, outside single quotes.
    let quoted = false;
    let end = line.length;
    for (let i = 0; i < line.length; i++) {
      if (line[i] === "'") quoted = !quoted;
      else if (!quoted && line[i] === '#' && (i === 0 || line[i - 1] === ' ')) {
        end = i;
        break;
      }
    }
    const text = line.slice(0, end).trim();
    if (text) block.push(text);
  }
  return blocks;
}

const shellLines = () => shellBlocks().flat();

/**
 * The arguments of each run of this program: `aws-org-profiles …`, in `source <(…)`, in `$(…)`
 * or before `| source`.
 */
function programRuns(): { line: string; args: string[] }[] {
  const runs: { line: string; args: string[] }[] = [];
  for (const line of shellLines()) {
    const match = /(?:^|<\(|\$\()aws-org-profiles ([^)|&]*)/.exec(line);
    if (!match) continue;
    const args = shellWords(match[1]!.trim());
    if (!args) throw new Error(`cannot read the words of: ${line}`);
    runs.push({ line, args });
  }
  return runs;
}

/**
 * The profiles that `aws … --profile NAME` lines name, with the organisation they are written for:
 * the one an `aws-org-profiles emulator` line earlier in the same block serves, else the demo's.
 */
function namedProfiles(): { name: string; emulator?: string[] }[] {
  return shellBlocks().flatMap((block) => {
    let emulator: string[] | undefined;
    return block.flatMap((line) => {
      const started = /^aws-org-profiles (emulator .*?)\s*&?$/.exec(line);
      if (started) emulator = shellWords(started[1]!);
      const match = /^aws .*--profile (\S+)/.exec(line);
      return match ? [{ name: match[1]!, ...(emulator ? { emulator } : {}) }] : [];
    });
  });
}

/**
 * The guard examples: `echo 'EVENT' | aws-org-profiles guard; echo $?   # CODE`, each with the exit
 * code its comment promises.
 */
function guardExamples(): { line: string; event: string; code: number }[] {
  return README.split('\n').flatMap((line) => {
    const m = /^echo '([^']*)' \| aws-org-profiles guard; echo \$\?\s+# (\d+)/.exec(line);
    return m ? [{ line, event: m[1]!, code: Number(m[2]) }] : [];
  });
}

function runGuard(
  event: string,
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'guard'], { env, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(event);
  });
}

/** Commands that wait for a person or keep running: only their options are checked. */
const NOT_RUN = new Set(['login', 'init', 'mcp', 'emulator']);
/** What an `each` example may really run: the emulator answers STS; other services are not there. */
const RUNS_HERE = ['aws sts get-caller-identity'];

const worlds: World[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

describe('the README', () => {
  const runs = programRuns();

  it('shows the program run in its examples', () => {
    expect(runs.length).toBeGreaterThan(20);
    for (const command of [
      'sync',
      'create',
      'list',
      'context',
      'each',
      'agent',
      'completion',
      'emulator',
      'console',
      'exec',
      'use',
      'shell-init',
    ]) {
      expect(
        runs.some((r) => r.args[0] === command),
        command,
      ).toBe(true);
    }
  });

  it('runs every command as written, in order, against the demo organisation', async () => {
    const w = await World.create(demoOrganization());
    worlds.push(w);
    w.signIn();
    for (const host of ['.kiro', '.claude']) mkdirSync(join(w.home, host));
    const workspace = mkdtempSync(join(tmpdir(), 'aop-readme-'));
    for (const { line, args } of runs) {
      if (NOT_RUN.has(args[0]!)) {
        const words = args.filter((a) => !a.startsWith('-')).slice(0, 1);
        const help = await runCli([...words, '--help'], { env: w.env });
        expect(help.code, line).toBe(0);
        for (const option of args.filter((a) => a.startsWith('--')))
          expect(help.stdout, `${line}: ${option}`).toContain(option);
        continue;
      }
      let run = args;
      const dash = args.indexOf('--');
      if (args[0] === 'each' && dash >= 0) {
        const command = args.slice(dash + 1).join(' ');
        if (!RUNS_HERE.includes(command) || !hasAwsCli) {
          run = args.includes('--dry-run')
            ? args
            : [...args.slice(0, dash), '--dry-run', ...args.slice(dash)];
        }
      }
      // `exec` runs the AWS CLI for real: only where it is installed.
      if (args[0] === 'exec' && !hasAwsCli) continue;
      // `console` opens the browser: here, a program that does nothing.
      const result = await runCli(run, { env: { ...w.env, BROWSER: 'true' }, cwd: workspace });
      expect(result.code, `${line}\n${result.stderr}`).toBe(0);
    }
    // Some sixty commands, one after another, each a fresh process: far more than one test's default.
  }, 240_000);

  it('shows the guard blocking and passing, with the exit codes it promises', async () => {
    const examples = guardExamples();
    expect(examples.map((e) => e.code)).toEqual([2, 0]);
    const w = await World.create(demoOrganization());
    worlds.push(w);
    w.signIn();
    for (const { line, event, code } of examples) {
      const run = await runGuard(event, w.env);
      expect(run.code, `${line}\n${run.stderr}`).toBe(code);
      expect(run.stderr === '', line).toBe(code === 0);
    }
  });

  it('names only profiles that exist once their organisation is synced', async () => {
    const named = namedProfiles();
    expect(named.length).toBeGreaterThan(1);
    expect(named.some((n) => n.emulator)).toBe(true);
    for (const { name, emulator } of named) {
      const option = (flag: string) =>
        emulator?.includes(flag) ? emulator[emulator.indexOf(flag) + 1] : undefined;
      const org = emulator
        ? generateOrganization({
            accounts: Number(option('--accounts') ?? 40),
            rolesPerAccount: Number(option('--roles-per-account') ?? 3),
            seed: Number(option('--seed') ?? 1),
            oddNames: emulator.includes('--odd-names'),
          })
        : demoOrganization();
      const w = await World.create(org);
      worlds.push(w);
      w.signIn();
      expect((await w.cli('sync', '--all-roles')).code).toBe(0);
      expect(w.config(), `${name} in ${emulator ? emulator.join(' ') : 'the demo organisation'}`).toContain(
        `[profile ${name}]`,
      );
    }
  });
});
