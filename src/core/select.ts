/**
 * Selecting profiles, the same way for `list`, `context`, `each` and the MCP server: by sso-session,
 * role, region, account (glob over name, id, or the account part of a generated name), profile name,
 * and the organisation's structure: the account's OU path and its tags, from the org cache.
 */
import { usageError } from './errors.js';
import { accountPredicate, compileGlobs, tagPredicate } from './filters.js';
import type { ProfileRecord } from './profile-record.js';
import { quoteValue } from './untrusted-text.js';

export interface ProfileSelection {
  readonly ssoSession?: readonly string[];
  readonly role?: readonly string[];
  readonly region?: readonly string[];
  readonly account?: readonly string[];
  readonly excludeAccount?: readonly string[];
  readonly profileMatch?: readonly string[];
  readonly generatedOnly?: boolean;
  /** Globs over the account's OU path (`/Workloads/*`), regardless of case; `*` crosses `/`; any may match. */
  readonly ou?: readonly string[];
  /** `KEY=VALUE` (VALUE a glob) or `KEY`: see core/filters.ts `tagPredicate`. */
  readonly tag?: readonly string[];
}

const lower = (values: readonly string[] | undefined) =>
  values && values.length > 0 ? new Set(values.map((v) => v.toLowerCase())) : undefined;

/** Whether the selection asks for the organisation's structure, which only the org cache knows. */
export const selectsByStructure = (selection: Pick<ProfileSelection, 'ou' | 'tag'>): boolean =>
  (selection.ou?.length ?? 0) > 0 || (selection.tag?.length ?? 0) > 0;

/** Everything but the structure: what a profile must match before its OU and tags are looked at. */
function basePredicate(selection: ProfileSelection): (p: ProfileRecord) => boolean {
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

/**
 * The OU and tag filters alone, over anything with an account's place (a profile, or `sync`'s
 * accounts); undefined when there are none. Where the structure is unknown (no `ouPath`), no OU or
 * tag filter matches.
 */
export function structurePredicate(
  selection: Pick<ProfileSelection, 'ou' | 'tag'>,
): ((p: Pick<ProfileRecord, 'ouPath' | 'tags'>) => boolean) | undefined {
  const ou = compileGlobs(selection.ou ?? []);
  const tags = tagPredicate(selection.tag ?? []);
  if (!ou && !tags) return undefined;
  return (p) => p.ouPath !== undefined && (!ou || ou([p.ouPath])) && (!tags || tags(p.tags ?? {}));
}

export function profilePredicate(selection: ProfileSelection): (p: ProfileRecord) => boolean {
  const base = basePredicate(selection);
  const structure = structurePredicate(selection);
  return structure ? (p) => base(p) && structure(p) : base;
}

export function selectProfiles(
  profiles: readonly ProfileRecord[],
  selection: ProfileSelection,
): ProfileRecord[] {
  const keep = profilePredicate(selection);
  return profiles.filter(keep);
}

/** How much of the structure an OU or tag filter could see. */
export interface StructureCoverage {
  /** Profiles that every other filter keeps: the ones the OU and tag filters judge. */
  readonly candidates: number;
  /** Candidates whose account's place the org cache knows. */
  readonly known: number;
  /** Candidates of an sso-session whose place is unknown: no OU or tag filter can keep them. */
  readonly unknown: number;
  /** The sso-sessions of those, sorted. */
  readonly sessions: readonly string[];
}

/** For a selection with OU or tag filters, how many candidates had a known structure; else undefined. */
export function structureCoverage(
  profiles: readonly ProfileRecord[],
  selection: ProfileSelection,
): StructureCoverage | undefined {
  if (!selectsByStructure(selection)) return undefined;
  const base = basePredicate(selection);
  let candidates = 0;
  let known = 0;
  let unknown = 0;
  const sessions = new Set<string>();
  for (const p of profiles) {
    if (!base(p)) continue;
    candidates++;
    if (p.ouPath !== undefined) known++;
    else if (p.ssoSession !== null && p.accountId !== null) {
      unknown++;
      sessions.add(p.ssoSession);
    }
  }
  return { candidates, known, unknown, sessions: [...sessions].sort() };
}

const sessionList = (sessions: readonly string[]) =>
  `${sessions.length === 1 ? 'sso-session' : 'sso-sessions'} ${sessions.map((s) => quoteValue(s)).join(', ')}`;

const HOW_TO_KNOW = 'run `aws-org-profiles sync` with an Organizations reader; see --org-profile';

/**
 * What every surface says when OU or tag filters cannot see the whole structure, rather than
 * matching nothing in silence: an error (usage) when no candidate's structure is known, and a
 * one-line note, returned, when only some are unknown. Nothing when all are known.
 */
export function checkStructureKnown(
  profiles: readonly ProfileRecord[],
  selection: ProfileSelection,
): string | undefined {
  const coverage = structureCoverage(profiles, selection);
  if (!coverage || coverage.candidates === 0) return undefined;
  if (coverage.known === 0) {
    if (coverage.sessions.length === 0) {
      throw usageError(
        `OU and tag filters (--ou, --tag) select by the organisation's structure, which is known only for profiles of an sso-session; none of the ${coverage.candidates} candidate profile${coverage.candidates === 1 ? ' has' : 's have'} one.`,
      );
    }
    throw usageError(
      `the organisation's structure is unknown for ${sessionList(coverage.sessions)}, so the OU and tag filters (--ou, --tag) match nothing (${HOW_TO_KNOW}).`,
    );
  }
  if (coverage.unknown === 0) return undefined;
  return `the organisation's structure is unknown for ${sessionList(coverage.sessions)}: ${coverage.unknown} profile${coverage.unknown === 1 ? ' was' : 's were'} left out by the OU and tag filters (${HOW_TO_KNOW}).`;
}
