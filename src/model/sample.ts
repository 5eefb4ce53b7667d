import type { Rng } from './rng';

export interface SamplingOptions {
  /** softmax temperature; ≤ 0 means greedy (argmax) */
  temperature: number;
  /** keep only the k most likely tokens; 0 (or ≥ V) keeps all */
  topK: number;
}

/** Index of the largest logit (first one on ties). */
export function argmax(logits: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

/**
 * Token probabilities after temperature and top-k (float64, host side; V is small):
 * p_i ∝ exp((l_i − max l)/τ) for the k largest logits, 0 elsewhere.
 */
export function samplingDistribution(logits: ArrayLike<number>, options: SamplingOptions): Float64Array {
  const v = logits.length;
  const probs = new Float64Array(v);
  if (options.temperature <= 0) {
    probs[argmax(logits)] = 1;
    return probs;
  }
  const k = options.topK > 0 ? Math.min(options.topK, v) : v;
  const order = Array.from({ length: v }, (_, i) => i).sort((a, b) => logits[b]! - logits[a]! || a - b);
  const kept = order.slice(0, k);
  const max = logits[kept[0]!]!;
  let z = 0;
  for (const i of kept) {
    probs[i] = Math.exp((logits[i]! - max) / options.temperature);
    z += probs[i]!;
  }
  for (const i of kept) probs[i]! /= z;
  return probs;
}

/** Draws one token from the distribution of `samplingDistribution`, using `rng` (seeded). */
export function sampleToken(logits: ArrayLike<number>, options: SamplingOptions, rng: Rng): number {
  const probs = samplingDistribution(logits, options);
  if (options.temperature <= 0) return argmax(probs);
  let u = rng();
  let last = 0;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i]! <= 0) continue;
    last = i;
    u -= probs[i]!;
    if (u < 0) return i;
  }
  return last; // rounding: u landed past the final bucket
}
