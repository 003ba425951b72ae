/**
 * The profiles as the MCP server sees them: reloaded whenever the config file changes (a `sync`
 * during the agent's session shows up at the next call), and parsed only then.
 */
import { identify, type FileIdentity } from '../state/profile-map.js';
import type { ConfigDocument } from '../config/document.js';
import { configFilePath } from '../config/paths.js';
import { loadProfiles, type LoadedProfiles } from '../cli/profiles.js';
import type { Io } from '../cli/io.js';

export class ProfileStore {
  readonly #io: Pick<Io, 'env'>;
  #identity: string | undefined;
  #loaded: LoadedProfiles | undefined;

  constructor(io: Pick<Io, 'env'>) {
    this.#io = io;
  }

  get(): LoadedProfiles & { readonly document: ConfigDocument } {
    const identity: FileIdentity | null = identify(configFilePath(this.#io.env));
    const key = JSON.stringify(identity);
    if (!this.#loaded || key !== this.#identity) {
      this.#loaded = loadProfiles(this.#io);
      this.#identity = key;
    }
    return { ...this.#loaded, document: this.#loaded.file.document };
  }
}
