import { matrixFrom, rowOf } from './matrix';
import type { Matrix } from './matrix';
import { ROPE_BASE } from '../spec';

/**
 * RoPE as the T6 code applies it (docs/rope.md#convention), in plain TypeScript: base 10000,
 * θ_j = base^(−2j/d_h) for j = 0..d_h/2−1, half-split pairs (dimension j with j + d_h/2):
 *   y_j = x_j·cos(tθ_j) + x_{j+d_h/2}·sin(tθ_j),   y_{j+d_h/2} = −x_j·sin(tθ_j) + x_{j+d_h/2}·cos(tθ_j)
 * i.e. each pair turns by the angle −t·θ_j. Pair 0 turns fastest, the last pair slowest.
 */

export function ropeFrequency(j: number, headDim: number, base = ROPE_BASE): number {
  return Math.pow(base, (-2 * j) / headDim);
}

/** x rotated for position t (any even length). */
export function rotate(x: ArrayLike<number>, position: number, base = ROPE_BASE): Float64Array {
  const dh = x.length;
  if (dh % 2 !== 0) throw new Error(`RoPE needs an even length, got ${dh}`);
  const half = dh / 2;
  const y = new Float64Array(dh);
  for (let j = 0; j < half; j++) {
    const angle = position * ropeFrequency(j, dh, base);
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    const x1 = x[j] ?? Number.NaN;
    const x2 = x[j + half] ?? Number.NaN;
    y[j] = x1 * c + x2 * s;
    y[j + half] = -x1 * s + x2 * c;
  }
  return y;
}

/** Every row of m rotated for position t. */
export function rotateRows(m: Matrix, position: number): Matrix {
  const rows = Array.from({ length: m.rows }, (_, i) => rotate(rowOf(m, i), position));
  return matrixFrom(m.rows, m.cols, (i, j) => rows[i]?.[j] ?? Number.NaN);
}

/** One rotation pair of a vector: dimensions j and j + d_h/2 as a 2-D point, before and after RoPE. */
export interface RotationPair {
  /** pair index j = 0..d_h/2−1 (0 turns fastest) */
  pair: number;
  dims: [number, number];
  /** θ_j, radians per position */
  theta: number;
  /** the turn at this position, −t·θ_j (radians, not wrapped) */
  angle: number;
  before: [number, number];
  after: [number, number];
  /** length of the 2-D vector (RoPE keeps it) */
  norm: number;
}

/** The d_h/2 rotation pairs of x at position t, fastest first. */
export function rotationPairs(x: ArrayLike<number>, position: number): RotationPair[] {
  const dh = x.length;
  const half = dh / 2;
  const y = rotate(x, position);
  return Array.from({ length: half }, (_, j) => {
    const theta = ropeFrequency(j, dh);
    const before: [number, number] = [x[j] ?? Number.NaN, x[j + half] ?? Number.NaN];
    return {
      pair: j,
      dims: [j, j + half],
      theta,
      angle: -position * theta,
      before,
      after: [y[j] ?? Number.NaN, y[j + half] ?? Number.NaN],
      norm: Math.hypot(before[0], before[1]),
    };
  });
}
