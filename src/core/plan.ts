/**
 * The sync plan: the profiles discovery says should exist, compared with the profiles the config
 * already has. Generated profiles of this session are ours to create, update and prune; anything
 * else is never touched, and a name clash with it is reported as a conflict.
 */
import { createHash } from 'node:crypto';
import { AppError } from './errors.js';
import { GENERATOR, ProfileKeys, type Discovery, type Entry } from './model.js';
import { accountPart, isReservedName, ouFields, type NameFields, type NameTemplate } from './naming.js';
import type { AccountPlace } from './org.js';
import { isGenerated, lookup, type ValueSource } from './profile-record.js';
import { encodeValue, portableValueProblem, wellFormed } from './values.js';

export interface ExistingProfile {
  readonly name: string;
  /** Its values, looked up one key at a time: building 10,000 maps just to plan one change is waste. */
  readonly values: ValueSource;
  /** More than one section defines this name (e.g. `[profile x]` and `[profile "x"]`). */
  readonly ambiguous: boolean;
  /**
   * The profile's own lines, in file order, when it inherits nothing (no [DEFAULT] keys): a profile
   * whose lines are exactly what would be written is then known unchanged without a lookup.
   */
  readonly lines?: readonly { readonly key: string; readonly value: string }[] | undefined;
}

export interface SyncRequest {
  readonly session: string;
  readonly region: string;
  readonly template: NameTemplate;
  /** Roles to write; undefined means every role. */
  readonly roles?: ReadonlySet<string>;
  readonly includeAccount: (account: { accountId: string; accountName: string }) => boolean;
  readonly discovery: Discovery;
  readonly existing: ReadonlyMap<string, ExistingProfile>;
  readonly prune: boolean;
  /** A `credential_process` command line to write into each profile, with `{profile}` replaced. */
  readonly credentialProcess?: string;
  /**
   * The line an earlier `--credential-process` run would have written (same template). Without
   * `credentialProcess`, exactly that line is removed again; any other one the user wrote stays.
   */
  readonly ownCredentialProcess?: string;
  /**
   * Each account's place in the organisation, by account id, where it is known. A profile of an
   * account with a place gets `sso_account_ou`, and the `{ou}`, `{ouPath}` and `{tag:KEY}` fields
   * of its name; one without a place gets neither (an `sso_account_ou` it had is removed).
   */
  readonly places?: ReadonlyMap<string, AccountPlace>;
}

/** A profile as it should be. Its lines are made on demand: a plan may hold 30,000 of these. */
export class DesiredProfile {
  constructor(
    readonly name: string,
    readonly session: string,
    readonly accountId: string,
    readonly accountName: string,
    readonly role: string,
    readonly region: string,
    /** A `credential_process` command line to write, if asked for. */
    readonly credentialProcess?: string,
    /** The account's OU path, when its place is known. */
    readonly accountOu?: string,
  ) {}

  /**
   * Visits each key and value in the order they are written, while `visit` returns true; returns
   * whether every one was visited. The one place that order is defined.
   */
  #each(visit: (key: string, value: string) => boolean): boolean {
    return (
      visit(ProfileKeys.session, this.session) &&
      visit(ProfileKeys.accountId, this.accountId) &&
      visit(ProfileKeys.role, this.role) &&
      visit(ProfileKeys.region, this.region) &&
      (this.accountName === '' || visit(ProfileKeys.accountName, encodeValue(this.accountName))) &&
      (this.accountOu === undefined || visit(ProfileKeys.accountOu, encodeValue(this.accountOu))) &&
      visit(ProfileKeys.generatedBy, GENERATOR) &&
      (this.credentialProcess === undefined || visit(ProfileKeys.credentialProcess, this.credentialProcess))
    );
  }

  /** True when `lines` are exactly the entries, in order: the profile as it would be written. */
  writtenAs(lines: readonly { readonly key: string; readonly value: string }[]): boolean {
    let i = 0;
    const same = this.#each((key, value) => lines[i]?.key === key && lines[i++]!.value === value);
    return same && i === lines.length;
  }

  /** The keys and values of the profile, in the order they are written. */
  get entries(): Entry[] {
    const entries: Entry[] = [];
    this.#each((key, value) => entries.push([key, value]) > 0);
    return entries;
  }
}

