/**
 * Finding a role that may read the organisation's structure. Only the management account and
 * delegated administrators may list Organizations, and no API says which roles can without that
 * access. So: the role named with `--org-profile`, else the one remembered from the last read,
 * else DescribeOrganization through any reachable role (any member account may ask it) names the
 * management account, and its roles, then those of the likely delegated administrators, are tried
 * in order (core/org-reader-choice.ts), a few at most. A role works when `ListRoots` succeeds.
 */
import { awsErrorInfo } from '../core/errors.js';
import type { Account } from '../core/model.js';
import {
  describeCandidates,
  likelyDelegatedAdmin,
  MAX_READER_ATTEMPTS,
  readerCandidates,
  type ReaderCandidate,
} from '../core/org-reader-choice.js';
import { classifyFailure } from '../sso/failures.js';
import { ListingGuard, ROLE_LISTING } from '../sso/listing-guard.js';
import type { PortalApi } from '../sso/portal-client.js';
import type { RequestScheduler } from '../sso/scheduler.js';
import { createOrgApi, type OrgApi } from './org-api.js';
import type { OrgCaller } from './org-read.js';

/** What a failed call says about the role that made it. */
export type Verdict = 'denied' | 'not-in-use' | 'failed';

/**
 * `denied`: this role may not (AccessDenied, a role the portal no longer gives): try another.
 * `not-in-use`: the account is in no organisation. `failed`: the read cannot go on (throttling or
 * server errors past the retries, a malformed answer, the deadline on progress).
 */
export function verdictOf(error: unknown): Verdict {
  const info = awsErrorInfo(error);
  if (!info) return 'failed';
  if (info.name === 'AWSOrganizationsNotInUseException') return 'not-in-use';
  if (info.status !== undefined && info.status < 300) return 'failed';
  return classifyFailure(error) === 'fatal' ? 'denied' : 'failed';
}

/** A role that can read, with its client and the root its ListRoots gave. */
export interface FoundReader {
  readonly candidate: ReaderCandidate;
  readonly api: OrgApi;
  readonly root: { readonly rootId: string; readonly arn?: string };
  readonly organization?: { readonly orgId: string; readonly managementAccountId: string };
}

export type ReaderSearch =
  | ({ readonly kind: 'found'; readonly rememberedDenied: boolean } & FoundReader)
  | {
      readonly kind: 'denied';
      readonly tried: readonly ReaderCandidate[];
      readonly managementAccountId?: string;
      readonly rememberedDenied: boolean;
    }
  | { readonly kind: 'not-in-use'; readonly rememberedDenied: boolean }
  | { readonly kind: 'failed'; readonly error: unknown; readonly rememberedDenied: boolean };

export interface ReaderSearchInput {
  readonly portal: PortalApi;
  /** Paces the portal's GetRoleCredentials and ListAccountRoles. */
  readonly portalScheduler: RequestScheduler;
  readonly caller: OrgCaller;
  readonly region: string;
  readonly requestTimeoutMs: number;
  readonly accounts: readonly Account[];
  /** The roles discovery read (accounts in scope). */
  readonly roles: ReadonlyMap<string, readonly string[]>;
  /** `--org-profile`: only this one is tried. */
  readonly named?: ReaderCandidate;
  /** The reader of the last good read: tried first. */
  readonly remembered?: ReaderCandidate;
}

class Denied extends Error {}
class NotInUse extends Error {}

