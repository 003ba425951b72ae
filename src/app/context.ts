/**
 * Context: the text an agent-start hook prints, for a language model. This is the hot path: it
 * runs every time an agent starts, so it reads files only (no AWS SDK, no network), and the
 * profile map comes from a cache that is valid as long as the config file and the org cache files
 * are the same files, unchanged. The code that builds the map from the config is loaded only on a cache miss.
 */
import { configFilePath } from '../config/paths.js';
import { assembleContext, DEFAULT_MAX_BYTES, fitContext, MIN_MAX_BYTES } from '../core/context-text.js';
import { usageError } from '../core/errors.js';
import { identify } from '../files/identity.js';
import { sessionStates } from '../sso/sign-in-state.js';
import {
  orgFilesUnchanged,
  profileMapKey,
  profileMapPath,
  readProfileMap,
  type ProfileMapRequest,
} from '../state/profile-map.js';
import { buildVersion } from '../version.js';
import type { Runtime } from './runtime.js';

export interface ContextInput {
  /** The largest output in bytes; the hook output limit of Q Developer CLI and Kiro by default. */
  readonly maxBytes?: number;
  readonly ssoSessions?: readonly string[];
  readonly roles?: readonly string[];
  readonly accounts?: readonly string[];
  /** Only accounts in an OU whose path matches one of these globs. */
  readonly ous?: readonly string[];
  /** Only accounts with these tags: `KEY=VALUE` (a glob) or `KEY`. */
  readonly tags?: readonly string[];
  /** The tag keys whose production values mark an account as production (default: env, environment, stage). */
  readonly prodTagKeys?: readonly string[];
  /** Mention the tools of the aws-org-profiles MCP server. */
  readonly mcp?: boolean;
}

export async function agentContext(rt: Runtime, input: ContextInput): Promise<string> {
  const maxBytes = input.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes < MIN_MAX_BYTES) {
    throw usageError(`--max-bytes must be an integer of at least ${MIN_MAX_BYTES}, not ${maxBytes}`);
  }
  const request: ProfileMapRequest = {
    maxBytes,
    selection: {
      ...(input.ssoSessions ? { ssoSession: input.ssoSessions } : {}),
      ...(input.roles ? { role: input.roles } : {}),
      ...(input.accounts ? { account: input.accounts } : {}),
      ...(input.ous?.length ? { ou: input.ous } : {}),
      ...(input.tags?.length ? { tag: input.tags } : {}),
    },
    tools: { each: true, mcp: input.mcp === true },
    ...(input.prodTagKeys?.length ? { prodTagKeys: input.prodTagKeys } : {}),
  };
  const key = profileMapKey(request);
  const file = identify(configFilePath(rt.env));
  const cached =
    file === null
      ? undefined
      : readProfileMap(profileMapPath(rt.env, file.realPath, key), { tool: buildVersion(), key, file });
  const fresh = cached && orgFilesUnchanged(rt.env, cached) ? cached : undefined;
  const entry = fresh ?? (await import('../state/profile-map-builder.js')).buildProfileMap(rt.env, request);
  const now = rt.now();
  return fitContext(assembleContext(entry.parts, sessionStates(rt.env, entry.sessions, now), now), maxBytes);
}
