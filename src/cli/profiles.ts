/** Loading the profiles and sessions of the config, for the commands that only read. */
import type { SessionRef } from '../state/profile-map.js';
import type { ConfigDocument } from '../config/document.js';
import { configFilePath, readConfigFile, type ConfigFile } from '../config/file.js';
import { profileRecord, type ProfileRecord } from '../core/profile-record.js';
import { sessionTokenPaths } from '../sso/token-cache.js';
import type { Io } from './io.js';

export interface ProfilesAndSessions {
  readonly profiles: ProfileRecord[];
  readonly sessions: SessionRef[];
}

export interface LoadedProfiles extends ProfilesAndSessions {
  readonly file: ConfigFile;
}

const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

export function loadProfiles(io: Pick<Io, 'env'>): LoadedProfiles {
  const file = readConfigFile(configFilePath(io.env));
  return { file, ...profilesOf(io, file.document) };
}

/** The profiles and sessions of a parsed config, each read as botocore reads it. */
export function profilesOf(io: Pick<Io, 'env'>, document: ConfigDocument): ProfilesAndSessions {
  const profiles: ProfileRecord[] = [];
  for (const [name, named] of document.botocore.profiles) profiles.push(profileRecord(name, named));
  const sessions: SessionRef[] = [];
  for (const [name, named] of document.botocore.ssoSessions) {
    const startUrl = str(named.get('sso_start_url'));
    const region = str(named.get('sso_region'));
    sessions.push({
      name,
      startUrl,
      region,
      ...(startUrl ? { tokenPaths: sessionTokenPaths(io.env, { name, startUrl }) } : {}),
    });
  }
  return { profiles, sessions };
}
