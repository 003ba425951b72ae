import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/emulator/index.js';

describe('TokenBucket', () => {
  it('starts full, empties after the burst and refills at the rate', () => {
    let now = 1_000;
    const bucket = new TokenBucket({ rate: 10, burst: 3 }, () => now);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, true]);
    expect(bucket.tryTake()).toBe(false);
    now += 50; // half a token at 10/s
    expect(bucket.tryTake()).toBe(false);
    now += 50;
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
  });

  it('never holds more than the burst', () => {
    let now = 0;
    const bucket = new TokenBucket({ rate: 100, burst: 2 }, () => now);
    now += 60_000;
    expect(bucket.available()).toBe(2);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, false]);
  });

  it('does not refill at rate 0 and ignores a clock that steps back', () => {
    let now = 10_000;
    const bucket = new TokenBucket({ rate: 0, burst: 1 }, () => now);
    expect(bucket.tryTake()).toBe(true);
    now += 1_000_000;
    expect(bucket.tryTake()).toBe(false);
    const stepping = new TokenBucket({ rate: 1, burst: 1 }, () => now);
    expect(stepping.tryTake()).toBe(true);
    now -= 5_000;
    expect(stepping.available()).toBe(0);
    now += 1_000;
    expect(stepping.tryTake()).toBe(true);
  });

  it('sustains exactly the rate over a long run', () => {
    let now = 0;
    const bucket = new TokenBucket({ rate: 20, burst: 5 }, () => now);
    let granted = 0;
    for (let ms = 0; ms < 10_000; ms += 5) {
      now = ms;
      if (bucket.tryTake()) granted += 1;
    }
    // 5 from the initial burst, then 20/s for 10 s (the last refill lands just before the end).
    expect(granted).toBeGreaterThanOrEqual(5 + 199);
    expect(granted).toBeLessThanOrEqual(5 + 200);
  });

  it('refuses nonsense limits', () => {
    expect(() => new TokenBucket({ rate: -1, burst: 1 })).toThrow(RangeError);
    expect(() => new TokenBucket({ rate: 1, burst: Number.NaN })).toThrow(RangeError);
  });
});
