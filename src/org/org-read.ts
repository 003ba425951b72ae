/**
 * Reading the organisation's structure with the fewest calls: the root; ListAccounts page by page
 * for each account's `Paths`; the OU names from `ListOrganizationalUnitsForParent`, only for the
 * parents that have an OU child on some path; and `ListTagsForResource` only for the accounts the
 * user reaches. The tags are read while the accounts are paged, and all the OU listings at once:
 * the scheduler paces them all. Where ListAccounts gives no `Paths`, the tree is walked from the
 * root, level by level. Any failure, and anything that does not add up, fails the whole read.
 */
import type { OrgReader, OrgSnapshot } from '../core/org.js';
import {
  assembleSnapshot,
  nameUnits,
  parseRootArn,
  placeByPaths,
  TreeWalk,
  type ListedAccount,
  type ListedUnit,
  type PlacedAccounts,
} from '../core/org-structure.js';
import { ACCOUNT_LISTING, ListingGuard, type ListingLimits } from '../sso/listing-guard.js';
import type { RequestScheduler } from '../sso/scheduler.js';
import type { Page } from '../sso/validate.js';
import type { OrgApi } from './org-api.js';

/** The children of one parent: at most 1,000 OUs (the quota), 20 a page. */
const UNIT_LISTING: ListingLimits = { maxPages: 1_000, maxBarrenPages: 50 };
/** The tags of one account: at most 50. */
const TAG_LISTING: ListingLimits = { maxPages: 100, maxBarrenPages: 20 };

/** Runs Organizations calls through their scheduler, counting each request sent, retries included. */
export class OrgCaller {
  readonly calls = new Map<string, number>();
  readonly scheduler: RequestScheduler;

  constructor(scheduler: RequestScheduler) {
    this.scheduler = scheduler;
  }

  run<T>(
    operation: string,
    detail: string,
    call: (signal: AbortSignal) => Promise<T>,
    urgent = false,
  ): Promise<T> {
    return this.scheduler.run(
      `Organizations.${operation}${detail ? ` ${detail}` : ''}`,
      (signal) => {
        this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
        return call(signal);
      },
      urgent,
    );
  }

  /** The calls per operation, as a plain record in a stable order. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.calls].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

/** Every item of a paged listing, each counted new by `key`; a listing that would not end throws. */
async function allPages<T>(
  caller: OrgCaller,
  operation: string,
  detail: string,
  limits: ListingLimits,
  fetch: (token: string | undefined, signal: AbortSignal) => Promise<Page<T>>,
  key: (item: T) => string,
  urgent = false,
): Promise<T[]> {
  const guard = new ListingGuard(`Organizations ${operation}${detail ? ` ${detail}` : ''}`, limits);
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const asked = token;
    const page = await caller.run(operation, detail, (signal) => fetch(asked, signal), urgent);
    let added = 0;
    for (const item of page.items) {
      if (seen.has(key(item))) continue;
      seen.add(key(item));
      items.push(item);
      added++;
    }
    token = guard.next(page.nextToken, added);
  } while (token);
  return items;
}

export interface StructureInput {
  readonly api: OrgApi;
  readonly caller: OrgCaller;
  /** The root, as the reader's ListRoots gave it. */
  readonly root: { readonly rootId: string; readonly arn?: string };
  /** The organisation, when DescribeOrganization was already asked. */
  readonly organization?: { readonly orgId: string; readonly managementAccountId: string };
  readonly startUrl: string;
  readonly reader: OrgReader;
  readonly readAt: Date;
  /** The accounts whose tags are read. */
  readonly tagsFor: readonly string[];
  /** An earlier read of the same organisation, whose tags the other accounts keep. */
  readonly keep?: OrgSnapshot;
}

async function organizationOf(input: StructureInput) {
  const fromArn = input.root.arn === undefined ? undefined : parseRootArn(input.root.arn);
  if (input.organization) return input.organization;
  if (fromArn && fromArn.rootId === input.root.rootId) return fromArn;
  return input.caller.run('DescribeOrganization', '', (signal) => input.api.describeOrganization(signal));
}

