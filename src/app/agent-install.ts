/**
 * Agent install and uninstall: agent definitions for Amazon Q Developer CLI and Kiro CLI, and
 * hooks for Claude Code, each running `context` with absolute paths so that the hook works from
 * any folder and with any PATH. By default the files also fence the token and credential caches
 * and run the guard before file, shell and AWS tool calls; `--permissive` leaves that out. With
 * Kiro CLI 3 (found, or asked for), its hooks file and permission rules are written too. A file
 * the user changed, or one this tool did not write, is left alone unless forced; what was written
 * is recorded, so uninstall removes exactly that, and an install upgrades a file it wrote earlier.
 */
import { parseHostJson, readHostFile, removeHostFile, writeHostFile } from '../agents/host-files.js';
import { detectHosts, kiroHooksPath, kiroPermissionsPath, targetFile, type Scope } from '../agents/hosts.js';
import {
  agentDefinition,
  AGENT_TARGETS,
  DEFAULT_AGENT_NAME,
  HOOK_TIMEOUT_MS,
  type AgentTarget,
} from '../core/agent-definition.js';
import {
  CLAUDE_GUARD_MATCHER,
  claudeDenyRules,
  GUARD_TIMEOUT_MS,
  PERMISSIVE_GIVES_UP,
  type SecretPlaces,
} from '../core/agent-safety.js';
import {
  CLAUDE_MAX_BYTES,
  removeClaudeDenyRules,
  removeClaudeHook,
  withClaudeDenyRules,
  withClaudeHook,
} from '../core/claude-settings.js';
import { DEFAULT_MAX_BYTES, MIN_MAX_BYTES } from '../core/context-text.js';
import { lineDiff } from '../core/diff.js';
import { usageError } from '../core/errors.js';
import {
  kiroHooksFile,
  kiroMajorVersion,
  kiroPermissionRules,
  permissionsYaml,
  type KiroFormat,
  type KiroFormatChoice,
} from '../core/kiro-v3.js';
import { shellQuote } from '../core/shell.js';
import {
  readManifest,
  sha256,
  writeManifest,
  type InstalledEntry,
  type InstalledKind,
  type Manifest,
} from '../state/agent-manifest.js';
import { secretPlacesOf } from '../state/credential-cache.js';
import { canRun, startChild } from '../system/children.js';
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
  /** Leave out the guard and the fences around the credential caches (install). */
  readonly permissive?: boolean;
  /** Which Kiro CLI files to write (install): found out from `kiro-cli --version` by default. */
  readonly kiroFormat?: KiroFormatChoice;
  /** Overwrite or remove a file that was changed by hand or not written by this tool. */
  readonly force?: boolean;
  readonly dryRun?: boolean;
}

export type AgentAction = 'created' | 'updated' | 'unchanged' | 'refused' | 'removed' | 'absent';

export interface AgentChange {
  readonly target: AgentTarget;
  readonly path: string;
  readonly action: AgentAction;
  /** Which file: the agent file (Claude Code's settings), or Kiro CLI 3's hooks or permissions. */
  readonly file: InstalledKind;
  /** Why a file was left alone. */
  readonly reason?: string;
  /** What changes (or would change) in the file, as `+`/`-` lines with context. */
  readonly diff?: readonly string[];
  /** For Claude Code: the change is to our hooks and rules in the user's settings file, which stays. */
  readonly hookOnly?: boolean;
}

export interface KiroFormatResult {
  readonly format: KiroFormat;
  /** Given with --kiro-format, found from the installed Kiro CLI, or Kiro CLI 2's when none was found. */
  readonly how: 'option' | 'detected' | 'default';
  /** The version `kiro-cli --version` printed. */
  readonly version?: string;
}

export interface AgentResult {
  readonly name: string;
  readonly dryRun: boolean;
  readonly changes: readonly AgentChange[];
  /** Installed with --permissive, and what that gives up. */
  readonly permissive?: boolean;
  readonly givesUp?: readonly string[];
  /** For Kiro CLI: which files were written, and why. */
  readonly kiro?: KiroFormatResult;
}

const NOT_OURS = 'it was not written by aws-org-profiles';
const CHANGED = 'it was changed since it was installed';
const YOUR_RULES = 'it is your own file: add the rules shown to it';

/** The absolute command that runs this installation with `args`, as a host's shell will. */
function selfLine(args: string): string {
  const { node, bin } = selfCommand();
  return `${shellQuote(node)} ${shellQuote(bin)} ${args}`;
}

