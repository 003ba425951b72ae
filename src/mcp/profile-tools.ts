/** The tools that find a profile: list_profiles, find_profiles, get_profile. */
import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { findProfiles, getProfile, orgTreeOf, pageOfProfiles, type LoadedCatalog } from '../app/list.js';
import { profileJson } from '../core/profile-record.js';
import { selectionOf, structureArgs } from './selection.js';
import { guarded, ok } from './tool-result.js';

const readOnly = { readOnlyHint: true, openWorldHint: false };

export function registerProfileTools(server: McpServer, profiles: { get(): LoadedCatalog }): void {
  server.registerTool(
    'list_profiles',
    {
      title: 'List AWS profiles',
      description:
        'Lists the AWS profiles of this machine (one per account and role), filtered and paged. Filters ignore case; ' +
        '`account` is a glob over the account name or id, e.g. "*prod*"; `ou` and `tag` select by the ' +
        "organisation's structure (each profile's ouPath and tags, known once `aws-org-profiles sync` read it). " +
        'Returns the total and one page, and a note when the structure of some candidates is unknown.',
      inputSchema: z.object({
        sso_session: z.string().optional().describe('only profiles of this IAM Identity Center session'),
        role: z.string().optional().describe('only this role (permission set), e.g. ReadOnlyAccess'),
        account: z
          .string()
          .optional()
          .describe('glob over account name or id, e.g. "*payments*" or "123456789012"'),
        region: z.string().optional().describe('only profiles with this region'),
        generated_only: z.boolean().optional().describe('only profiles written by aws-org-profiles'),
        ...structureArgs,
        offset: z.number().int().min(0).default(0).describe('index of the first profile to return'),
        limit: z.number().int().min(1).max(500).default(50).describe('page size, at most 500'),
      }),
      annotations: readOnly,
    },
    (args) =>
      guarded(() => {
        const page = pageOfProfiles(profiles.get(), selectionOf(args), args.offset, args.limit);
        return ok({ ...page, profiles: page.profiles.map(profileJson) });
      }),
  );

  server.registerTool(
    'find_profiles',
    {
      title: 'Find AWS profiles by description',
      description:
        'Finds profiles from plain words, e.g. "prod db readonly" or "security audit in the log archive account". ' +
        'Ranks them by account name, account id, role and profile name, and by whole words of the names of the ' +
        "account's OUs and its tag values, which weigh more (with synonyms such as prod/production, " +
        'db/dba/database, readonly/viewonly), and says why each matched.',
      inputSchema: z.object({
        query: z.string().min(1).describe('words describing the account and role you need'),
        limit: z.number().int().min(1).max(50).default(10),
      }),
      annotations: readOnly,
    },
    (args) =>
      guarded(() =>
        ok({
          query: args.query,
          matches: findProfiles(profiles.get(), args.query, args.limit).map((m) => ({
            ...profileJson(m.profile),
            score: m.score,
            why: m.why,
          })),
        }),
      ),
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
        const { record, settings, section } = getProfile(profiles.get(), args.profile);
        return ok({ ...profileJson(record), settings, section });
      }),
  );

  server.registerTool(
    'org_tree',
    {
      title: 'The OU tree of the AWS organisation',
      description:
        "The organisation's OUs that hold accounts with profiles here, as a tree from the root: for each OU its " +
        'path, how many accounts and profiles are in it and below it, their roles with counts, and whether it is ' +
        'production (by OU name, or by env/environment/stage tags). Known once `aws-org-profiles sync` read the ' +
        'structure. Use it to see how the organisation is laid out, then list_profiles with `ou` to pick profiles.',
      inputSchema: z.object({
        sso_session: z.string().optional().describe('only profiles of this IAM Identity Center session'),
        role: z.string().optional().describe('count only profiles of this role'),
        ...structureArgs,
        max_depth: z
          .number()
          .int()
          .min(0)
          .max(5)
          .default(5)
          .describe(
            'levels of OUs below the root to show (Organizations allows 5); deeper OUs are only counted',
          ),
      }),
      annotations: readOnly,
    },
    (args) =>
      guarded(() => ok({ ...orgTreeOf(profiles.get(), selectionOf(args), { maxDepth: args.max_depth }) })),
  );
}
