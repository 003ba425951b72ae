/** Loading the profiles and sessions of the config, for the commands that only read. */
import type { SessionRef } from '../cache/context-cache.js';
import { configFilePath, readConfigFile, type ConfigFile } from '../config/file.js';
import { profileRecord, type ProfileRecord } from '../core/profiles.js';
import { sessionTokenPaths } from '../sso/token-cache.js';
import type { Io } from './io.js';

export interface LoadedProfiles {
  readonly file: ConfigFile;
  readonly profiles: ProfileRecord[];
  readonly sessions: SessionRef[];
}

const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

export function loadProfiles(io: Pick<Io, 'env'>): LoadedProfiles {
  const file = readConfigFile(configFilePath(io.env));
  const profiles: ProfileRecord[] = [];
  for (const [name, named] of file.document.botocore.profiles)
    profiles.push(profileRecord(name, named.values));
  const sessions: SessionRef[] = [];
  for (const [name, named] of file.document.botocore.ssoSessions) {
    const startUrl = str(named.values.sso_start_url);
    const region = str(named.values.sso_region);
    sessions.push({
      name,
      startUrl,
      region,
      ...(startUrl ? { tokenPaths: sessionTokenPaths(io.env, { name, startUrl }) } : {}),
    });
  }
  return { file, profiles, sessions };
}