const hookCommand = (maxBytes: number, mcp = false) =>
  selfLine(`context --max-bytes ${maxBytes}${mcp ? ' --mcp' : ''}`);

/** The guard: reads a host's pre-tool-use event on stdin, exits 2 to block. */
const guardCommand = () => selfLine('guard');

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

/**
 * Kiro CLI 3 when `kiro-cli --version` says so. Kiro CLI 3 reads the agent-v1 file too, so
 * without a Kiro CLI (or with an older one) the agent file alone is right.
 */
async function kiroFormatOf(rt: Runtime, choice: KiroFormatChoice | undefined): Promise<KiroFormatResult> {
  if (choice !== undefined && choice !== 'auto') return { format: choice, how: 'option' };
  if (!canRun('kiro-cli', rt.env)) return { format: 'v2', how: 'default' };
  const outcome = await startChild('kiro-cli', ['--version'], { env: rt.env, timeoutMs: 3000 }).done;
  const version = outcome.code === 0 ? kiroMajorVersion(outcome.stdout) : undefined;
  if (!version) return { format: 'v2', how: 'default' };
  return { format: version.major >= 3 ? 'v3' : 'v2', how: 'detected', version: version.text };
}

/** A file this tool owns whole: created, updated when it is still as we wrote it, else left alone. */
function installOwnedFile(
  target: AgentTarget,
  file: InstalledKind,
  path: string,
  content: string,
  entry: InstalledEntry | undefined,
  input: AgentInput,
): AgentChange {
  const current = readHostFile(path);
  if (current === undefined) {
    if (!input.dryRun) writeHostFile(path, content);
    return { target, file, path, action: 'created', diff: lineDiff('', content) };
  }
  if (current === content) return { target, file, path, action: 'unchanged' };
  const ours = entry?.sha256 === sha256(current);
  if (file === 'kiro-permissions' && !ours) {
    // The user's own rules: never rewritten, not even with --force; here is what to add.
    const add = content.split('\n').filter((l) => l !== '' && !l.startsWith('#') && l !== 'rules:');
    return { target, file, path, action: 'refused', reason: YOUR_RULES, diff: add.map((l) => `+${l}`) };
  }
  const diff = lineDiff(current, content);
  if (!ours && !input.force) {
    return { target, file, path, action: 'refused', reason: entry ? CHANGED : NOT_OURS, diff };
  }
  if (!input.dryRun) writeHostFile(path, content);
  return { target, file, path, action: 'updated', diff };
}

/** Removes a file this tool owns whole, unless it was changed (then only with --force). */
function removeOwnedFile(
  target: AgentTarget,
  file: InstalledKind,
  path: string,
  entry: InstalledEntry | undefined,
  input: AgentInput,
  entries: Record<string, InstalledEntry>,
): AgentChange {
  const current = readHostFile(path);
  if (current === undefined) {
    delete entries[path];
    return { target, file, path, action: 'absent' };
  }
  // The user's permission rules stay theirs, forced or not.
  const force = input.force === true && file !== 'kiro-permissions';
  if (entry?.sha256 !== sha256(current) && !force) {
    return { target, file, path, action: 'refused', reason: entry ? CHANGED : NOT_OURS };
  }
  if (!input.dryRun) removeHostFile(path);
  delete entries[path];
  return { target, file, path, action: 'removed' };
}

interface ClaudeParts {
  readonly command: string;
  readonly guard?: string;
  readonly rules: readonly string[];
}

function installClaude(
  path: string,
  parts: ClaudeParts,
  entry: InstalledEntry | undefined,
  input: AgentInput,
): { change: AgentChange; entry: InstalledEntry } {
  const target = 'claude-code';
  const current = readHostFile(path);
  const settings = current === undefined ? {} : parseHostJson(path, current);
  let next = withClaudeHook(settings, parts.command, entry?.command);
  if (parts.guard) {
    const timeout = GUARD_TIMEOUT_MS / 1000;
    next = withClaudeHook(next, parts.guard, entry?.guard, 'PreToolUse', CLAUDE_GUARD_MATCHER, timeout);
  } else if (entry?.guard) {
    next = removeClaudeHook(next, entry.guard, 'PreToolUse').settings;
  }
  const denied = withClaudeDenyRules(next, parts.rules, entry?.rules);
  const text = json(denied.settings);
  const recorded: InstalledEntry = {
    target,
    command: parts.command,
    ...(parts.guard ? { guard: parts.guard } : { permissive: true }),
    ...(denied.added.length > 0 ? { rules: denied.added } : {}),
  };
  const file = 'agent';
  if (current !== undefined && text === current) {
    return { change: { target, file, path, action: 'unchanged' }, entry: recorded };
  }
  // Claude Code's settings may hold the user's own secrets (env, apiKeyHelper): a new file is 0600.
  if (!input.dryRun) writeHostFile(path, text, 0o600);
  const action = current === undefined ? 'created' : 'updated';
  return { change: { target, file, path, action, diff: lineDiff(current ?? '', text) }, entry: recorded };
}

