import type { LayerTensors, Matrix } from './matrix';
import { maxAbs, maxAbsDiff, rowOf, tokenCount, tokenMatrix } from './matrix';
import { assemble } from './outer-products';
import { rotate, rotateRows } from './rope';

/**
 * Theorem 3.1 of the paper, checked on the live model: RoPE applied to the rows of B before the product
 * equals RoPE applied to every head of the assembled Q (or K) afterwards, since the head factor A only
 * mixes along the heads axis and RoPE only turns the feature axis:
 *   (1/R)·Aᵀ(B·T_t) = ((1/R)·AᵀB)·T_t.
 */
export interface RopeCheck {
  part: 'q' | 'k';
  symbol: 'Q' | 'K';
  tokens: number;
  /** numbers compared: T·h·d_h */
  count: number;
  /**
   * max |worker's Q − RoPE(assembled here from the un-rotated factors)| over every token and head: the
   * worker rotated B̃ first (tfjs, float32), this side assembles first and rotates after (float64).
   */
  maxError: number;
  /** the same two orders both computed here in float64: only rounding is left */
  maxExactError: number;
  /** max |Q| for scale */
  maxValue: number;
}

const CHECK_NAMES = {
  q: { a: 'A_Q', b: 'B_Q', out: 'Q', symbol: 'Q' },
  k: { a: 'A_K', b: 'B_K', out: 'K', symbol: 'K' },
} as const;

/** Assembled first, then each head's row rotated for position t. */
function assembleThenRotate(a: Matrix, bRaw: Matrix, position: number): Matrix {
  return rotateRows(assemble(a, bRaw), position);
}

/** B's rows rotated for position t first, then assembled. */
function rotateThenAssemble(a: Matrix, bRaw: Matrix, position: number): Matrix {
  return assemble(a, rotateRows(bRaw, position));
}

/** The check for Q or K of one layer, or null when the layer has no such factors. */
export function ropeCheck(layer: LayerTensors, part: 'q' | 'k'): RopeCheck | null {
  const names = CHECK_NAMES[part];
  const aT = layer.tensors[names.a];
  const bT = layer.tensors[names.b];
  const outT = layer.tensors[names.out];
  if (!aT || !bT || !outT) return null;
  const tokens = tokenCount(aT);
  let maxError = 0;
  let maxExactError = 0;
  let maxValue = 0;
  let count = 0;
  for (let t = 0; t < tokens; t++) {
    const a = tokenMatrix(aT, t);
    const bRaw = tokenMatrix(bT, t);
    const reported = tokenMatrix(outT, t);
    const later = assembleThenRotate(a, bRaw, t);
    maxError = Math.max(maxError, maxAbsDiff(reported.data, later.data));
    maxExactError = Math.max(maxExactError, maxAbsDiff(rotateThenAssemble(a, bRaw, t).data, later.data));
    maxValue = Math.max(maxValue, maxAbs(reported.data));
    count += reported.data.length;
  }
  return { part, symbol: names.symbol, tokens, count, maxError, maxExactError, maxValue };
}

/**
 * How well the worker's pre-rotated B̃ row matches rotating the raw B row here: the rotation pairs
 * the panel draws are this side's, so this says they are the model's.
 */
export function rotatedRowError(layer: LayerTensors, token: number, row: number): number | null {
  const raw = layer.tensors.B_K;
  const rotated = layer.tensors.B_K_rot;
  if (!raw || !rotated) return null;
  const here = rotate(rowOf(tokenMatrix(raw, token), row), token);
  return maxAbsDiff(here, rowOf(tokenMatrix(rotated, token), row));
}
