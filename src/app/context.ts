/**
 * Context: the text an agent-start hook prints, for a language model. This is the hot path: it
 * runs every time an agent starts, so it reads files only (no AWS SDK, no network), and the
 * profile map comes from a cache that is valid as long as the config file is the same file,
 * unchanged. The code that builds the map from the config is loaded only on a cache miss.
 */
import { configFilePath } from '../config/paths.js';
import { assembleContext, DEFAULT_MAX_BYTES, fitContext, MIN_MAX_BYTES } from '../core/context-text.js';
import { usageError } from '../core/errors.js';
import { identify } from '../files/identity.js';
import { sessionStates } from '../sso/sign-in-state.js';
import {
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
    },
    tools: { each: true, mcp: input.mcp === true },
  };
  const key = profileMapKey(request);
  const file = identify(configFilePath(rt.env));
  const cached =
    file === null
      ? undefined
      : readProfileMap(profileMapPath(rt.env, file.realPath, key), { tool: buildVersion(), key, file });
  const entry = cached ?? (await import('../state/profile-map-builder.js')).buildProfileMap(rt.env, request);
  const now = rt.now();
  return fitContext(assembleContext(entry.parts, sessionStates(rt.env, entry.sessions, now), now), maxBytes);
}
