/**
 * What `agent install` wrote, so that a later install updates only files the user has not changed,
 * and `agent uninstall` removes exactly what install added: `installed.json` in the state folder.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { AGENT_TARGETS, type AgentTarget } from '../core/agent-definition.js';
import type { Env } from '../core/model.js';
import { writePrivateFile } from '../files/private.js';
import { readRegularText } from '../files/read.js';
import { stateDir } from './dirs.js';

/** What a file is: an agent file (or Claude Code's settings), or one of Kiro CLI 3's files. */
export type InstalledKind = 'agent' | 'kiro-hooks' | 'kiro-permissions';
const KINDS: readonly InstalledKind[] = ['agent', 'kiro-hooks', 'kiro-permissions'];

export interface InstalledEntry {
  readonly target: AgentTarget;
  /** Absent for an agent file (and in manifests written before there were others). */
  readonly kind?: InstalledKind;
  /** For files we own whole: the hash of the content we wrote. */
  readonly sha256?: string;
  /** For Claude Code: the SessionStart hook command we added to the settings. */
  readonly command?: string;
  /** For Claude Code: the PreToolUse guard command we added. */
  readonly guard?: string;
  /** For Claude Code: the `permissions.deny` rules we added (not those the user had already). */
  readonly rules?: readonly string[];
  /** Installed with `--permissive`: no guard and no fences, on purpose. */
  readonly permissive?: boolean;
  /** For an agent file without hooks: the Kiro CLI 3 hooks file that holds them. */
  readonly hooksFile?: string;
}

export interface Manifest {
  readonly version: 1;
  readonly entries: Readonly<Record<string, InstalledEntry>>;
}

export function manifestPath(env: Env): string {
  return join(stateDir(env), 'installed.json');
}

/** An entry as written by `writeManifest`, or nothing: a file changed by hand is not trusted as ours. */
function entryOf(value: unknown): InstalledEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { target, kind, sha256, command, guard, rules, permissive, hooksFile } = value as Record<
    string,
    unknown
  >;
  if (!(AGENT_TARGETS as readonly unknown[]).includes(target)) return undefined;
  if (kind !== undefined && !(KINDS as readonly unknown[]).includes(kind)) return undefined;
  return {
    target: target as AgentTarget,
    ...(kind !== undefined && kind !== 'agent' ? { kind: kind as InstalledKind } : {}),
    ...(typeof sha256 === 'string' ? { sha256 } : {}),
    ...(typeof command === 'string' ? { command } : {}),
    ...(typeof guard === 'string' ? { guard } : {}),
    ...(Array.isArray(rules) ? { rules: rules.filter((r): r is string => typeof r === 'string') } : {}),
    ...(permissive === true ? { permissive } : {}),
    ...(typeof hooksFile === 'string' ? { hooksFile } : {}),
  };
}

export function readManifest(env: Env): Manifest {
  const entries: Record<string, InstalledEntry> = {};
  try {
    const parsed = JSON.parse(readRegularText(manifestPath(env))) as { version?: unknown; entries?: unknown };
    if (parsed.version === 1 && typeof parsed.entries === 'object' && parsed.entries !== null) {
      for (const [path, value] of Object.entries(parsed.entries)) {
        const entry = entryOf(value);
        if (entry) entries[path] = entry;
      }
    }
  } catch {
    // Missing or unreadable: nothing is known to be ours.
  }
  return { version: 1, entries };
}

export function writeManifest(env: Env, manifest: Manifest): void {
  writePrivateFile(manifestPath(env), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
