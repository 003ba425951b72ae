/**
 * Runs portal calls with bounded, adaptive concurrency: the pacer sets the rate and the in-flight
 * cap, 429s feed the pacer, and 5xx or network failures are retried with exponential backoff and
 * full jitter. After the retries a failure is final: the caller fails the whole run.
 */
import { AdaptivePacer } from '../core/pacer.js';
import { classifyFailure, describeFailure } from './errors.js';

export interface SchedulerOptions {
  readonly pacer?: AdaptivePacer;
  /** Attempts for a call that keeps failing with 5xx or network errors. */
  readonly maxAttempts?: number;
  /** Retries for a call that keeps being throttled. */
  readonly maxThrottleRetries?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly debug?: (line: string) => void;
}

export interface SchedulerStats {
  requests: number;
  throttled: number;
  serverErrors: number;
  retries: number;
}

export class RetriesExhaustedError extends Error {
  constructor(label: string, attempts: number, cause: unknown) {
    super(`${label} failed after ${attempts} attempts: ${describeFailure(cause)}`, { cause });
    this.name = 'RetriesExhaustedError';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RequestScheduler {
  readonly stats: SchedulerStats = { requests: 0, throttled: 0, serverErrors: 0, retries: 0 };
  readonly pacer: AdaptivePacer;
  readonly #maxAttempts: number;
  readonly #maxThrottleRetries: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #debug: ((line: string) => void) | undefined;
  #inFlight = 0;
  readonly #waiting: { urgent: (() => void)[]; normal: (() => void)[] } = { urgent: [], normal: [] };
  #aborted: Error | undefined;

  constructor(options: SchedulerOptions = {}) {
    this.pacer = options.pacer ?? new AdaptivePacer();
    this.#maxAttempts = options.maxAttempts ?? 8;
    this.#maxThrottleRetries = options.maxThrottleRetries ?? 50;
    this.#baseDelayMs = options.baseDelayMs ?? 100;
    this.#maxDelayMs = options.maxDelayMs ?? 5000;
    this.#now = options.now ?? (() => performance.now());
    this.#random = options.random ?? Math.random;
    this.#debug = options.debug;
  }

  /** Makes queued and future calls fail at once with `reason`. */
  abort(reason: Error): void {
    this.#aborted ??= reason;
    for (const queue of [this.#waiting.urgent, this.#waiting.normal]) {
      for (const wake of queue.splice(0)) wake();
    }
  }

  #acquire(urgent: boolean): Promise<void> {
    if (this.#aborted !== undefined || this.#inFlight < this.pacer.concurrency) {
      this.#inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      (urgent ? this.#waiting.urgent : this.#waiting.normal).push(() => {
        this.#inFlight++;
        resolve();
      });
    });
  }

  #release(): void {
    this.#inFlight--;
    while (this.#inFlight < this.pacer.concurrency) {
      const wake = this.#waiting.urgent.shift() ?? this.#waiting.normal.shift();
      if (!wake) break;
      wake();
    }
  }

  #checkAborted(): void {
    if (this.#aborted === undefined) return;
    throw this.#aborted;
  }

  /** Runs one API call with pacing and retries. `urgent` calls jump the queue (account listing). */
  async run<T>(label: string, call: () => Promise<T>, urgent = false): Promise<T> {
    let failures = 0;
    let throttles = 0;
    for (;;) {
      await this.#acquire(urgent);
      let backoff = 0;
      try {
        this.#checkAborted();
        const generation = this.pacer.generation;
        const wait = this.pacer.reserve(this.#now());
        if (wait > 0) await sleep(wait);
        this.#checkAborted();
        const sentAt = this.#now();
        this.stats.requests++;
        try {
          const result = await call();
          const at = this.#now();
          this.pacer.onSuccess(at, at - sentAt);
          this.#debug?.(`${label}: ok in ${Math.round(at - sentAt)} ms`);
          return result;
        } catch (error) {
          const kind = classifyFailure(error);
          this.#debug?.(`${label}: ${describeFailure(error)}`);
          if (kind === 'throttled') {
            this.stats.throttled++;
            this.pacer.onThrottle(this.#now(), generation);
            if (++throttles > this.#maxThrottleRetries) {
              throw new RetriesExhaustedError(label, failures + throttles, error);
            }
          } else if (kind === 'transient') {
            this.stats.serverErrors++;
            if (++failures >= this.#maxAttempts)
              throw new RetriesExhaustedError(label, failures + throttles, error);
            backoff = this.#random() * Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** failures);
          } else {
            throw error;
          }
          this.stats.retries++;
        }
      } finally {
        this.#release();
      }
      if (backoff > 0) await sleep(backoff);
    }
  }
}
