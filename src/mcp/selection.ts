/** The profile filters of the MCP tools, as the use cases take them, and their schemas. */
import * as z from 'zod';
import type { ProfileSelection } from '../core/select.js';

/** An OU path glob: OU names are at most 128 characters, and five levels deep. */
const MAX_OU_PATTERN = 1024;
/** A key of at most 128 characters, `=`, and a value glob (values are at most 256). */
const MAX_TAG_FILTER = 512;
const MAX_TAG_FILTERS = 20;

/** The `ou` and `tag` arguments, shared by the tools that select profiles. */
export const structureArgs = {
  ou: z
    .string()
    .max(MAX_OU_PATTERN)
    .optional()
    .describe(
      'glob over the account\'s OU path, regardless of case, e.g. "/Workloads/Prod*" or "*/Security"; "*" crosses "/"; "/" is directly under the root',
    ),
  tag: z
    .array(z.string().max(MAX_TAG_FILTER))
    .max(MAX_TAG_FILTERS)
    .optional()
    .describe(
      'tag filters, each "KEY=VALUE" (VALUE a glob) or "KEY" (the tag is present); keys ignore case; different keys must all match, the same key repeated is any of them. E.g. ["env=prod*", "team=payments"]',
    ),
};

export interface SelectionArgs {
  readonly sso_session?: string | undefined;
  readonly role?: string | undefined;
  readonly account?: string | undefined;
  readonly region?: string | undefined;
  readonly profile_match?: string | undefined;
  readonly generated_only?: boolean | undefined;
  readonly ou?: string | undefined;
  readonly tag?: readonly string[] | undefined;
}

export function selectionOf(args: SelectionArgs): ProfileSelection {
  return {
    ...(args.sso_session ? { ssoSession: [args.sso_session] } : {}),
    ...(args.role ? { role: [args.role] } : {}),
    ...(args.account ? { account: [args.account] } : {}),
    ...(args.region ? { region: [args.region] } : {}),
    ...(args.profile_match ? { profileMatch: [args.profile_match] } : {}),
    ...(args.ou ? { ou: [args.ou] } : {}),
    ...(args.tag && args.tag.length > 0 ? { tag: args.tag } : {}),
    generatedOnly: args.generated_only === true,
  };
}