/** Tries roles until one can list the organisation. Clients of the roles that could not are closed. */
export async function findReader(input: ReaderSearchInput): Promise<ReaderSearch> {
  const apis = new Map<string, OrgApi>();
  const tried: ReaderCandidate[] = [];
  const key = (c: ReaderCandidate) => `${c.accountId}\u0000${c.role}`;
  let rememberedDenied = false;
  let organization: { orgId: string; managementAccountId: string } | undefined;

  /** Fails with Denied, NotInUse, or the failure itself. */
  const guarded = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      const verdict = verdictOf(error);
      if (verdict === 'denied') throw new Denied();
      if (verdict === 'not-in-use') throw new NotInUse();
      throw error;
    }
  };

  const apiOf = async (c: ReaderCandidate): Promise<OrgApi> => {
    const known = apis.get(key(c));
    if (known) return known;
    tried.push(c);
    const credentials = await guarded(() =>
      input.portalScheduler.run(`GetRoleCredentials ${c.accountId} ${c.role}`, (signal) =>
        input.portal.getRoleCredentials(c.accountId, c.role, signal),
      ),
    );
    const api = createOrgApi({ region: input.region, credentials, requestTimeoutMs: input.requestTimeoutMs });
    apis.set(key(c), api);
    return api;
  };

  const attempt = async (c: ReaderCandidate): Promise<FoundReader | undefined> => {
    try {
      const api = await apiOf(c);
      const root = await guarded(() => input.caller.run('ListRoots', '', (signal) => api.listRoots(signal)));
      return { candidate: c, api, root, ...(organization ? { organization } : {}) };
    } catch (error) {
      if (error instanceof Denied) return undefined;
      throw error;
    }
  };

  const rolesOf = async (accountId: string): Promise<readonly string[]> => {
    const known = input.roles.get(accountId);
    if (known) return known;
    if (!input.accounts.some((a) => a.accountId === accountId)) return [];
    const roles = new Set<string>();
    const guard = new ListingGuard(`ListAccountRoles for account ${accountId}`, ROLE_LISTING);
    let token: string | undefined;
    do {
      const asked = token;
      const page = await input.portalScheduler.run(`ListAccountRoles ${accountId}`, (signal) =>
        input.portal.listAccountRoles(accountId, 100, asked, signal),
      );
      const before = roles.size;
      for (const role of page.items) roles.add(role);
      token = guard.next(page.nextToken, roles.size - before);
    } while (token);
    return [...roles];
  };

  const search = async (): Promise<ReaderSearch> => {
    if (input.named) {
      const found = await attempt(input.named);
      return found
        ? { kind: 'found', rememberedDenied, ...found }
        : { kind: 'denied', tried, rememberedDenied };
    }
    if (input.remembered) {
      const found = await attempt(input.remembered);
      if (found) return { kind: 'found', rememberedDenied, ...found };
      rememberedDenied = true;
    }
    const budget = () => tried.length < MAX_READER_ATTEMPTS + (input.remembered ? 1 : 0);
    // Any reachable role may ask DescribeOrganization: a read-only one is preferred.
    let roles = input.roles;
    if (roles.size === 0 && input.accounts.length > 0) {
      const first = input.accounts[0]!.accountId;
      roles = new Map([[first, await rolesOf(first)]]);
    }
    for (const c of describeCandidates(roles, 3)) {
      if (!budget()) break;
      try {
        const api = await apiOf(c);
        organization = await guarded(() =>
          input.caller.run('DescribeOrganization', '', (signal) => api.describeOrganization(signal)),
        );
        break;
      } catch (error) {
        if (!(error instanceof Denied)) throw error;
      }
    }
    if (!organization) return { kind: 'denied', tried, rememberedDenied };
    const management = organization.managementAccountId;
    const withRoles = new Map(input.roles);
    // The roles of the accounts worth trying, where discovery did not read them (out of scope).
    for (const accountId of [management, ...likelyAccounts(input.accounts, management)]) {
      if (!withRoles.has(accountId)) withRoles.set(accountId, await rolesOf(accountId));
    }
    const candidates = readerCandidates({
      managementAccountId: management,
      accounts: input.accounts,
      roles: withRoles,
    });
    for (const c of candidates) {
      if (input.remembered && key(c) === key(input.remembered)) continue;
      if (!apis.has(key(c)) && !budget()) break;
      const found = await attempt(c);
      if (found) return { kind: 'found', rememberedDenied, ...found };
    }
    return { kind: 'denied', tried, managementAccountId: management, rememberedDenied };
  };

  let result: ReaderSearch;
  try {
    result = await search();
  } catch (error) {
    result =
      error instanceof NotInUse
        ? { kind: 'not-in-use', rememberedDenied }
        : { kind: 'failed', error, rememberedDenied };
  }
  for (const api of apis.values()) if (result.kind !== 'found' || api !== result.api) api.close();
  return result;
}

/** The accounts besides the management account whose roles are worth trying, at most a few. */
function likelyAccounts(accounts: readonly Account[], management: string): string[] {
  return accounts
    .filter((a) => a.accountId !== management && likelyDelegatedAdmin(a.accountName))
    .slice(0, 4)
    .map((a) => a.accountId);
}
