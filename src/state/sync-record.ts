/** Small records the tool keeps about itself, under `$XDG_STATE_HOME/aws-org-profiles` (or `~/.local/state`). */
import { join } from 'node:path';
import { homeDir, type Env } from '../config/paths.js';
import { writePrivateFile } from '../files/private.js';
import { readRegularText } from '../files/read.js';

export function stateDir(env: Env): string {
  return join(env.XDG_STATE_HOME || join(homeDir(env), '.local', 'state'), 'aws-org-profiles');
}

export interface SyncState {
  readonly version: 1;
  /** By config file, then by sso-session: when its last successful sync ended. */
  readonly syncs: Record<string, Record<string, { readonly at: string; readonly profiles: number }>>;
}

const syncStatePath = (env: Env) => join(stateDir(env), 'syncs.json');

export function readSyncState(env: Env): SyncState {
  try {
    const state = JSON.parse(readRegularText(syncStatePath(env))) as SyncState;
    if (state.version === 1 && typeof state.syncs === 'object') return state;
  } catch {
    // None yet.
  }
  return { version: 1, syncs: {} };
}

/** Best effort: losing this record only makes `doctor` less precise. */
export function recordSync(env: Env, configPath: string, session: string, at: Date, profiles: number): void {
  try {
    const state = readSyncState(env);
    const forConfig = { ...(state.syncs[configPath] ?? {}), [session]: { at: at.toISOString(), profiles } };
    writePrivateFile(
      syncStatePath(env),
      `${JSON.stringify({ version: 1, syncs: { ...state.syncs, [configPath]: forConfig } }, null, 2)}\n`,
    );
  } catch {
    // A read-only home must not fail a sync that succeeded.
  }
}
