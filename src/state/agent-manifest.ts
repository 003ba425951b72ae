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

export interface InstalledEntry {
  readonly target: AgentTarget;
  /** For agent files: the hash of the content we wrote. */
  readonly sha256?: string;
  /** For Claude Code: the hook command we added to the settings. */
  readonly command?: string;
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
  const { target, sha256, command } = value as Record<string, unknown>;
  if (!(AGENT_TARGETS as readonly unknown[]).includes(target)) return undefined;
  return {
    target: target as AgentTarget,
    ...(typeof sha256 === 'string' ? { sha256 } : {}),
    ...(typeof command === 'string' ? { command } : {}),
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
