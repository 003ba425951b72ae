/**
 * The profiles and sso-sessions of the config, each read as botocore reads it: what `list`,
 * `context`, `each`, completion and the MCP server work from.
 */
import { profileRecord, type ProfileRecord } from '../core/profile-record.js';
import type { Env } from '../core/model.js';
import type { SessionRef } from '../core/sign-in.js';
import { nonEmpty } from '../core/values.js';
import { identify } from '../files/identity.js';
import type { ConfigDocument } from './document.js';
import { readConfigFile, type ConfigFile } from './file.js';
import { configFilePath } from './paths.js';

export interface Catalog {
  readonly profiles: readonly ProfileRecord[];
  readonly sessions: readonly SessionRef[];
}

export interface LoadedCatalog extends Catalog {
  readonly file: ConfigFile;
}

/** The profiles and sessions of a parsed config. */
export function catalogOf(document: ConfigDocument): Catalog {
  const profiles: ProfileRecord[] = [];
  for (const [name, named] of document.botocore.profiles) profiles.push(profileRecord(name, named));
  const sessions: SessionRef[] = [];
  for (const [name, named] of document.botocore.ssoSessions) {
    sessions.push({
      name,
      startUrl: nonEmpty(named.get('sso_start_url')) ?? null,
      region: nonEmpty(named.get('sso_region')) ?? null,
    });
  }
  return { profiles, sessions };
}

/** Reads and parses the config (`AWS_CONFIG_FILE` or `~/.aws/config`). */
export function loadCatalog(env: Env): LoadedCatalog {
  const file = readConfigFile(configFilePath(env));
  return { file, ...catalogOf(file.document) };
}

/**
 * The catalog of a long-lived process (the MCP server): parsed again only when the config file
 * changed, so a `sync` during an agent's session shows up at its next call.
 */
export class CatalogSource {
  readonly #env: Env;
  #identity: string | undefined;
  #loaded: LoadedCatalog | undefined;

  constructor(env: Env) {
    this.#env = env;
  }

  get(): LoadedCatalog {
    const identity = JSON.stringify(identify(configFilePath(this.#env)));
    if (!this.#loaded || identity !== this.#identity) {
      this.#loaded = loadCatalog(this.#env);
      this.#identity = identity;
    }
    return this.#loaded;
  }
}
