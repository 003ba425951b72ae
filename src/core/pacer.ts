/**
 * Client-side pacing for an API whose rate limit is not published (the Identity Center portal).
 * We start unpaced. On the first 429 we measure the rate at which requests were still succeeding,
 * which is the server's refill rate while its bucket is empty, and send just under it. The rate
 * then creeps up slowly, so a raised limit is found again, and each new 429 repeats the measurement.
 * This keeps throttling to a few percent of requests, where retrying blindly would multiply them.
 *
 * Pure logic: every method takes the current time in milliseconds.
 */

export interface PacerOptions {
  /** In-flight request cap while unthrottled. */
  readonly maxConcurrency?: number;
  /** The pace is this fraction of the measured rate. */
  readonly headroom?: number;
  /**
   * How the pace grows without throttling: by `probeLinear` per second plus `probeQuadratic` per
   * second squared, so it stays near a limit it just found yet climbs back from a low estimate.
   */
  readonly probeLinear?: number;
  readonly probeQuadratic?: number;
  /** The first pace when a throttle comes before any request succeeded. */
  readonly fallbackRate?: number;
  /** Never pace slower than this many requests per second. */
  readonly minRate?: number;
  /** Length of the window that measures the success rate. */
  readonly windowMs?: number;
}

export class AdaptivePacer {
  readonly #maxConcurrency: number;
  readonly #headroom: number;
  readonly #probeLinear: number;
  readonly #probeQuadratic: number;
  readonly #fallbackRate: number;
  readonly #minRate: number;
  readonly #windowMs: number;
  /** Requests per second at `#changedAt`; Infinity until the first throttle. */
  #rate = Infinity;
  #changedAt = -Infinity;
  #nextSendAt = -Infinity;
  #successes: number[] = [];
  #latencyMs = 0;
  #throttles = 0;
  #provisional = false;
  #saturatedSince: number | undefined;
  #generation = 0;
  #lastNow = 0;

  constructor(options: PacerOptions = {}) {
    this.#maxConcurrency = options.maxConcurrency ?? 24;
    this.#headroom = options.headroom ?? 0.97;
    this.#probeLinear = options.probeLinear ?? 0.005;
    this.#probeQuadratic = options.probeQuadratic ?? 0.005;
    this.#fallbackRate = options.fallbackRate ?? 10;
    this.#minRate = options.minRate ?? 0.5;
    this.#windowMs = options.windowMs ?? 1000;
  }

  /** The pace now, in requests per second (Infinity while unthrottled). */
  rate(now: number): number {
    if (this.#rate === Infinity) return Infinity;
    const seconds = Math.max(0, now - this.#changedAt) / 1000;
    // A pace measured over less than a full window is only a lower bound: climb fast from it.
    if (this.#provisional) return this.#rate * Math.pow(3, seconds);
    return this.#rate * (1 + this.#probeLinear * seconds + this.#probeQuadratic * seconds * seconds);
  }

  /** How many requests may be in flight at once. */
  get concurrency(): number {
    if (this.#rate === Infinity) return this.#maxConcurrency;
    // Enough to keep the pace through a round trip with room for slow replies, but no more:
    // slots reserved at an old pace would still go out at it after a cut.
    const needed = Math.ceil((this.rate(this.#lastNow) * Math.max(this.#latencyMs, 20) * 3) / 1000) + 2;
    return Math.max(4, Math.min(this.#maxConcurrency, needed));
  }

  /** Increases each time the pace is cut; a reservation made earlier cannot cause another cut. */
  get generation(): number {
    return this.#generation;
  }

  get throttles(): number {
    return this.#throttles;
  }

  /** Reserves a send slot; returns how long to wait before sending. */
  reserve(now: number): number {
    this.#lastNow = now;
    const rate = this.rate(now);
    if (rate === Infinity) return 0;
    const at = Math.max(now, this.#nextSendAt);
    this.#nextSendAt = at + 1000 / rate;
    return at - now;
  }

  onSuccess(now: number, latencyMs: number): void {
    this.#latencyMs = this.#latencyMs === 0 ? latencyMs : this.#latencyMs * 0.9 + latencyMs * 0.1;
    this.#successes.push(now);
    // Keep the buffer bounded: drop entries older than the window in one splice.
    if (this.#successes.length > 4096) this.#trim(now);
  }

  /**
   * `generation` is the value of `generation` when the throttled request reserved its slot: a request
   * paced before the last cut says nothing about the new pace.
   */
  onThrottle(now: number, generation: number): void {
    this.#throttles++;
    if (generation < this.#generation) return;
    const current = this.rate(now);
    this.#generation++;
    this.#trim(now);
    this.#saturatedSince ??= now;
    // Successes since the first 429 arrive at the server's refill rate; earlier ones may have
    // drawn on its initial burst and would overstate it.
    const span = Math.min(this.#windowMs, now - this.#saturatedSince);
    let next: number;
    if (current === Infinity) {
      next =
        this.#successes.length > 0 ? (this.#successes.length * 1000) / this.#windowMs : this.#fallbackRate;
      this.#provisional = true;
    } else if (span >= 100) {
      const since = now - span;
      let count = 0;
      for (let i = this.#successes.length - 1; i >= 0 && this.#successes[i]! >= since; i--) count++;
      const measured = (count * 1000) / span;
      next = measured > 0 ? Math.min(measured, current) * this.#headroom : current * 0.7;
      this.#provisional = span < this.#windowMs / 2;
    } else {
      next = current * 0.7;
    }
    this.#rate = Math.max(this.#minRate, next);
    this.#changedAt = now;
    this.#nextSendAt = Math.max(this.#nextSendAt, now);
  }

  #trim(now: number): void {
    const cutoff = now - this.#windowMs;
    let drop = 0;
    while (drop < this.#successes.length && this.#successes[drop]! < cutoff) drop++;
    if (drop > 0) this.#successes.splice(0, drop);
  }
}
