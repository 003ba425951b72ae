/**
 * What `agent install` wrote, so that a later install updates only files the user has not changed,
 * and `agent uninstall` removes exactly what install added. Kept under `$XDG_STATE_HOME` (or
 * `~/.local/state`)/aws-org-profiles/installed.json.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Env } from '../config/paths.js';
import type { AgentTarget } from '../core/agent-definition.js';
import { writePrivateFile } from '../files/private.js';
import { readRegularText } from '../files/read.js';
import { stateDir } from './sync-record.js';

export interface InstalledEntry {
  readonly target: AgentTarget;
  /** For agent files: the hash of the content we wrote. */
  readonly sha256?: string;
  /** For Claude Code: the hook command we added to the settings. */
  readonly command?: string;
}

export interface Manifest {
  readonly version: 1;
  readonly entries: Record<string, InstalledEntry>;
}

export function manifestPath(env: Env): string {
  return join(stateDir(env), 'installed.json');
}

export function readManifest(env: Env): Manifest {
  try {
    const parsed = JSON.parse(readRegularText(manifestPath(env))) as Manifest;
    if (parsed.version === 1 && typeof parsed.entries === 'object') return parsed;
  } catch {
    // Missing or unreadable: nothing is known to be ours.
  }
  return { version: 1, entries: {} };
}

export function writeManifest(env: Env, manifest: Manifest): void {
  writePrivateFile(manifestPath(env), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