export interface Change {
  readonly key: string;
  readonly from: string | null;
  readonly to: string | null;
}

export interface Removal {
  readonly name: string;
  readonly accountId: string | null;
  readonly role: string | null;
  readonly reason: string;
  /** The name its account and role now have: the profile was renamed, not unassigned. */
  readonly renamedTo?: string;
}

export interface Rename {
  readonly name: string;
  readonly baseName: string;
  readonly reason: string;
}

export interface SyncPlan {
  readonly create: readonly DesiredProfile[];
  readonly update: readonly { readonly profile: DesiredProfile; readonly changes: readonly Change[] }[];
  readonly unchanged: readonly DesiredProfile[];
  readonly prune: readonly Removal[];
  /** Generated profiles that `--prune` would remove: unassigned, or renamed (`renamedTo`). */
  readonly stale: readonly Removal[];
  readonly conflicts: readonly { readonly profile: DesiredProfile; readonly reason: string }[];
  readonly renamed: readonly Rename[];
  /** Accounts in scope that have none of the requested roles. */
  readonly accountsWithoutRole: number;
}

interface Candidate {
  readonly accountId: string;
  readonly accountName: string;
  readonly role: string;
  readonly fields: NameFields;
  name: string;
}

const keyOf = (accountId: string | null, role: string | null) => `${accountId ?? ''}\u0000${role ?? ''}`;
const shortHash = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 8);

function stringValue(values: ValueSource, key: string): string | null {
  const value = lookup(values, key);
  return typeof value === 'string' ? value : null;
}

/** The existing generated profile of this session that holds `name`, as account+role, if any. */
function ownerOf(request: SyncRequest, name: string): string | undefined {
  const existing = request.existing.get(name);
  if (!existing || !isGenerated(existing.values)) return undefined;
  if (stringValue(existing.values, ProfileKeys.session) !== request.session) return undefined;
  return keyOf(
    stringValue(existing.values, ProfileKeys.accountId),
    stringValue(existing.values, ProfileKeys.role),
  );
}

/** The role a name is rendered with to compare what two accounts make of the rest of the template. */
const PROBE_ROLE = 'R';

/**
 * The accounts whose names give the same profile names as another account's, role for role
 * (`Prod` and `prod`, `a/b` and `a b`). Every discovered account counts, in scope or not, so that
 * which accounts a run selects never changes what a name part means.
 */
function accountTwins(request: SyncRequest): Set<string> {
  const { template } = request;
  if (template.fields.has('accountId')) return new Set();
  const byName = new Map<string, string>();
  const twins = new Set<string>();
  for (const account of request.discovery.accounts) {
    const name = template.render(
      nameFields(request, account.accountId, wellFormed(account.accountName), PROBE_ROLE),
    );
    const other = byName.get(name);
    if (other === undefined) byName.set(name, account.accountId);
    else if (other !== account.accountId) twins.add(other).add(account.accountId);
  }
  return twins;
}

/** The candidate with the account id added to its account's part of the name. */
function withAccountId(request: SyncRequest, c: Candidate): string {
  return request.template.fields.has('account') || request.template.fields.has('accountName')
    ? request.template.render({
        ...c.fields,
        account: `${c.fields.account}-${c.accountId}`,
        accountName: `${c.fields.accountName}-${c.accountId}`,
      })
    : `${c.name}-${c.accountId}`;
}

/**
 * Gives every candidate a unique name. Where two accounts give the same name part, every profile
 * of both carries the account id, so that a part names one account whichever role follows it.
 * Where names still clash, the account id (then a short hash of the role) is added to tell them
 * apart. A profile that already holds its name keeps it, so a new twin account never renames a
 * profile that scripts already use.
 */
