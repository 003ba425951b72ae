/**
 * Building the profile map from the config itself: the slow path of `context` (a cache miss), and
 * what `sync` does after it wrote the config, so that the next agent start finds it cached.
 */
import { catalogOf, type Catalog } from '../config/catalog.js';
import type { ConfigDocument } from '../config/document.js';
import { readConfigFile } from '../config/file.js';
import { configFilePath } from '../config/paths.js';
import { renderContextParts } from '../core/context-text.js';
import type { Env } from '../core/model.js';
import { withPlaces } from '../core/org.js';
import { checkStructureKnown, selectProfiles } from '../core/select.js';
import { identify, sameIdentity, type FileIdentity } from '../files/identity.js';
import { sessionTokenPaths } from '../sso/token-cache.js';
import { buildVersion } from '../version.js';
import { orgFilesOf } from './org-cache.js';
import { placesBySession } from './org-places.js';
import {
  profileMapKey,
  profileMapPath,
  writeProfileMap,
  type ProfileMapEntry,
  type ProfileMapRequest,
} from './profile-map.js';

/** A config already parsed, and the identity its file had when it held exactly that text. */
export interface KnownConfig {
  readonly document: ConfigDocument;
  readonly file: FileIdentity | null;
}

function entryFor(
  env: Env,
  catalog: Catalog,
  request: ProfileMapRequest,
  key: string,
  file: FileIdentity | null,
) {
  const wanted = request.selection.ssoSession?.length ? new Set(request.selection.ssoSession) : undefined;
  const sessions = catalog.sessions
    .filter((s) => !wanted || wanted.has(s.name))
    .map((s) =>
      s.startUrl === null
        ? s
        : { ...s, tokenPaths: sessionTokenPaths(env, { name: s.name, startUrl: s.startUrl }) },
    );
  // The org caches' identities before they are read: one rewritten meanwhile makes the entry stale.
  const orgFiles = orgFilesOf(env, catalog.sessions);
  // Places first, so that a selection by OU or tag sees them.
  const placed = withPlaces(catalog.profiles, placesBySession(env, catalog.sessions));
  // An OU or tag filter that cannot see any account's place says so instead of matching nothing.
  checkStructureKnown(placed, request.selection);
  const parts = renderContextParts({
    profiles: selectProfiles(placed, request.selection),
    maxBytes: request.maxBytes,
    sessions,
    tools: request.tools,
    ...(request.prodTagKeys ? { prodTagKeys: request.prodTagKeys } : {}),
  });
  const entry: ProfileMapEntry = { version: 1, tool: buildVersion(), key, file, sessions, orgFiles, parts };
  return entry;
}

/**
 * Builds the map from the config (or from `known`, a config just written) and caches it. Only an
 * entry read from a file that did not change meanwhile is cached; a file that changes later gets
 * another identity, so a stale entry is never used.
 */
export function buildProfileMap(env: Env, request: ProfileMapRequest, known?: KnownConfig): ProfileMapEntry {
  const path = configFilePath(env);
  const key = profileMapKey(request);
  const file = known ? known.file : identify(path);
  const document = known ? known.document : readConfigFile(path).document;
  const entry = entryFor(env, catalogOf(document), request, key, file);
  if (file !== null && (known !== undefined || sameIdentity(identify(path), file))) {
    writeProfileMap(profileMapPath(env, file.realPath, key), entry);
  }
  return entry;
}