interface InstallContext {
  readonly rt: Runtime;
  readonly input: AgentInput;
  readonly scope: Scope;
  readonly name: string;
  readonly maxBytes: number;
  readonly places?: SecretPlaces;
  readonly manifest: Manifest;
  readonly entries: Record<string, InstalledEntry>;
  readonly changes: AgentChange[];
}

function record(ctx: InstallContext, change: AgentChange, entry: InstalledEntry): void {
  ctx.changes.push(change);
  if (change.action !== 'refused' && !ctx.input.dryRun) ctx.entries[change.path] = entry;
}

/** A Kiro CLI 3 file of an earlier install that this one no longer writes goes, if unchanged. */
function retire(ctx: InstallContext, file: InstalledKind, path: string): void {
  const entry = ctx.manifest.entries[path];
  if (entry?.kind !== file) return;
  const change = removeOwnedFile('kiro', file, path, entry, { ...ctx.input, force: false }, ctx.entries);
  if (change.action !== 'absent') ctx.changes.push(change);
}

function installKiroV3(ctx: InstallContext, mcp: boolean, withHooks: boolean): string | undefined {
  const { rt, input, scope, maxBytes, places } = ctx;
  const hooksPath = kiroHooksPath(scope, rt.env, rt.cwd);
  if (withHooks) {
    const content = json(
      kiroHooksFile({
        contextCommand: hookCommand(maxBytes, mcp),
        contextTimeoutS: HOOK_TIMEOUT_MS / 1000,
        ...(places ? { guard: { command: guardCommand(), timeoutS: GUARD_TIMEOUT_MS / 1000 } } : {}),
      }),
    );
    const change = installOwnedFile(
      'kiro',
      'kiro-hooks',
      hooksPath,
      content,
      ctx.manifest.entries[hooksPath],
      input,
    );
    record(ctx, change, { target: 'kiro', kind: 'kiro-hooks', sha256: sha256(content) });
  } else {
    retire(ctx, 'kiro-hooks', hooksPath);
  }
  const rulesPath = kiroPermissionsPath(rt.env);
  if (withHooks && places) {
    const content = permissionsYaml(kiroPermissionRules(places, mcp ? 'aws-org-profiles' : undefined));
    const entry = ctx.manifest.entries[rulesPath];
    const change = installOwnedFile('kiro', 'kiro-permissions', rulesPath, content, entry, input);
    record(ctx, change, { target: 'kiro', kind: 'kiro-permissions', sha256: sha256(content) });
  } else if (!places) {
    // Only --permissive takes the rules back: they are the user's, for every scope and agent.
    retire(ctx, 'kiro-permissions', rulesPath);
  }
  return withHooks ? hooksPath : undefined;
}

function installAgentFile(ctx: InstallContext, target: 'amazonq' | 'kiro', kiro?: KiroFormat): void {
  const { rt, input, scope, name, maxBytes, places } = ctx;
  const { node, bin } = selfCommand();
  const mcp = input.mcp === true;
  const hooksFile = target === 'kiro' && kiro ? installKiroV3(ctx, mcp, kiro !== 'v2') : undefined;
  const path = targetFile(target, scope, name, rt.env, rt.cwd);
  const content = json(
    agentDefinition(target, {
      name,
      hookCommand: hookCommand(maxBytes, mcp),
      maxBytes,
      each: true,
      // With Kiro CLI 3 alone, the hooks file runs them: in the agent file they would run twice.
      embedHooks: kiro !== 'v3',
      ...(mcp ? { mcp: { name: 'aws-org-profiles', command: node, args: [bin, 'mcp'] } } : {}),
      ...(places ? { safety: { guardCommand: guardCommand(), places } } : {}),
    }),
  );
  const change = installOwnedFile(target, 'agent', path, content, ctx.manifest.entries[path], input);
  record(ctx, change, {
    target,
    sha256: sha256(content),
    ...(places ? {} : { permissive: true }),
    ...(kiro === 'v3' && hooksFile ? { hooksFile } : {}),
  });
}