function assignUniqueNames(request: SyncRequest, candidates: Candidate[]): Rename[] {
  const renamed: Rename[] = [];
  const keeps = (c: Candidate, name: string) => ownerOf(request, name) === keyOf(c.accountId, c.role);
  const twins = accountTwins(request);
  if (twins.size > 0) {
    for (const c of candidates) {
      if (!twins.has(c.accountId) || keeps(c, c.name)) continue;
      const baseName = c.name;
      c.name = withAccountId(request, c);
      renamed.push({ name: c.name, baseName, reason: "another account's name gives the same name part" });
    }
  }
  const steps: { reason: string; rename: (c: Candidate) => string }[] = [
    { reason: 'another account gives the same name', rename: (c) => withAccountId(request, c) },
    { reason: 'another role gives the same name', rename: (c) => `${c.name}-${shortHash(c.role)}` },
    {
      reason: 'the name is still shared',
      rename: (c) => `${c.name}-${shortHash(keyOf(c.accountId, c.role))}`,
    },
  ];
  // Names are almost always distinct already: look for a clash before grouping anything.
  const seen = new Set<string>();
  if (candidates.every((c) => !seen.has(c.name) && seen.add(c.name))) return renamed;
  for (const step of steps) {
    const groups = new Map<string, Candidate[]>();
    for (const c of candidates) {
      const group = groups.get(c.name);
      if (group) group.push(c);
      else groups.set(c.name, [c]);
    }
    let clashes = false;
    for (const [name, group] of groups) {
      if (group.length < 2) continue;
      clashes = true;
      const owner = ownerOf(request, name);
      for (const c of group) {
        if (owner !== undefined && keyOf(c.accountId, c.role) === owner) continue;
        const baseName = c.name;
        c.name = step.rename(c);
        renamed.push({ name: c.name, baseName, reason: step.reason });
      }
    }
    if (!clashes) break;
  }
  return renamed;
}

function nameFields(request: SyncRequest, accountId: string, accountName: string, role: string): NameFields {
  const fields = {
    session: request.session,
    account: accountPart(accountName) || accountId,
    accountName: accountName || accountId,
    accountId,
    role,
    region: request.region,
  };
  if (!request.template.needsOrg) return fields;
  const place = request.places?.get(accountId);
  return place ? { ...fields, ...ouFields(place.ouNames), tags: place.tags } : fields;
}

function candidatesOf(request: SyncRequest): { candidates: Candidate[]; accountsWithoutRole: number } {
  const candidates: Candidate[] = [];
  let accountsWithoutRole = 0;
  for (const account of request.discovery.accounts) {
    const roles = request.discovery.roles.get(account.accountId);
    if (!roles || !request.includeAccount(account)) continue;
    // Stored as UTF-8, a lone surrogate reads back as U+FFFD: plan with that, or every run would
    // see a change and write the name again.
    const accountName = wellFormed(account.accountName);
    let found = false;
    for (const role of roles) {
      if (request.roles && !request.roles.has(role)) continue;
      found = true;
      const fields = nameFields(request, account.accountId, accountName, role);
      candidates.push({
        accountId: account.accountId,
        accountName,
        role,
        fields,
        name: request.template.render(fields),
      });
    }
    if (!found) accountsWithoutRole++;
  }
  return { candidates, accountsWithoutRole };
}

/** The OU path to write, as it reads back once stored as UTF-8 (see the account name's). */
function ouPathOf(request: SyncRequest, accountId: string): string | undefined {
  const place = request.places?.get(accountId);
  return place && wellFormed(place.ouPath);
}

