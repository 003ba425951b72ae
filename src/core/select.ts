/**
 * Selecting profiles, the same way for `list`, `context`, `each` and the MCP server: by sso-session,
 * role, region, account (glob over name, id, or the account part of a generated name) and profile name.
 */
import { accountPredicate, compileGlobs } from './filters.js';
import type { ProfileRecord } from './profile-record.js';

export interface ProfileSelection {
  readonly ssoSession?: readonly string[];
  readonly role?: readonly string[];
  readonly region?: readonly string[];
  readonly account?: readonly string[];
  readonly excludeAccount?: readonly string[];
  readonly profileMatch?: readonly string[];
  readonly generatedOnly?: boolean;
}

const lower = (values: readonly string[] | undefined) =>
  values && values.length > 0 ? new Set(values.map((v) => v.toLowerCase())) : undefined;

export function profilePredicate(selection: ProfileSelection): (p: ProfileRecord) => boolean {
  const sessions = lower(selection.ssoSession);
  const roles = lower(selection.role);
  const regions = lower(selection.region);
  const account = accountPredicate({ include: selection.account, exclude: selection.excludeAccount });
  const names = compileGlobs(selection.profileMatch ?? []);
  return (p) =>
    (!selection.generatedOnly || p.generated) &&
    (!sessions || (p.ssoSession !== null && sessions.has(p.ssoSession.toLowerCase()))) &&
    (!roles || (p.role !== null && roles.has(p.role.toLowerCase()))) &&
    (!regions || (p.region !== null && regions.has(p.region.toLowerCase()))) &&
    account(p) &&
    (!names || names([p.profile]));
}

export function selectProfiles(
  profiles: readonly ProfileRecord[],
  selection: ProfileSelection,
): ProfileRecord[] {
  const keep = profilePredicate(selection);
  return profiles.filter(keep);
}
