/** When each sso-session of each config file was last synced: `syncs.json` in the state folder. */
import { join } from 'node:path';
import type { Env } from '../core/model.js';
import { writePrivateFile } from '../files/private.js';
import { readRegularText } from '../files/read.js';
import { stateDir } from './dirs.js';

type Syncs = Record<string, Record<string, unknown>>;

const syncStatePath = (env: Env) => join(stateDir(env), 'syncs.json');

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The record as written, or an empty one: a missing, unreadable or malformed file is no record. */
function readSyncs(env: Env): Syncs {
  try {
    const state: unknown = JSON.parse(readRegularText(syncStatePath(env)));
    if (isObject(state) && state.version === 1 && isObject(state.syncs)) {
      const syncs: Syncs = {};
      for (const [config, sessions] of Object.entries(state.syncs))
        if (isObject(sessions)) syncs[config] = sessions;
      return syncs;
    }
  } catch {
    // None yet.
  }
  return {};
}

export interface LastSync {
  readonly at: Date;
  readonly profiles: number;
}

/** The last successful sync of `session` into the config at `configPath`, if one is on record. */
export function lastSync(env: Env, configPath: string, session: string): LastSync | undefined {
  const entry = readSyncs(env)[configPath]?.[session];
  if (!isObject(entry) || typeof entry.at !== 'string' || typeof entry.profiles !== 'number')
    return undefined;
  const at = new Date(entry.at);
  return Number.isNaN(at.getTime()) ? undefined : { at, profiles: entry.profiles };
}

/** Best effort: losing this record only makes `doctor` less precise. */
export function recordSync(env: Env, configPath: string, session: string, at: Date, profiles: number): void {
  try {
    const syncs = readSyncs(env);
    syncs[configPath] = { ...(syncs[configPath] ?? {}), [session]: { at: at.toISOString(), profiles } };
    writePrivateFile(syncStatePath(env), `${JSON.stringify({ version: 1, syncs }, null, 2)}\n`);
  } catch {
    // A read-only home must not fail a sync that succeeded.
  }
}
