/**
 * Agent install and uninstall: agent definitions for Amazon Q Developer CLI and Kiro CLI, and a
 * SessionStart hook for Claude Code, each running `context` with absolute paths so that the hook
 * works from any folder and with any PATH. A file the user changed, or one this tool did not
 * write, is left alone unless forced; what was written is recorded, so uninstall removes exactly
 * that.
 */
import { parseHostJson, readHostFile, removeHostFile, writeHostFile } from '../agents/host-files.js';
import { detectHosts, targetFile, type Scope } from '../agents/hosts.js';
import {
  agentDefinition,
  AGENT_TARGETS,
  CLAUDE_MAX_BYTES,
  DEFAULT_AGENT_NAME,
  removeClaudeHook,
  withClaudeHook,
  type AgentTarget,
} from '../core/agent-definition.js';
import { DEFAULT_MAX_BYTES, MIN_MAX_BYTES } from '../core/context-text.js';
import { lineDiff } from '../core/diff.js';
import { usageError } from '../core/errors.js';
import { shellQuote } from '../core/shell.js';
import {
  readManifest,
  sha256,
  writeManifest,
  type InstalledEntry,
  type Manifest,
} from '../state/agent-manifest.js';
import { selfCommand } from '../system/installation.js';
import type { Runtime } from './runtime.js';

export interface AgentInput {
  /** One host, or all; by default every host found (install) or whatever was installed (uninstall). */
  readonly target?: AgentTarget | 'all';
  readonly scope?: Scope;
  readonly name?: string;
  /** The hook's output limit (install). */
  readonly maxBytes?: number;
  /** Also wire the MCP server into the agent (install). */
  readonly mcp?: boolean;
  /** Overwrite or remove a file that was changed by hand or not written by this tool. */
  readonly force?: boolean;
  readonly dryRun?: boolean;
}

export type AgentAction = 'created' | 'updated' | 'unchanged' | 'refused' | 'removed' | 'absent';

export interface AgentChange {
  readonly target: AgentTarget;
  readonly path: string;
  readonly action: AgentAction;
  /** Why a file was left alone. */
  readonly reason?: string;
  /** What changes (or would change) in the file, as `+`/`-` lines with context. */
  readonly diff?: readonly string[];
  /** For Claude Code: the change is to our hook in the user's settings file, which stays. */
  readonly hookOnly?: boolean;
}

export interface AgentResult {
  readonly name: string;
  readonly dryRun: boolean;
  readonly changes: readonly AgentChange[];
}

const NOT_OURS = 'it was not written by aws-org-profiles';
const CHANGED = 'it was changed since it was installed';

function hookCommand(maxBytes: number, mcp = false): string {
  const { node, bin } = selfCommand();
  return `${shellQuote(node)} ${shellQuote(bin)} context --max-bytes ${maxBytes}${mcp ? ' --mcp' : ''}`;
}

function nameOf(value: string | undefined): string {
  const name = value ?? DEFAULT_AGENT_NAME;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw usageError(`--name ${JSON.stringify(name)} must be letters, digits, '.', '_' or '-'`);
  }
  return name;
}

