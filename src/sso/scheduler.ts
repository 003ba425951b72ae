/**
 * Runs portal calls with bounded, adaptive concurrency: the pacer sets the rate and the in-flight
 * cap, 429s feed the pacer, and 5xx, network failures and timeouts are retried with exponential
 * backoff and full jitter. After the retries a failure is final: the caller fails the whole run.
 * A deadline on progress ends the run when no call has succeeded for `progressTimeoutMs`.
 */
import { setMaxListeners } from 'node:events';
import { AdaptivePacer } from '../core/pacer.js';
import { DEFAULT_PROGRESS_TIMEOUT_MS } from './clients.js';
import { classifyFailure, describeFailure, NoProgressError } from './failures.js';

export interface SchedulerOptions {
  readonly pacer?: AdaptivePacer;
  /** Attempts for a call that keeps failing with 5xx, network errors or timeouts. */
  readonly maxAttempts?: number;
  /** Retries for a call that keeps being throttled. */
  readonly maxThrottleRetries?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /**
   * The run gives up when no call has succeeded for this long while calls are waiting. Progress
   * rather than total time: a long paced run keeps succeeding, a dead server does not.
   */
  readonly progressTimeoutMs?: number;
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

/** Resolves after `ms`, or at once when `signal` aborts (the caller then checks why). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export class RequestScheduler {
  readonly stats: SchedulerStats = { requests: 0, throttled: 0, serverErrors: 0, retries: 0 };
  readonly pacer: AdaptivePacer;
  readonly #maxAttempts: number;
  readonly #maxThrottleRetries: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #progressTimeoutMs: number;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #debug: ((line: string) => void) | undefined;
  #inFlight = 0;
  readonly #waiting: { urgent: (() => void)[]; normal: (() => void)[] } = { urgent: [], normal: [] };
  #aborted: Error | undefined;
  /** Aborts the calls in flight and every sleep when the run is given up. */
  readonly #stop = new AbortController();
  /** Calls inside `run`, queued, sleeping or in flight: the deadline runs only while there are some. */
  #active = 0;
  #lastProgress = 0;
  #lastFailure: unknown;
  #watchdog: NodeJS.Timeout | undefined;

  constructor(options: SchedulerOptions = {}) {
    this.pacer = options.pacer ?? new AdaptivePacer();
    this.#maxAttempts = options.maxAttempts ?? 8;
    this.#maxThrottleRetries = options.maxThrottleRetries ?? 50;
    this.#baseDelayMs = options.baseDelayMs ?? 100;
    this.#maxDelayMs = options.maxDelayMs ?? 5000;
    this.#progressTimeoutMs = options.progressTimeoutMs ?? DEFAULT_PROGRESS_TIMEOUT_MS;
    this.#now = options.now ?? (() => performance.now());
    this.#random = options.random ?? Math.random;
    this.#debug = options.debug;
    // Every call in flight listens on it: dozens at once is the design, not a leak.
    setMaxListeners(0, this.#stop.signal);
  }

  /** Makes queued and future calls fail at once with `reason`, and aborts the calls in flight. */
  abort(reason: Error): void {
    this.#aborted ??= reason;
    this.#stopWatchdog();
    this.#stop.abort(this.#aborted);
    for (const queue of [this.#waiting.urgent, this.#waiting.normal]) {
      for (const wake of queue.splice(0)) wake();
    }
  }

  #arm(delayMs: number): void {
    this.#watchdog = setTimeout(() => this.#check(), delayMs);
    // The deadline must never be what keeps a finished process alive.
    this.#watchdog.unref();
  }

  #check(): void {
    this.#watchdog = undefined;
    if (this.#active === 0 || this.#aborted) return;
    const idle = this.#now() - this.#lastProgress;
    if (idle >= this.#progressTimeoutMs) {
      this.abort(new NoProgressError(this.#progressTimeoutMs, this.#lastFailure));
    } else this.#arm(this.#progressTimeoutMs - idle);
  }

  #stopWatchdog(): void {
    clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
  }

  #enter(): void {
    // The wait for an answer starts when there is something to wait for.
    if (this.#active++ === 0) {
      this.#lastProgress = this.#now();
      if (!this.#aborted) this.#arm(this.#progressTimeoutMs);
    }
  }

  #leave(): void {
    if (--this.#active === 0) this.#stopWatchdog();
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

  /**
   * Runs one API call with pacing and retries. `urgent` calls jump the queue (account listing).
   * `call` gets a signal that aborts when the run is given up.
   */
  async run<T>(label: string, call: (signal: AbortSignal) => Promise<T>, urgent = false): Promise<T> {
    this.#enter();
    try {
      return await this.#run(label, call, urgent);
    } finally {
      this.#leave();
    }
  }

  async #run<T>(label: string, call: (signal: AbortSignal) => Promise<T>, urgent: boolean): Promise<T> {
    let failures = 0;
    let throttles = 0;
    for (;;) {
      await this.#acquire(urgent);
      let backoff = 0;
      try {
        this.#checkAborted();
        const generation = this.pacer.generation;
        const wait = this.pacer.reserve(this.#now());
        if (wait > 0) await sleep(wait, this.#stop.signal);
        this.#checkAborted();
        const sentAt = this.#now();
        this.stats.requests++;
        try {
          const result = await call(this.#stop.signal);
          const at = this.#now();
          this.#lastProgress = at;
          this.pacer.onSuccess(at, at - sentAt);
          this.#debug?.(`${label}: ok in ${Math.round(at - sentAt)} ms`);
          return result;
        } catch (error) {
          // Given up while this call was in flight: the reason is the run's, not this call's.
          this.#checkAborted();
          const kind = classifyFailure(error);
          this.#lastFailure = error;
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
      if (backoff > 0) await sleep(backoff, this.#stop.signal);
    }
  }
}
