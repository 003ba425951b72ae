/**
 * `aws-org-profiles context`: what an agent-start hook prints. This is the hot path: it runs every
 * time an agent starts. It reads files only (no AWS SDK, no network, no argument-parsing library:
 * bin.ts sends `context` here directly), and the profile section comes from a cache that is valid
 * as long as the config file is the same file, unchanged.
 */
import { parseArgs } from 'node:util';
import {
  contextCachePath,
  identify,
  readContextCache,
  writeContextCache,
  type ContextCacheEntry,
  type FileIdentity,
} from '../state/profile-map.js';
import type { ConfigDocument } from '../config/document.js';
import { configFilePath } from '../config/paths.js';
import { assembleContext, DEFAULT_MAX_BYTES, renderContextParts, truncate } from '../core/context-text.js';
import { usageError } from '../core/errors.js';
import { selectProfiles } from '../core/select.js';
import { version } from '../version.js';
import type { Io } from './io.js';
import { reportError } from './report.js';
import { sessionStates } from './session-state.js';

export interface ContextOptions {
  readonly maxBytes?: string | number;
  readonly ssoSession?: readonly string[];
  readonly role?: readonly string[];
  readonly account?: readonly string[];
  readonly mcp?: boolean;
}

/** One description of the options, for this parser and for `--help`. */
export const CONTEXT_OPTIONS = [
  {
    name: 'max-bytes',
    key: 'maxBytes',
    arg: '<n>',
    multiple: false,
    help: `largest output in bytes (default ${DEFAULT_MAX_BYTES}, the hook output limit of Amazon Q Developer CLI and Kiro)`,
  },
  {
    name: 'sso-session',
    key: 'ssoSession',
    arg: '<name>',
    multiple: true,
    help: 'only profiles of this sso-session; repeatable',
  },
  {
    name: 'role',
    key: 'role',
    arg: '<role>',
    multiple: true,
    help: 'only profiles of this role; repeatable',
  },
  {
    name: 'account',
    key: 'account',
    arg: '<pattern>',
    multiple: true,
    help: 'only accounts whose name or id matches this glob; repeatable',
  },
  {
    name: 'mcp',
    key: 'mcp',
    arg: '',
    multiple: false,
    help: 'mention the tools of the aws-org-profiles MCP server (agent install --mcp adds this)',
  },
] as const;

export function maxBytesOf(value: string | number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_BYTES;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 256) {
    throw usageError(`--max-bytes must be an integer of at least 256, not ${JSON.stringify(value)}`);
  }
  return n;
}

const tools = (options: ContextOptions) => ({ each: true, mcp: options.mcp === true });

/** A config already parsed, and the identity its file had when it held exactly that text. */
export interface KnownConfig {
  readonly document: ConfigDocument;
  readonly file: FileIdentity | null;
}

/** Computes the cacheable part from the config itself: the slow path, loaded only when needed. */
async function computeEntry(
  io: Io,
  options: ContextOptions,
  key: string,
  maxBytes: number,
  known?: KnownConfig,
): Promise<ContextCacheEntry> {
  const path = configFilePath(io.env);
  const file = known ? known.file : identify(path);
  const { loadProfiles, profilesOf } = await import('./profiles.js');
  const loaded = known ? profilesOf(io, known.document) : loadProfiles(io);
  const wanted =
    options.ssoSession && options.ssoSession.length > 0 ? new Set(options.ssoSession) : undefined;
  const sessions = loaded.sessions.filter((s) => !wanted || wanted.has(s.name));
  const parts = renderContextParts({
    profiles: selectProfiles(loaded.profiles, options),
    maxBytes,
    sessionCount: sessions.length,
    tools: tools(options),
  });
  const entry: ContextCacheEntry = { version: 1, tool: version(), key, file, sessions, parts };
  // Only an entry read from a file that did not change meanwhile may be cached. A file that
  // changes later gets another identity, so a stale entry is never used.
  if (file !== null && (known !== undefined || JSON.stringify(identify(path)) === JSON.stringify(file))) {
    writeContextCache(contextCachePath(io.env, file.realPath, key), entry);
  }
  return entry;
}

export async function runContext(io: Io, options: ContextOptions): Promise<number> {
  const maxBytes = maxBytesOf(options.maxBytes);
  const key = JSON.stringify([
    maxBytes,
    options.ssoSession ?? [],
    options.role ?? [],
    options.account ?? [],
    tools(options),
  ]);
  const file = identify(configFilePath(io.env));
  const cached =
    file === null
      ? undefined
      : readContextCache(contextCachePath(io.env, file.realPath, key), { tool: version(), key, file });
  const entry = cached ?? (await computeEntry(io, options, key, maxBytes));
  const text = assembleContext(entry.parts, sessionStates(io, entry.sessions), io.now());
  io.stdout.write(Buffer.byteLength(text) <= maxBytes ? text : truncate(text, maxBytes));
  return 0;
}

/** Builds the cache for the default hook from the config `sync` just wrote. Best effort. */
export async function warmContextCache(io: Io, known: KnownConfig): Promise<void> {
  const maxBytes = DEFAULT_MAX_BYTES;
  const key = JSON.stringify([maxBytes, [], [], [], tools({})]);
  await computeEntry(io, {}, key, maxBytes, known);
}

/** `context` without commander: node:util's parser over the same option list. */
export async function contextFromArgv(io: Io, argv: readonly string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: Object.fromEntries(
        CONTEXT_OPTIONS.map((o) => [
          o.name,
          { type: o.arg === '' ? ('boolean' as const) : ('string' as const), multiple: o.multiple },
        ]),
      ),
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0)
      throw usageError(`context takes no arguments, got ${JSON.stringify(positionals[0])}`);
    const options: Record<string, unknown> = {};
    for (const o of CONTEXT_OPTIONS) if (values[o.name] !== undefined) options[o.key] = values[o.name];
    return await runContext(io, options);
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      return reportError(
        io,
        usageError((error as Error).message, 'Run `aws-org-profiles context --help` for usage.'),
      );
    }
    return reportError(io, error);
  }
}
