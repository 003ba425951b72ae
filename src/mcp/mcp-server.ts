/**
 * The MCP server: lets any agent host find the right profile among thousands, check sign-in, and
 * prove that a profile works. Tools read the config at each call (parsing it again only when it
 * changed). Nothing here writes to stdout: that is the protocol's channel.
 */
import { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { Io } from '../cli/io.js';
import { sessionStates } from '../cli/session-state.js';
import { AppError } from '../core/errors.js';
import { jsonText } from '../core/untrusted-text.js';
import { guarded, ok } from './tool-result.js';
import { profileJson } from '../core/profile-record.js';
import { searchProfiles } from '../core/search.js';
import { selectProfiles } from '../core/select.js';
import { version } from '../version.js';
import { registerRunAcross } from './run-across.js';
import { ProfileStore } from './store.js';

/** Keys whose values are secrets: reported as present, never shown. */
const SECRET_KEYS = new Set(['aws_secret_access_key', 'aws_session_token', 'aws_security_token']);

export function createMcpServer(io: Io): McpServer {
  const store = new ProfileStore(io);
  const server = new McpServer(
    { name: 'aws-org-profiles', version: version() },
    {
      capabilities: { tools: {}, resources: {} },
      instructions:
        'Finds the AWS profile (one per account and role of an AWS Organization) to pass as --profile, ' +
        'profile_name or AWS_PROFILE. Use find_profiles with plain words, list_profiles to filter, and ' +
        'check_profile to prove a profile works before relying on it.',
    },
  );
  const readOnly = { readOnlyHint: true, openWorldHint: false };

  server.registerTool(
    'list_profiles',
    {
      title: 'List AWS profiles',
      description:
        'Lists the AWS profiles of this machine (one per account and role), filtered and paged. Filters ignore case; ' +
        '`account` is a glob over the account name or id, e.g. "*prod*". Returns the total and one page.',
      inputSchema: z.object({
        sso_session: z.string().optional().describe('only profiles of this IAM Identity Center session'),
        role: z.string().optional().describe('only this role (permission set), e.g. ReadOnlyAccess'),
        account: z
          .string()
          .optional()
          .describe('glob over account name or id, e.g. "*payments*" or "123456789012"'),
        region: z.string().optional().describe('only profiles with this region'),
        generated_only: z.boolean().optional().describe('only profiles written by aws-org-profiles'),
        offset: z.number().int().min(0).default(0).describe('index of the first profile to return'),
        limit: z.number().int().min(1).max(500).default(50).describe('page size, at most 500'),
      }),
      annotations: readOnly,
    },
    (args) =>
      guarded(() => {
        const { profiles } = store.get();
        const selected = selectProfiles(profiles, {
          ...(args.sso_session ? { ssoSession: [args.sso_session] } : {}),
          ...(args.role ? { role: [args.role] } : {}),
          ...(args.account ? { account: [args.account] } : {}),
          ...(args.region ? { region: [args.region] } : {}),
          generatedOnly: args.generated_only === true,
        }).sort((a, b) => (a.profile < b.profile ? -1 : 1));
        const page = selected.slice(args.offset, args.offset + args.limit);
        return ok({
          total: selected.length,
          offset: args.offset,
          limit: args.limit,
          profiles: page.map(profileJson),
          ...(args.offset + page.length < selected.length ? { nextOffset: args.offset + page.length } : {}),
        });
      }),
  );

  server.registerTool(
    'find_profiles',
    {
      title: 'Find AWS profiles by description',
      description:
        'Finds profiles from plain words, e.g. "prod db readonly" or "security audit in the log archive account". ' +
        'Ranks them by account name, account id, role and profile name (with synonyms such as prod/production, ' +
        'db/dba/database, readonly/viewonly) and says why each matched.',
      inputSchema: z.object({
        query: z.string().min(1).describe('words describing the account and role you need'),
        limit: z.number().int().min(1).max(50).default(10),
      }),
      annotations: readOnly,
    },
    (args) =>
      guarded(() => {
        const matches = searchProfiles(store.get().profiles, args.query, args.limit);
        return ok({
          query: args.query,
          matches: matches.map((m) => ({ ...profileJson(m.profile), score: m.score, why: m.why })),
        });
      }),
  );

  server.registerTool(
    'get_profile',
    {
      title: 'Get one AWS profile',
      description: 'Every setting of one profile, as the AWS CLI reads it. Secret values are never shown.',
      inputSchema: z.object({ profile: z.string().min(1).describe('the profile name') }),
      annotations: readOnly,
    },
    (args) =>
      guarded(() => {
        const { profiles, document } = store.get();
        const record = profiles.find((p) => p.profile === args.profile);
        const named = document.profile(args.profile);
        if (!record || !named) {
          const near = searchProfiles(profiles, args.profile, 5).map((m) => m.profile.profile);
          throw new AppError(
            'PROFILE_NOT_FOUND',
            `no profile named ${args.profile}.${near.length ? ` Close: ${near.join(', ')}.` : ''}`,
          );
        }
        const settings: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(named.values)) {
          settings[key] = SECRET_KEYS.has(key) ? '(set; not shown)' : value;
        }
        return ok({
          ...profileJson(record),
          settings,
          section: `line ${named.section.line + 1} of ${document.source}`,
        });
      }),
  );

  server.registerTool(
    'session_status',
    {
      title: 'IAM Identity Center sign-in status',
      description:
        'Each sso-session: its start URL and region, whether its cached token is valid, and until when. ' +
        'An expired or missing token means the user must sign in again (the fix is given). The token itself is never returned.',
      inputSchema: z.object({}),
      annotations: readOnly,
    },
    () =>
      guarded(() => {
        const { sessions } = store.get();
        const now = io.now();
        return ok({
          sessions: sessionStates(io, sessions).map((s) => ({
            name: s.name,
            startUrl: s.startUrl,
            region: s.region,
            token: s.token,
            expiresAt: s.expiresAt?.toISOString() ?? null,
            minutesLeft: s.expiresAt
              ? Math.max(0, Math.floor((s.expiresAt.getTime() - now.getTime()) / 60_000))
              : null,
            refreshable: s.refreshable === true,
            ...(s.token === 'valid' ? {} : { fix: `aws sso login --sso-session ${s.name}` }),
          })),
        });
      }),
  );

  server.registerTool(
    'check_profile',
    {
      title: 'Check that an AWS profile works',
      description:
        'Proves a profile works: takes its role credentials from IAM Identity Center with the cached sign-in, ' +
        'calls STS GetCallerIdentity with them, and returns the account and ARN. Credentials are never returned.',
      inputSchema: z.object({ profile: z.string().min(1).describe('the profile name') }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (args) =>
      guarded(async () => {
        const { checkProfile } = await import('../cli/check.js');
        const identity = await checkProfile(io, store.get().document, args.profile);
        return ok({ ...identity });
      }),
  );

  registerRunAcross(server, io, store);

  server.registerResource(
    'profiles',
    'aws-profiles://profiles',
    {
      title: 'AWS profiles',
      description: 'Every AWS profile of this machine, as JSON',
      mimeType: 'application/json',
    },
    (uri) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: 'application/json',
          text: jsonText({ version: 1, profiles: store.get().profiles.map(profileJson) }),
        },
      ],
    }),
  );

  return server;
}
