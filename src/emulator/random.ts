import { randomBytes } from 'node:crypto';

/** A source of floats in [0, 1). */
export type Prng = () => number;

/**
 * mulberry32: tiny, fast and good enough to make fault injection and generated organisations
 * repeatable from a seed. Not for anything secret; secrets come from `randomToken`.
 */
export function mulberry32(seed: number): Prng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], both inclusive. */
export function randomInt(prng: Prng, min: number, max: number): number {
  return min + Math.floor(prng() * (max - min + 1));
}

const upperAlnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Cryptographically random characters from `alphabet`; used for tokens and credentials. */
export function randomToken(length: number, alphabet = upperAlnum): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}
