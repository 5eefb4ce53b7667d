import { dot, rowOf, tokenMatrix } from './matrix';
import type { TensorLike } from './matrix';
import { rotate } from './rope';

/**
 * RoPE makes the attention logit depend on positions only through their offset:
 *   RoPE_m(q)·RoPE_n(k) = qᵀ·T_{n−m}·k.
 * For each offset Δ the score of q placed at n + Δ against k placed at n is computed for several starts
 * n; the spread across starts is zero up to rounding.
 */
export interface OffsetScores {
  offset: number;
  /** q·k/√d_h for each start, in the order of `starts` */
  scores: number[];
  /** max − min of `scores` */
  spread: number;
}

export function scoresByOffset(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  offsets: readonly number[],
  starts: readonly number[],
): OffsetScores[] {
  const scale = 1 / Math.sqrt(q.length);
  return offsets.map((offset) => {
    const scores = starts.map((n) => dot(rotate(q, n + offset), rotate(k, n)) * scale);
    return { offset, scores, spread: Math.max(...scores) - Math.min(...scores) };
  });
}

/**
 * Head `head`'s query at token `tq` and key at token `tk` with their RoPE undone (turned back by their
 * own positions), from the worker's rotated Q [T, h, d_h] and K [T, h, d_h]: position-free vectors that
 * can be placed at any position.
 */
export function positionFreePair(
  qT: TensorLike,
  kT: TensorLike,
  head: number,
  tq: number,
  tk: number,
): { q: Float64Array; k: Float64Array } {
  return {
    q: rotate(rowOf(tokenMatrix(qT, tq), head), -tq),
    k: rotate(rowOf(tokenMatrix(kT, tk), head), -tk),
  };
}

/** The largest spread over all offsets. */
export function maxSpread(rows: readonly OffsetScores[]): number {
  return rows.reduce((m, r) => Math.max(m, r.spread), 0);
}