async function tagsOf(input: StructureInput, accountId: string): Promise<Record<string, string>> {
  const pairs = await allPages(
    input.caller,
    'ListTagsForResource',
    accountId,
    TAG_LISTING,
    (token, signal) => input.api.listTags(accountId, token, signal),
    ([k]) => k,
  );
  // Keys are anything a tag may hold, `__proto__` included: own properties only.
  return Object.fromEntries(pairs);
}

async function unitsOf(input: StructureInput, parentId: string): Promise<ListedUnit[]> {
  return allPages(
    input.caller,
    'ListOrganizationalUnitsForParent',
    parentId,
    UNIT_LISTING,
    (token, signal) => input.api.listUnits(parentId, token, signal),
    (u) => u.id,
  );
}

/** The tree from the root down, for an organisation whose ListAccounts gives no `Paths`. */
async function walk(input: StructureInput, listed: readonly ListedAccount[]) {
  const tree = new TreeWalk(input.root.rootId);
  let level = [input.root.rootId];
  while (level.length > 0) {
    const found = await Promise.all(
      level.map(async (parentId) => {
        const [units, accounts] = await Promise.all([
          unitsOf(input, parentId),
          allPages(
            input.caller,
            'ListAccountsForParent',
            parentId,
            ACCOUNT_LISTING,
            (token, signal) => input.api.listAccountsForParent(parentId, token, signal),
            (a) => a.id,
          ),
        ]);
        return { parentId, units, accounts: accounts.map((a) => a.id) };
      }),
    );
    level = found.flatMap((f) => tree.add(f.parentId, f.units, f.accounts));
  }
  return tree.finish(listed);
}

async function named(input: StructureInput, placed: PlacedAccounts) {
  const children = new Map(
    await Promise.all(
      placed.toList.map(async (parentId) => [parentId, await unitsOf(input, parentId)] as const),
    ),
  );
  return { ...placed, units: nameUnits(placed, children) };
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error('the read failed'));

/** Reads the structure and returns it whole, or throws: the scheduler is then aborted. */
export async function readStructure(input: StructureInput): Promise<OrgSnapshot> {
  const { caller } = input;
  try {
    const organization = organizationOf(input);
    const tags = Promise.all(input.tagsFor.map(async (id) => [id, await tagsOf(input, id)] as const));
    // A failure of either stops every other call at once; it is then thrown where it is awaited.
    const stop = (error: unknown) => caller.scheduler.abort(asError(error));
    organization.catch(stop);
    tags.catch(stop);
    const listed = await allPages(
      caller,
      'ListAccounts',
      '',
      ACCOUNT_LISTING,
      (token, signal) => input.api.listAccounts(token, signal),
      (a) => a.id,
      true,
    );
    const org = await organization;
    const root = { orgId: org.orgId, rootId: input.root.rootId };
    const placed = placeByPaths(root, listed);
    const structure = placed ? await named(input, placed) : await walk(input, listed);
    const read = new Map(await tags);
    const kept = input.keep?.orgId === org.orgId ? input.keep : undefined;
    const allTags = new Map<string, Readonly<Record<string, string>>>();
    for (const id of structure.parents.keys()) {
      const tagsOfAccount =
        read.get(id) ?? (kept && Object.hasOwn(kept.accounts, id) ? kept.accounts[id]!.tags : undefined);
      if (tagsOfAccount !== undefined) allTags.set(id, tagsOfAccount);
    }
    return assembleSnapshot({
      startUrl: input.startUrl,
      orgId: org.orgId,
      rootId: input.root.rootId,
      managementAccountId: org.managementAccountId,
      readAt: input.readAt.toISOString(),
      reader: input.reader,
      units: structure.units,
      parents: structure.parents,
      tags: allTags,
    });
  } catch (error) {
    caller.scheduler.abort(asError(error));
    throw error;
  }
}