export async function installAgents(rt: Runtime, input: AgentInput): Promise<AgentResult> {
  const scope = input.scope ?? 'global';
  const name = nameOf(input.name);
  const maxBytes = input.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes < MIN_MAX_BYTES) {
    throw usageError(`--max-bytes must be an integer of at least ${MIN_MAX_BYTES}, not ${maxBytes}`);
  }
  const targets = targetsOf(rt, input.target, scope);
  const manifest = readManifest(rt.env);
  const permissive = input.permissive === true;
  const ctx: InstallContext = {
    rt,
    input,
    scope,
    name,
    maxBytes,
    ...(permissive ? {} : { places: secretPlacesOf(rt.env) }),
    manifest,
    entries: { ...manifest.entries },
    changes: [],
  };
  const kiro = targets.includes('kiro') ? await kiroFormatOf(rt, input.kiroFormat) : undefined;
  for (const target of targets) {
    if (target !== 'claude-code') {
      installAgentFile(ctx, target, target === 'kiro' ? kiro?.format : undefined);
      continue;
    }
    const path = targetFile(target, scope, name, rt.env, rt.cwd);
    const parts: ClaudeParts = {
      command: hookCommand(Math.min(maxBytes, CLAUDE_MAX_BYTES)),
      ...(ctx.places ? { guard: guardCommand() } : {}),
      rules: ctx.places ? claudeDenyRules(ctx.places) : [],
    };
    const { change, entry } = installClaude(path, parts, manifest.entries[path], input);
    record(ctx, change, entry);
  }
  if (!input.dryRun) writeManifest(rt.env, { version: 1, entries: ctx.entries });
  return {
    name,
    dryRun: input.dryRun === true,
    changes: ctx.changes,
    ...(permissive ? { permissive, givesUp: PERMISSIVE_GIVES_UP } : {}),
    ...(kiro ? { kiro } : {}),
  };
}

function uninstallClaude(
  path: string,
  current: string,
  entry: InstalledEntry | undefined,
  input: AgentInput,
): AgentChange | undefined {
  const target = 'claude-code';
  const command = entry?.command ?? hookCommand(CLAUDE_MAX_BYTES);
  const first = removeClaudeHook(parseHostJson(path, current), command);
  const guard = removeClaudeHook(first.settings, entry?.guard ?? guardCommand(), 'PreToolUse');
  const rules = removeClaudeDenyRules(guard.settings, entry?.rules ?? []);
  if (!first.removed && !guard.removed && !rules.removed) return undefined;
  const next = json(rules.settings);
  if (!input.dryRun) writeHostFile(path, next);
  return { target, file: 'agent', path, action: 'removed', diff: lineDiff(current, next), hookOnly: true };
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
  const absent: AgentChange = { target, file: 'agent', path, action: 'absent' };
  if (current === undefined) {
    delete entries[path];
    return named ? absent : undefined;
  }
  if (target === 'claude-code') {
    const change = uninstallClaude(path, current, entry, input);
    if (change) delete entries[path];
    return change ?? (named ? absent : undefined);
  }
  if (!entry && !named) return undefined;
  return removeOwnedFile(target, 'agent', path, entry, input, entries);
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
    if (target !== 'kiro') continue;
    // Kiro CLI 3's files, where an install wrote them.
    const v3: [InstalledKind, string][] = [
      ['kiro-hooks', kiroHooksPath(scope, rt.env, rt.cwd)],
      ['kiro-permissions', kiroPermissionsPath(rt.env)],
    ];
    for (const [file, path] of v3) {
      const entry = manifest.entries[path];
      // The permission rules serve every Kiro agent installed: they go with the last one.
      const otherAgents = Object.entries(entries).some(
        ([p, e]) => e.target === 'kiro' && !e.kind && p !== path,
      );
      if (entry?.kind !== file || (file === 'kiro-permissions' && otherAgents)) continue;
      changes.push(removeOwnedFile('kiro', file, path, entry, input, entries));
    }
  }
  if (!input.dryRun) writeManifest(rt.env, { version: 1, entries });
  return { name, dryRun: input.dryRun === true, changes };
}
