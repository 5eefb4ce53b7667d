/**
 * Seeded pseudo-random numbers, independent of tfjs's global random state, so that a model built from
 * (config, seed) is identical on every backend and in every run.
 */

import { createRng as createSeededRng } from '../random/seeded-rng';

/** A generator of uniform floats in [0, 1). */
export type Rng = () => number;

/** 32-bit string hash (FNV-1a), mixed with a numeric seed: one independent stream per parameter name. */
export function hashSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // one extra avalanche round so that nearby seeds give unrelated streams
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x7feb352d);
  hash ^= hash >>> 15;
  return hash >>> 0;
}

/**
 * A uniform generator seeded by `seed`: the project's one seeded PRNG (sfc32, src/random), viewed as a
 * plain function for the model's initialisation and sampling. Not for cryptography.
 */
export function createUniformRng(seed: number): Rng {
  const source = createSeededRng(seed);
  return () => source.next();
}

/** `count` floats drawn iid from U(−bound, bound). */
export function uniformArray(count: number, bound: number, rng: Rng): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (2 * rng() - 1) * bound;
  return out;
}