function compare(existing: ValueSource, profile: DesiredProfile, own: string | undefined): Change[] {
  const changes: Change[] = [];
  const check = (key: string, value: string | null) => {
    const current = stringValue(existing, key);
    if (current !== value) changes.push({ key, from: current, to: value });
  };
  // Field by field rather than through `entries`: most of 10,000 profiles are unchanged.
  check(ProfileKeys.session, profile.session);
  check(ProfileKeys.accountId, profile.accountId);
  check(ProfileKeys.role, profile.role);
  check(ProfileKeys.region, profile.region);
  if (profile.accountName !== '') check(ProfileKeys.accountName, encodeValue(profile.accountName));
  // The plan owns the key: written where the place is known, removed where it no longer is.
  check(ProfileKeys.accountOu, profile.accountOu === undefined ? null : encodeValue(profile.accountOu));
  check(ProfileKeys.generatedBy, GENERATOR);
  const process = stringValue(existing, ProfileKeys.credentialProcess);
  if (profile.credentialProcess !== undefined)
    check(ProfileKeys.credentialProcess, profile.credentialProcess);
  else if (process !== null && own !== undefined && process === own.replaceAll('{profile}', profile.name)) {
    changes.push({ key: ProfileKeys.credentialProcess, from: process, to: null });
  }
  return changes;
}

const FIELD_NAMES: Readonly<Record<string, string>> = {
  [ProfileKeys.session]: 'sso-session name',
  [ProfileKeys.accountId]: 'account id',
  [ProfileKeys.role]: 'role name',
  [ProfileKeys.region]: 'region',
  [ProfileKeys.accountName]: 'account name',
  [ProfileKeys.accountOu]: 'OU path',
  [ProfileKeys.credentialProcess]: 'credential_process command',
};

/**
 * Refuses a profile with a value that the config file cannot hold so that botocore and the JS SDK
 * both read it back as it is: bad data (from the portal, the config or the caller) is named as
 * such, rather than caught later as a check of the written file that fails.
 */
function checkStorable(profile: DesiredProfile): void {
  for (const [key, value] of profile.entries) {
    const problem = portableValueProblem(value);
    if (problem === undefined) continue;
    const fromPortal = key === ProfileKeys.accountId || key === ProfileKeys.role;
    throw new AppError(
      'CONFIG_VALUE',
      `cannot write ${FIELD_NAMES[key] ?? key} ${JSON.stringify(value)}${key === ProfileKeys.accountId ? '' : ` for account ${profile.accountId}`} (profile ${profile.name}): it ${problem}.`,
      {
        hint: fromPortal
          ? 'It comes from IAM Identity Center: correct it there, or leave the account out with --exclude-account. Nothing was written.'
          : key === ProfileKeys.region
            ? 'Choose the region with --region. Nothing was written.'
            : 'Nothing was written.',
      },
    );
  }
}

