import { createRng } from '../random/seeded-rng';
import { maxAbs, maxAbsDiff, matrixFrom, rowOf } from './matrix';
import type { Matrix } from './matrix';
import { assemble } from './outer-products';
import { rotate, rotateRows } from './rope';

/**
 * Why TPA can cache pre-rotated factors and plain low-rank compression cannot (docs/rope.md#low-rank-caches).
 *
 * - TPA: K = (1/R)·Aᵀ B. RoPE turns the feature axis, B's own axis, so turning B's rows turns every
 *   head of K: the cache stores B̃ = B·T_t once and never touches it again.
 * - Low-rank K: k = c·W_up with a cached latent c (d_c numbers, MLA's compression). The rotation acts on
 *   k's features, after the up-projection: RoPE(c·W_up) ≠ RoPE(c)·W_up, so the latent cannot carry
 *   position. MLA therefore leaves the latent un-rotated and adds a separate shared RoPE key k_pe of
 *   d_h^R numbers per token (its cache is d_c + d_h^R).
 */
export interface CommuteGaps {
  position: number;
  /** max |(1/R)·Aᵀ(rotated B) − rotate((1/R)·AᵀB)| for the live factors (float64) */
  tpa: number;
  /** max |rotate(c·W_up) − rotate(c)·W_up| for the example latent */
  lowRank: number;
  /** max |c·W_up|, the scale of the low-rank keys */
  lowRankScale: number;
}

/** A fixed example up-projection W_up [d_c × d_h] (d_c = d_h so the latent can be turned at all). */
function exampleUpProjection(headDim: number, seed = 7): Matrix {
  const rng = createRng(seed);
  const bound = 1 / Math.sqrt(headDim);
  return matrixFrom(headDim, headDim, () => (2 * rng.next() - 1) * bound);
}

function vecTimes(c: ArrayLike<number>, w: Matrix): Float64Array {
  const out = new Float64Array(w.cols);
  for (let j = 0; j < w.cols; j++) {
    let s = 0;
    for (let i = 0; i < w.rows; i++) s += (c[i] ?? 0) * (w.data[i * w.cols + j] ?? 0);
    out[j] = s;
  }
  return out;
}

/**
 * The two gaps at `position`: the TPA one from the token's A [h × R] and raw B [R × d_h]; the low-rank one
 * with B's first row as the latent c and the example W_up.
 */
export function commuteGaps(a: Matrix, bRaw: Matrix, position: number, upProjection?: Matrix): CommuteGaps {
  const tpa = maxAbsDiff(
    assemble(a, rotateRows(bRaw, position)).data,
    rotateRows(assemble(a, bRaw), position).data,
  );
  const w = upProjection ?? exampleUpProjection(bRaw.cols);
  const c = rowOf(bRaw, 0);
  const k = vecTimes(c, w);
  const lowRank = maxAbsDiff(rotate(k, position), vecTimes(rotate(c, position), w));
  return { position, tpa, lowRank, lowRankScale: maxAbs(k) };
}
