/**
 * `aws-org-profiles agent install|uninstall`: agent definitions for Amazon Q Developer CLI and
 * Kiro CLI, and a SessionStart hook for Claude Code, each running `context` with absolute paths so
 * that the hook works from any directory and with any PATH.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import {
  detectHosts,
  HOST_DIR_MODE,
  HOST_NAMES,
  startHint,
  targetFile,
  type Scope,
} from '../agents/hosts.js';
import { readManifest, sha256, writeManifest, type Manifest } from '../state/agent-manifest.js';
import {
  agentDefinition,
  AGENT_TARGETS,
  CLAUDE_MAX_BYTES,
  DEFAULT_AGENT_NAME,
  removeClaudeHook,
  withClaudeHook,
  type AgentTarget,
} from '../core/agent-definition.js';
import { lineDiff } from '../core/diff.js';
import { AppError, usageError } from '../core/errors.js';
import { writeFileAtomic, type AtomicOptions } from '../files/atomic.js';
import { fileError } from '../files/file-errors.js';
import { maxBytesOf } from './context.js';
import { printJson, styleFor, tildify, useColor, type Io } from './io.js';
import { shellQuote } from '../core/shell.js';
import { selfCommand } from '../system/installation.js';

export interface AgentCliOptions {
  readonly target?: string;
  readonly scope?: string;
  readonly name?: string;
  readonly maxBytes?: string;
  readonly mcp?: boolean;
  readonly force?: boolean;
  readonly dryRun?: boolean;
  readonly json?: boolean;
}

type Action = 'created' | 'updated' | 'unchanged' | 'refused' | 'removed' | 'absent';

interface Result {
  readonly target: AgentTarget;
  readonly path: string;
  readonly action: Action;
  readonly reason?: string;
  readonly diff?: string[];
}

function hookCommand(maxBytes: number, mcp = false): string {
  const { node, bin } = selfCommand();
  return `${shellQuote(node)} ${shellQuote(bin)} context --max-bytes ${maxBytes}${mcp ? ' --mcp' : ''}`;
}

function parseTargets(io: Io, value: string | undefined, scope: Scope): AgentTarget[] {
  if (value === undefined) {
    const found = detectHosts(scope, io.env, io.cwd);
    if (found.length === 0) {
      throw usageError(
        'no agent host found here (looked for ~/.kiro, ~/.aws/amazonq and ~/.claude).',
        `Choose one with --target ${[...AGENT_TARGETS, 'all'].join('|')}.`,
      );
    }
    return found;
  }
  if (value === 'all') return [...AGENT_TARGETS];
  if (!(AGENT_TARGETS as readonly string[]).includes(value)) {
    throw usageError(
      `unknown --target ${JSON.stringify(value)}`,
      `Targets: ${[...AGENT_TARGETS, 'all'].join(', ')}.`,
    );
  }
  return [value as AgentTarget];
}

function parseScope(value: string | undefined): Scope {
  if (value === undefined || value === 'global' || value === 'workspace') return value ?? 'global';
  throw usageError(
    `unknown --scope ${JSON.stringify(value)}`,
    'Scopes: global (your home folder), workspace (this folder).',
  );
}

function parseName(value: string | undefined): string {
  const name = value ?? DEFAULT_AGENT_NAME;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw usageError(`--name ${JSON.stringify(name)} must be letters, digits, '.', '_' or '-'`);
  }
  return name;
}

function readJsonObject(path: string): Record<string, unknown> {
  const text = readFileSync(path, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError('CONFIG_PARSE', `${path} is not valid JSON: ${(error as Error).message}`, {
      hint: 'Fix the file by hand; nothing was written.',
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('CONFIG_PARSE', `${path} does not hold a JSON object; nothing was written.`);
  }
  return value as Record<string, unknown>;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function writeHostFile(path: string, content: string, options: AtomicOptions = {}): void {
  try {
    writeFileAtomic(path, content, { dirMode: HOST_DIR_MODE, ...options });
  } catch (error) {
    throw fileError('write', path, error);
  }
}

function installAgentFile(
  target: 'amazonq' | 'kiro',
  path: string,
  content: string,
  manifest: Manifest,
  options: AgentCliOptions,
): Result {
  if (!existsSync(path)) {
    if (!options.dryRun) writeHostFile(path, content);
    return { target, path, action: 'created', diff: lineDiff('', content) };
  }
  const current = readFileSync(path, 'utf8');
  if (current === content) return { target, path, action: 'unchanged' };
  const diff = lineDiff(current, content);
  const ours = manifest.entries[path]?.sha256 === sha256(current);
  if (!ours && !options.force) {
    const reason = manifest.entries[path]
      ? 'it was changed since it was installed'
      : 'it was not written by aws-org-profiles';
    return { target, path, action: 'refused', reason, diff };
  }
  if (!options.dryRun) writeHostFile(path, content);
  return { target, path, action: 'updated', diff };
}

function installClaude(path: string, command: string, manifest: Manifest, options: AgentCliOptions): Result {
  const target = 'claude-code';
  const exists = existsSync(path);
  const current = exists ? readFileSync(path, 'utf8') : '';
  const settings = exists ? readJsonObject(path) : {};
  const next = json(withClaudeHook(settings, command, manifest.entries[path]?.command));
  if (exists && next === current) return { target, path, action: 'unchanged' };
  const diff = lineDiff(current, next);
  if (!options.dryRun) writeHostFile(path, next, { newFileMode: 0o600 });
  return { target, path, action: exists ? 'updated' : 'created', diff };
}

export function runAgentInstall(io: Io, options: AgentCliOptions): number {
  const scope = parseScope(options.scope);
  const name = parseName(options.name);
  const maxBytes = maxBytesOf(options.maxBytes);
  const targets = parseTargets(io, options.target, scope);
  const manifest = readManifest(io.env);
  const entries = { ...manifest.entries };
  const { node, bin } = selfCommand();
  const results: Result[] = [];
  for (const target of targets) {
    const path = targetFile(target, scope, name, io.env, io.cwd);
    if (target === 'claude-code') {
      const command = hookCommand(Math.min(maxBytes, CLAUDE_MAX_BYTES));
      const result = installClaude(path, command, manifest, options);
      results.push(result);
      if (!options.dryRun) entries[path] = { target, command };
      continue;
    }
    const definition = agentDefinition(target, {
      name,
      hookCommand: hookCommand(maxBytes, options.mcp === true),
      maxBytes,
      each: true,
      ...(options.mcp ? { mcp: { name: 'aws-org-profiles', command: node, args: [bin, 'mcp'] } } : {}),
    });
    const content = json(definition);
    const result = installAgentFile(target, path, content, manifest, options);
    results.push(result);
    if (!options.dryRun && result.action !== 'refused') entries[path] = { target, sha256: sha256(content) };
  }
  if (!options.dryRun) writeManifest(io.env, { version: 1, entries });
  return report(io, 'install', results, options, name);
}

export function runAgentUninstall(io: Io, options: AgentCliOptions): number {
  const scope = parseScope(options.scope);
  const name = parseName(options.name);
  const manifest = readManifest(io.env);
  const targets = options.target === undefined ? [...AGENT_TARGETS] : parseTargets(io, options.target, scope);
  const entries = { ...manifest.entries };
  const results: Result[] = [];
  for (const target of targets) {
    const path = targetFile(target, scope, name, io.env, io.cwd);
    const entry = manifest.entries[path];
    if (!existsSync(path)) {
      if (options.target !== undefined) results.push({ target, path, action: 'absent' });
      delete entries[path];
      continue;
    }
    if (target === 'claude-code') {
      const current = readFileSync(path, 'utf8');
      const command = entry?.command ?? hookCommand(CLAUDE_MAX_BYTES);
      const { settings, removed } = removeClaudeHook(readJsonObject(path), command);
      if (!removed) {
        if (options.target !== undefined) results.push({ target, path, action: 'absent' });
        continue;
      }
      const next = json(settings);
      if (!options.dryRun) writeHostFile(path, next);
      results.push({ target, path, action: 'removed', diff: lineDiff(current, next) });
      delete entries[path];
      continue;
    }
    const current = readFileSync(path, 'utf8');
    if (!entry && options.target === undefined) continue;
    if (entry?.sha256 !== sha256(current) && !options.force) {
      results.push({
        target,
        path,
        action: 'refused',
        reason: entry ? 'it was changed since it was installed' : 'it was not written by aws-org-profiles',
      });
      continue;
    }
    if (!options.dryRun) rmSync(path);
    results.push({ target, path, action: 'removed' });
    delete entries[path];
  }
  if (!options.dryRun) writeManifest(io.env, { version: 1, entries });
  if (results.length === 0)
    io.stderr.write(`Nothing installed by aws-org-profiles was found for agent ${name}.\n`);
  return report(io, 'uninstall', results, options, name);
}

function report(
  io: Io,
  command: string,
  results: readonly Result[],
  options: AgentCliOptions,
  name: string,
): number {
  const refused = results.filter((r) => r.action === 'refused');
  if (options.json) {
    printJson(io, { version: 1, command: `agent ${command}`, dryRun: options.dryRun === true, results });
  } else {
    const s = styleFor(useColor(io, io.stdout));
    const verb: Record<Action, string> = {
      created: options.dryRun ? 'would create' : 'created',
      updated: options.dryRun ? 'would update' : 'updated',
      unchanged: 'up to date',
      refused: 'left alone',
      removed: options.dryRun ? 'would remove' : 'removed',
      absent: 'nothing to remove',
    };
    for (const r of results) {
      const hint = command === 'install' && r.action !== 'refused' ? `; ${startHint(r.target, name)}` : '';
      io.stdout.write(
        `${s.bold(HOST_NAMES[r.target])}: ${verb[r.action]} ${tildify(io, r.path)}${r.reason ? ` (${r.reason})` : ''}${hint}\n`,
      );
      if (r.diff && (options.dryRun || r.action === 'refused')) {
        for (const line of r.diff) {
          io.stdout.write(
            `    ${line.startsWith('+') ? s.green(line) : line.startsWith('-') ? s.red(line) : s.dim(line)}\n`,
          );
        }
      }
    }
  }
  if (refused.length > 0) {
    io.stderr.write(
      `${refused.length} file${refused.length === 1 ? ' was' : 's were'} left alone; the diff above shows what would change. Run again with --force to overwrite.\n`,
    );
    return 1;
  }
  return 0;
}
