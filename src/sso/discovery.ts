/**
 * Discovery: every account the token can reach, and the roles of the accounts in scope. Pages are
 * flattened here; the core sees plain lists. Roles are fetched while account pages still arrive.
 * Any account whose roles cannot be read after retries fails the whole run: a partial result
 * would make `--prune` delete profiles that still work. So does a listing that would never end.
 */
import type { Account, Discovery } from '../core/model.js';
import type { PortalApi } from './portal-client.js';
import { ACCOUNT_LISTING, ListingGuard, ROLE_LISTING } from './listing-guard.js';
import type { RequestScheduler } from './scheduler.js';

/** The portal answers 400 above 100 (aws-sso-cli #1342). */
export const MAX_PAGE_SIZE = 100;

export interface DiscoveryProgress {
  readonly accounts: number;
  readonly accountsInScope: number;
  readonly rolesDone: number;
  readonly listingDone: boolean;
}

export interface DiscoveryOptions {
  readonly api: PortalApi;
  readonly scheduler: RequestScheduler;
  readonly inScope: (account: Account) => boolean;
  readonly onProgress?: (progress: DiscoveryProgress) => void;
  readonly pageSize?: number;
}

export async function discover(options: DiscoveryOptions): Promise<Discovery> {
  const { api, scheduler, inScope } = options;
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  const accounts: Account[] = [];
  const roles = new Map<string, readonly string[]>();
  const pending: Promise<void>[] = [];
  let failure: { error: unknown } | undefined;
  const seen = new Set<string>();
  let inScopeCount = 0;
  let rolesDone = 0;
  let listingDone = false;
  const progress = () =>
    options.onProgress?.({
      accounts: accounts.length,
      accountsInScope: inScopeCount,
      rolesDone,
      listingDone,
    });

  const fail = (error: unknown) => {
    if (failure) return;
    failure = { error };
    scheduler.abort(error instanceof Error ? error : new Error('discovery failed'));
  };

  const fetchRoles = async (accountId: string) => {
    // A role listed twice (assignments changing while pages are read) must not become two profiles.
    const found = new Set<string>();
    const guard = new ListingGuard(`ListAccountRoles for account ${accountId}`, ROLE_LISTING);
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await scheduler.run(`ListAccountRoles ${accountId}`, (signal) =>
        api.listAccountRoles(accountId, pageSize, token, signal),
      );
      const before = found.size;
      for (const role of page.items) found.add(role);
      nextToken = guard.next(page.nextToken, found.size - before);
    } while (nextToken);
    roles.set(accountId, [...found]);
    rolesDone++;
    progress();
  };

  try {
    const guard = new ListingGuard('ListAccounts', ACCOUNT_LISTING);
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await scheduler.run(
        'ListAccounts',
        (signal) => api.listAccounts(pageSize, token, signal),
        true,
      );
      const before = accounts.length;
      for (const account of page.items) {
        // The same account on two pages (the list changed while it was paged) is one account.
        if (seen.has(account.accountId)) continue;
        seen.add(account.accountId);
        accounts.push(account);
        if (!inScope(account)) continue;
        inScopeCount++;
        pending.push(fetchRoles(account.accountId).catch(fail));
      }
      nextToken = guard.next(page.nextToken, accounts.length - before);
      progress();
    } while (nextToken && !failure);
    listingDone = true;
    progress();
  } catch (error) {
    fail(error);
  }
  await Promise.all(pending);
  if (failure) throw failure.error;
  return { accounts, roles };
}