export function planSync(request: SyncRequest): SyncPlan {
  const { candidates, accountsWithoutRole } = candidatesOf(request);
  const renamed = assignUniqueNames(request, candidates);
  candidates.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const create: DesiredProfile[] = [];
  const update: { profile: DesiredProfile; changes: Change[] }[] = [];
  const unchanged: DesiredProfile[] = [];
  const conflicts: { profile: DesiredProfile; reason: string }[] = [];
  // Existing profiles that stay where they are, for the same account and role: none of them is
  // stale, so the search for stale profiles below skips them without reading their values.
  const kept = new Set<string>();

  for (const c of candidates) {
    const profile = new DesiredProfile(
      c.name,
      request.session,
      c.accountId,
      c.accountName,
      c.role,
      request.region,
      request.credentialProcess?.replaceAll('{profile}', c.name),
      ouPathOf(request, c.accountId),
    );
    const existing = request.existing.get(c.name);
    if (
      existing?.lines &&
      !existing.ambiguous &&
      !isReservedName(c.name) &&
      profile.writtenAs(existing.lines)
    ) {
      // The usual case in a file this tool wrote: nothing to compare key by key.
      unchanged.push(profile);
      kept.add(c.name);
    } else if (isReservedName(c.name)) {
      conflicts.push({ profile, reason: `"${c.name}" is a reserved profile name` });
    } else if (!existing) {
      checkStorable(profile);
      create.push(profile);
    } else if (!isGenerated(existing.values)) {
      conflicts.push({ profile, reason: 'a hand-made profile already has this name; it was left as it is' });
    } else if (stringValue(existing.values, ProfileKeys.session) !== request.session) {
      const other = stringValue(existing.values, ProfileKeys.session) ?? 'no session';
      conflicts.push({
        profile,
        reason: `a profile generated for sso-session ${other} already has this name`,
      });
    } else if (existing.ambiguous) {
      conflicts.push({
        profile,
        reason: 'several sections of the file define this profile; fix that by hand',
      });
    } else {
      const changes = compare(existing.values, profile, request.ownCredentialProcess);
      if (changes.length === 0) unchanged.push(profile);
      else {
        checkStorable(profile);
        update.push({ profile, changes });
      }
      if (!changes.some((c) => c.key === ProfileKeys.accountId || c.key === ProfileKeys.role))
        kept.add(c.name);
    }
  }
  // Where each account and role's profile now is; made only if some profile may be stale.
  let wanted: Map<string, string> | undefined;
  const successorOf = (accountId: string | null, role: string | null) => {
    if (!wanted) {
      wanted = new Map();
      for (const profile of [...create, ...unchanged, ...update.map((u) => u.profile)]) {
        wanted.set(keyOf(profile.accountId, profile.role), profile.name);
      }
    }
    return wanted.get(keyOf(accountId, role));
  };

  const removals: Removal[] = [];
  const accountIds = new Set(request.discovery.accounts.map((a) => a.accountId));
  for (const existing of request.existing.values()) {
    if (kept.has(existing.name) || existing.ambiguous || !isGenerated(existing.values)) continue;
    if (stringValue(existing.values, ProfileKeys.session) !== request.session) continue;
    const accountId = stringValue(existing.values, ProfileKeys.accountId);
    const role = stringValue(existing.values, ProfileKeys.role);
    const successor = successorOf(accountId, role);
    if (successor === existing.name) continue;
    const roles = accountId === null ? undefined : request.discovery.roles.get(accountId);
    let reason: string | undefined;
    if (accountId === null || role === null) reason = 'it has no sso_account_id or sso_role_name';
    else if (!accountIds.has(accountId)) reason = `account ${accountId} is no longer assigned`;
    else if (roles && !roles.includes(role))
      reason = `role ${role} is no longer assigned in account ${accountId}`;
    else if (successor !== undefined) {
      removals.push({
        name: existing.name,
        accountId,
        role,
        reason: `renamed: the same account and role is now ${successor}`,
        renamedTo: successor,
      });
    }
    if (reason !== undefined) removals.push({ name: existing.name, accountId, role, reason });
  }
  removals.sort((a, b) => (a.name < b.name ? -1 : 1));

  return {
    create,
    update,
    unchanged,
    prune: request.prune ? removals : [],
    stale: request.prune ? [] : removals,
    conflicts,
    renamed,
    accountsWithoutRole,
  };
}

export interface PruneGuard {
  /** Profiles the prune removes because their account or role is gone (not renamed ones). */
  readonly removing: number;
  /** Generated profiles of this session in the config before the sync. */
  readonly of: number;
}

/**
 * Whether a prune is large enough to need confirmation: it would remove more than half of the
 * session's generated profiles because their account or role is gone. Losing most assignments at
 * once is what a broken or impersonated portal looks like, so it is confirmed rather than trusted.
 * There is no lower bound: one profile of one, or two of two, is still everything. Profiles that
 * only move to a new name (another name template) do not count: their account and role stay.
 */
export function pruneNeedsConfirmation(
  plan: SyncPlan,
  existing: ReadonlyMap<string, ExistingProfile>,
  session: string,
): PruneGuard | undefined {
  if (plan.prune.length === 0) return undefined;
  const kept = new Set<string>();
  for (const p of [...plan.create, ...plan.unchanged, ...plan.update.map((u) => u.profile)]) {
    kept.add(keyOf(p.accountId, p.role));
  }
  const removing = plan.prune.filter((r) => !kept.has(keyOf(r.accountId, r.role))).length;
  let of = 0;
  for (const profile of existing.values()) {
    if (isGenerated(profile.values) && stringValue(profile.values, ProfileKeys.session) === session) of++;
  }
  return removing * 2 > of ? { removing, of } : undefined;
}
