/**
 * The pacer against a simulated token-bucket server, in simulated time: no sleeping, no network.
 * The real thing is measured by `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import { AdaptivePacer } from '../../src/core/pacer.js';

interface Outcome {
  elapsedMs: number;
  throttled: number;
}

/** Sends `total` requests through the pacer to a bucket of `rate`/s and `burst`, each taking `latencyMs`. */
function simulate(total: number, rate: number, burst: number, latencyMs: number): Outcome {
  const pacer = new AdaptivePacer();
  let tokens = burst;
  let refilledAt = 0;
  let now = 0;
  let done = 0;
  let throttled = 0;
  let queue = total;
  // A slot is taken from the reservation until the reply: as in the scheduler, which sleeps holding it.
  let sends: { at: number; generation: number }[] = [];
  let replies: { at: number; sentAt: number; generation: number; ok: boolean }[] = [];
  while (done < total) {
    while (queue > 0 && sends.length + replies.length < pacer.concurrency) {
      const generation = pacer.generation;
      sends.push({ at: now + pacer.reserve(now), generation });
      queue--;
    }
    now = Math.min(...sends.map((x) => x.at), ...replies.map((r) => r.at));
    for (const { at, generation } of sends.filter((x) => x.at <= now)) {
      tokens = Math.min(burst, tokens + ((at - refilledAt) * rate) / 1000);
      refilledAt = at;
      const ok = tokens >= 1;
      if (ok) tokens -= 1;
      replies.push({ at: at + latencyMs, sentAt: at, generation, ok });
    }
    sends = sends.filter((x) => x.at > now);
    for (const reply of replies.filter((r) => r.at <= now)) {
      if (reply.ok) {
        pacer.onSuccess(now, now - reply.sentAt);
        done++;
      } else {
        pacer.onThrottle(now, reply.generation);
        throttled++;
        queue++;
      }
    }
    replies = replies.filter((r) => r.at > now);
  }
  return { elapsedMs: now, throttled };
}

describe('the adaptive pacer', () => {
  it('runs 1,010 calls against 20 req/s (burst 20) within 1.10x of the bound, with few 429s', () => {
    const { elapsedMs, throttled } = simulate(1010, 20, 20, 30);
    const boundMs = ((1010 - 20) / 20) * 1000;
    expect(elapsedMs / boundMs).toBeLessThan(1.1);
    expect(throttled / 1010).toBeLessThan(0.1);
  });

  it.each([
    [100, 20, 30],
    [50, 10, 30],
    [5, 5, 30],
    [20, 20, 100],
  ])('finds other limits too: %d req/s, burst %d, %d ms', (rate, burst, latency) => {
    const { elapsedMs, throttled } = simulate(1010, rate, burst, latency);
    expect(elapsedMs / (((1010 - burst) / rate) * 1000)).toBeLessThan(1.1);
    expect(throttled / 1010).toBeLessThan(0.1);
  });

  it('settles quickly when the burst is much larger than the rate', () => {
    const { elapsedMs, throttled } = simulate(1000, 20, 200, 30);
    expect(elapsedMs / (((1000 - 200) / 20) * 1000)).toBeLessThan(1.15);
    expect(throttled / 1000).toBeLessThan(0.1);
  });

  it('does not slow down an API that never throttles', () => {
    const { elapsedMs, throttled } = simulate(1000, 1e9, 1e9, 5);
    expect(throttled).toBe(0);
    // 24 in flight, 5 ms each: about 210 ms.
    expect(elapsedMs).toBeLessThan(260);
  });
});
