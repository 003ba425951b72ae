/**
 * The organisation step of `sync`: reuse the org cache while it is young and knows every reachable
 * account; otherwise find a role that may read Organizations and read the structure (all of it, or
 * with the tags of only the new accounts). Never throws: a structure that cannot be read leaves the
 * cached one in use if there is one, or none, with a note that says what is missing.
 */
import type { Discovery } from '../core/model.js';
import type { OrgReader, OrgSnapshot } from '../core/org.js';
import { orgRefresh } from '../core/org-refresh.js';
import type { ReaderCandidate } from '../core/org-reader-choice.js';
import type { PortalApi } from '../sso/portal-client.js';
import type { RequestScheduler } from '../sso/scheduler.js';
import { orgRegion } from './org-api.js';
import { OrgCaller, readStructure } from './org-read.js';
import { findReader, verdictOf } from './org-reader.js';

export interface OrganizationInput {
  readonly startUrl: string;
  readonly ssoRegion: string;
  readonly portal: PortalApi;
  /** Paces the portal calls of the step (role credentials). */
  readonly portalScheduler: RequestScheduler;
  /** Paces the Organizations calls: a pacer of their own. */
  readonly orgScheduler: RequestScheduler;
  readonly requestTimeoutMs: number;
  readonly discovery: Discovery;
  /** `--org-profile`. */
  readonly named?: ReaderCandidate & { readonly profile: string };
  readonly remembered?: ReaderCandidate;
  /** The org cache, of any age. */
  readonly cached?: OrgSnapshot;
  readonly lifetimeMs: number;
  /** `--refresh-org`. */
  readonly refresh: boolean;
  readonly now: Date;
}

/** Why the structure could not be read. */
export type OrgProblem =
  | { readonly kind: 'not-in-use' }
  | {
      readonly kind: 'denied';
      readonly tried: readonly ReaderCandidate[];
      readonly managementAccountId?: string;
      readonly named?: string;
    }
  | { readonly kind: 'failed'; readonly error: unknown };

export type OrganizationOutcome = {
  /** Organizations calls sent, per operation (retries included). */
  readonly calls: Record<string, number>;
  /** The remembered reader may no longer read: forget it. */
  readonly forget: boolean;
} & (
  | { readonly kind: 'cached'; readonly snapshot: OrgSnapshot }
  | { readonly kind: 'read'; readonly snapshot: OrgSnapshot; readonly partial: boolean }
  | { readonly kind: 'unavailable'; readonly problem: OrgProblem; readonly fallback?: OrgSnapshot }
);

export async function readOrganization(input: OrganizationInput): Promise<OrganizationOutcome> {
  const caller = new OrgCaller(input.orgScheduler);
  const reachable = input.discovery.accounts.map((a) => a.accountId);
  const plan = orgRefresh({
    cached: input.cached,
    now: input.now,
    lifetimeMs: input.lifetimeMs,
    refresh: input.refresh,
    reachable,
  });
  if (plan.kind === 'cached' && input.cached) {
    return { kind: 'cached', snapshot: input.cached, calls: {}, forget: false };
  }
  const search = await findReader({
    portal: input.portal,
    portalScheduler: input.portalScheduler,
    caller,
    region: orgRegion(input.ssoRegion),
    requestTimeoutMs: input.requestTimeoutMs,
    accounts: input.discovery.accounts,
    roles: input.discovery.roles,
    ...(input.named ? { named: input.named } : {}),
    ...(input.remembered && !input.named ? { remembered: input.remembered } : {}),
  });
  let forget = search.rememberedDenied;
  const unavailable = (problem: OrgProblem): OrganizationOutcome => ({
    kind: 'unavailable',
    problem,
    calls: caller.counts(),
    forget,
    ...(input.cached ? { fallback: input.cached } : {}),
  });
  if (search.kind === 'not-in-use') return unavailable({ kind: 'not-in-use' });
  if (search.kind === 'failed') return unavailable({ kind: 'failed', error: search.error });
  if (search.kind === 'denied') {
    return unavailable({
      kind: 'denied',
      tried: search.tried,
      ...(search.managementAccountId ? { managementAccountId: search.managementAccountId } : {}),
      ...(input.named ? { named: input.named.profile } : {}),
    });
  }
  const reader: OrgReader = {
    accountId: search.candidate.accountId,
    role: search.candidate.role,
    ...(input.named ? { profile: input.named.profile } : {}),
  };
  try {
    const snapshot = await readStructure({
      api: search.api,
      caller,
      root: search.root,
      ...(search.organization ? { organization: search.organization } : {}),
      startUrl: input.startUrl,
      reader,
      readAt: input.now,
      tagsFor: plan.kind === 'partial' ? plan.tagsFor : reachable,
      ...(plan.kind === 'partial' ? { keep: plan.keep } : {}),
    });
    return { kind: 'read', snapshot, partial: plan.kind === 'partial', calls: caller.counts(), forget };
  } catch (error) {
    // Denied halfway: the reader may no longer read, and is not tried first next time.
    if (verdictOf(error) === 'denied' && !input.named) forget = true;
    return unavailable({ kind: 'failed', error });
  } finally {
    search.api.close();
  }
}