function targetsOf(rt: Runtime, target: AgentInput['target'], scope: Scope): AgentTarget[] {
  if (target === 'all') return [...AGENT_TARGETS];
  if (target !== undefined) return [target];
  const found = detectHosts(scope, rt.env, rt.cwd);
  if (found.length === 0) {
    throw usageError(
      'no agent host found here (looked for ~/.kiro, ~/.aws/amazonq and ~/.claude).',
      `Choose one with --target ${[...AGENT_TARGETS, 'all'].join('|')}.`,
    );
  }
  return found;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function installAgentFile(
  target: 'amazonq' | 'kiro',
  path: string,
  content: string,
  entry: InstalledEntry | undefined,
  input: AgentInput,
): AgentChange {
  const current = readHostFile(path);
  if (current === undefined) {
    if (!input.dryRun) writeHostFile(path, content);
    return { target, path, action: 'created', diff: lineDiff('', content) };
  }
  if (current === content) return { target, path, action: 'unchanged' };
  const diff = lineDiff(current, content);
  if (entry?.sha256 !== sha256(current) && !input.force) {
    return { target, path, action: 'refused', reason: entry ? CHANGED : NOT_OURS, diff };
  }
  if (!input.dryRun) writeHostFile(path, content);
  return { target, path, action: 'updated', diff };
}

function installClaude(
  path: string,
  command: string,
  entry: InstalledEntry | undefined,
  input: AgentInput,
): AgentChange {
  const target = 'claude-code';
  const current = readHostFile(path);
  const settings = current === undefined ? {} : parseHostJson(path, current);
  const next = json(withClaudeHook(settings, command, entry?.command));
  if (current !== undefined && next === current) return { target, path, action: 'unchanged' };
  // Claude Code's settings may hold the user's own secrets (env, apiKeyHelper): a new file is 0600.
  if (!input.dryRun) writeHostFile(path, next, 0o600);
  return {
    target,
    path,
    action: current === undefined ? 'created' : 'updated',
    diff: lineDiff(current ?? '', next),
  };
}

export function installAgents(rt: Runtime, input: AgentInput): AgentResult {
  const scope = input.scope ?? 'global';
  const name = nameOf(input.name);
  const maxBytes = input.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes < MIN_MAX_BYTES) {
    throw usageError(`--max-bytes must be an integer of at least ${MIN_MAX_BYTES}, not ${maxBytes}`);
  }
  const targets = targetsOf(rt, input.target, scope);
  const manifest = readManifest(rt.env);
  const entries: Record<string, InstalledEntry> = { ...manifest.entries };
  const { node, bin } = selfCommand();
  const changes: AgentChange[] = [];
  for (const target of targets) {
    const path = targetFile(target, scope, name, rt.env, rt.cwd);
    if (target === 'claude-code') {
      const command = hookCommand(Math.min(maxBytes, CLAUDE_MAX_BYTES));
      changes.push(installClaude(path, command, manifest.entries[path], input));
      entries[path] = { target, command };
      continue;
    }
    const content = json(
      agentDefinition(target, {
        name,
        hookCommand: hookCommand(maxBytes, input.mcp === true),
        maxBytes,
        each: true,
        ...(input.mcp ? { mcp: { name: 'aws-org-profiles', command: node, args: [bin, 'mcp'] } } : {}),
      }),
    );
    const change = installAgentFile(target, path, content, manifest.entries[path], input);
    changes.push(change);
    if (change.action !== 'refused') entries[path] = { target, sha256: sha256(content) };
  }
  if (!input.dryRun) writeManifest(rt.env, { version: 1, entries });
  return { name, dryRun: input.dryRun === true, changes };
}

function uninstallOne(
  target: AgentTarget,
  path: string,
  manifest: Manifest,
  entries: Record<string, InstalledEntry>,
  input: AgentInput,
): AgentChange | undefined {
  const named = input.target !== undefined;
  const entry = manifest.entries[path];
  const current = readHostFile(path);
  if (current === undefined) {
    delete entries[path];
    return named ? { target, path, action: 'absent' } : undefined;
  }
  if (target === 'claude-code') {
    const command = entry?.command ?? hookCommand(CLAUDE_MAX_BYTES);
    const { settings, removed } = removeClaudeHook(parseHostJson(path, current), command);
    if (!removed) return named ? { target, path, action: 'absent' } : undefined;
    const next = json(settings);
    if (!input.dryRun) writeHostFile(path, next);
    delete entries[path];
    return { target, path, action: 'removed', diff: lineDiff(current, next), hookOnly: true };
  }
  if (!entry && !named) return undefined;
  if (entry?.sha256 !== sha256(current) && !input.force) {
    return { target, path, action: 'refused', reason: entry ? CHANGED : NOT_OURS };
  }
  if (!input.dryRun) removeHostFile(path);
  delete entries[path];
  return { target, path, action: 'removed' };
}

export function uninstallAgents(rt: Runtime, input: AgentInput): AgentResult {
  const scope = input.scope ?? 'global';
  const name = nameOf(input.name);
  const manifest = readManifest(rt.env);
  const targets = input.target === undefined ? [...AGENT_TARGETS] : targetsOf(rt, input.target, scope);
  const entries: Record<string, InstalledEntry> = { ...manifest.entries };
  const changes: AgentChange[] = [];
  for (const target of targets) {
    const change = uninstallOne(
      target,
      targetFile(target, scope, name, rt.env, rt.cwd),
      manifest,
      entries,
      input,
    );
    if (change) changes.push(change);
  }
  if (!input.dryRun) writeManifest(rt.env, { version: 1, entries });
  return { name, dryRun: input.dryRun === true, changes };
}
