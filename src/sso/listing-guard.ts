/**
 * Guards a paged listing against a next_token that never leads to the end: one that repeats or
 * cycles (A → B → A) would otherwise be followed forever, thousands of requests a second. The
 * limits are far above any real organisation and are reached in seconds by a broken server.
 */
import { PaginationError } from './failures.js';

export interface ListingLimits {
  /** Pages at most, whatever their size. */
  readonly maxPages: number;
  /** Pages in a row that bring nothing new; a server that sends empty pages with fresh tokens. */
  readonly maxBarrenPages: number;
}

/**
 * Accounts: 100,000 pages is 100,000 accounts even if the server sends one per page, ten times
 * the largest organisations AWS Organizations allows on request.
 */
export const ACCOUNT_LISTING: ListingLimits = { maxPages: 100_000, maxBarrenPages: 100 };
/** Roles of one account: a permission-set instance holds at most a few thousand. */
export const ROLE_LISTING: ListingLimits = { maxPages: 5_000, maxBarrenPages: 100 };

export class ListingGuard {
  readonly #what: string;
  readonly #limits: ListingLimits;
  readonly #tokens = new Set<string>();
  #pages = 0;
  #barren = 0;

  constructor(what: string, limits: ListingLimits) {
    this.#what = what;
    this.#limits = limits;
  }

  /**
   * Called after each page with its next_token and how many items it added that were not seen
   * before. Returns the token to ask for next, or undefined at the end; throws when the listing
   * would not end. The token itself is never shown: it is the server's, and may be anything.
   */
  next(nextToken: string | undefined, newItems: number): string | undefined {
    this.#pages++;
    this.#barren = newItems > 0 ? 0 : this.#barren + 1;
    if (nextToken === undefined) return undefined;
    if (this.#tokens.has(nextToken)) {
      throw new PaginationError(
        `${this.#what} sent a next_token it had already sent (after ${this.#pages} pages): the listing would never end`,
      );
    }
    if (this.#pages >= this.#limits.maxPages) {
      throw new PaginationError(
        `${this.#what} still had more pages after ${this.#pages.toLocaleString('en-US')}: the listing does not end`,
      );
    }
    if (this.#barren >= this.#limits.maxBarrenPages) {
      throw new PaginationError(
        `${this.#what} sent ${this.#barren} pages in a row with nothing new: the listing does not end`,
      );
    }
    this.#tokens.add(nextToken);
    return nextToken;
  }
}
