/** The profile filters of the MCP tools, as the use cases take them. */
import type { ProfileSelection } from '../core/select.js';

export interface SelectionArgs {
  readonly sso_session?: string | undefined;
  readonly role?: string | undefined;
  readonly account?: string | undefined;
  readonly region?: string | undefined;
  readonly profile_match?: string | undefined;
  readonly generated_only?: boolean | undefined;
}

export function selectionOf(args: SelectionArgs): ProfileSelection {
  return {
    ...(args.sso_session ? { ssoSession: [args.sso_session] } : {}),
    ...(args.role ? { role: [args.role] } : {}),
    ...(args.account ? { account: [args.account] } : {}),
    ...(args.region ? { region: [args.region] } : {}),
    ...(args.profile_match ? { profileMatch: [args.profile_match] } : {}),
    generatedOnly: args.generated_only === true,
  };
}
