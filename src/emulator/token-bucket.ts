export interface RateLimit {
  /** Tokens added per second. 0 means the bucket never refills. */
  rate: number;
  /** Capacity, and the content of the bucket at start. */
  burst: number;
}

/**
 * A token bucket with continuous refill. The clock is injected so that tests can drive it
 * without sleeping; it must return milliseconds from any fixed origin.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(Number.isFinite(limit.rate) && limit.rate >= 0)) throw new RangeError('rate must be a number >= 0');
    if (!(Number.isFinite(limit.burst) && limit.burst >= 0))
      throw new RangeError('burst must be a number >= 0');
    this.tokens = limit.burst;
    this.last = now();
  }

  /** Takes one token if there is one; never waits. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Tokens available now, fractional part included. */
  available(): number {
    this.refill();
    return this.tokens;
  }

  private refill(): void {
    const t = this.now();
    // A clock that steps back (fake clocks do) must not drain the bucket.
    const elapsed = Math.max(0, t - this.last);
    this.last = t;
    this.tokens = Math.min(this.limit.burst, this.tokens + (elapsed * this.limit.rate) / 1000);
  }
}
