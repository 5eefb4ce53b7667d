import * as tf from '@tensorflow/tfjs-core';
import { ROPE_BASE } from '../spec';

/**
 * cos(t·θ_j) and sin(t·θ_j) for positions t = offset..offset+count−1 and θ_j = base^(−2j/d_h),
 * j = 0..d_h/2−1, as row-major [count, d_h/2] arrays (angles computed in float64).
 */
export function ropeTables(
  headDim: number,
  offset: number,
  count: number,
  base = ROPE_BASE,
): { cos: Float32Array; sin: Float32Array } {
  if (headDim % 2 !== 0) throw new Error(`RoPE needs an even dimension, got ${headDim}`);
  const half = headDim / 2;
  const cos = new Float32Array(count * half);
  const sin = new Float32Array(count * half);
  for (let t = 0; t < count; t++) {
    for (let j = 0; j < half; j++) {
      const angle = (offset + t) * Math.pow(base, (-2 * j) / headDim);
      cos[t * half + j] = Math.cos(angle);
      sin[t * half + j] = Math.sin(angle);
    }
  }
  return { cos, sin };
}

/**
 * The half-split rotation as y = x ⊙ C + (x·P) ⊙ S, for positions offset..offset+count−1:
 *   C [count, 1, d_h] = [cos | cos],  S [count, 1, d_h] = [sin | −sin],
 *   P [d_h, d_h] swaps the halves (x·P = [x₂ | x₁]); P is symmetric and its own inverse.
 */
function ropeOperands(headDim: number, offset: number, count: number): () => tf.Tensor[] {
  const half = headDim / 2;
  const { cos, sin } = ropeTables(headDim, offset, count);
  const c = new Float32Array(count * headDim);
  const s = new Float32Array(count * headDim);
  for (let t = 0; t < count; t++) {
    for (let j = 0; j < half; j++) {
      const [cj, sj] = [cos[t * half + j]!, sin[t * half + j]!];
      c[t * headDim + j] = cj;
      c[t * headDim + half + j] = cj;
      s[t * headDim + j] = sj;
      s[t * headDim + half + j] = -sj;
    }
  }
  const p = new Float32Array(headDim * headDim);
  for (let j = 0; j < half; j++) {
    p[j * headDim + half + j] = 1;
    p[(half + j) * headDim + j] = 1;
  }
  return () => [
    tf.tensor3d(c, [count, 1, headDim]),
    tf.tensor3d(s, [count, 1, headDim]),
    tf.tensor2d(p, [headDim, headDim]),
  ];
}

/** x [B, T, n, d_h] ↦ x ⊙ C + (x·P) ⊙ S with the operands of `ropeOperands`. */
function rotate(x: tf.Tensor4D, operands: tf.Tensor[]): tf.Tensor4D {
  const [c, s, p] = operands as [tf.Tensor3D, tf.Tensor3D, tf.Tensor2D];
  const [b, t, n, dh] = x.shape;
  const swapped = tf.reshape(tf.matMul(tf.reshape(x, [b * t * n, dh]), p), [b, t, n, dh]);
  return tf.add(tf.mul(x, c), tf.mul(swapped, s));
}

/**
 * Rotary position embedding in the half-split layout of the T6 code (dimension i pairs with i + d_h/2):
 *   y₁ = x₁·cos + x₂·sin,   y₂ = −x₁·sin + x₂·cos
 * applied to every row of x [B, T, n, d_h]; row (b, t, ·) is at position offset + t. n is whatever
 * rides along at that position: R factor rows of B_Q/B_K (TPA), h query heads, or one shared key.
 *
 * Computed as y = x ⊙ C + (x·P) ⊙ S (P swaps the halves; a plain 2-D matMul) rather than by slicing
 * and concatenating the halves: slices along the last axis copy row by row in tfjs's wasm backend.
 * The rotation is linear and orthogonal, so its gradient is the inverse rotation of dy,
 * dx = dy ⊙ C + ((dy ⊙ S)·P), written out as a custom gradient that keeps no forward tensors.
 */
export function applyRope(x: tf.Tensor4D, offset: number): tf.Tensor4D {
  const [, t, , dh] = x.shape;
  if (dh === 0) return x;
  const operands = ropeOperands(dh, offset, t);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor4D;
    return {
      value: rotate(input, operands()),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
        const [c, s, p] = operands() as [tf.Tensor3D, tf.Tensor3D, tf.Tensor2D];
        const g = dy as tf.Tensor4D;
        const [b, , n] = g.shape;
        const back = tf.matMul(tf.reshape(tf.mul(g, s), [b * t * n, dh]), p);
        return tf.add(tf.mul(g, c), tf.reshape(back, g.shape));
      },
    };
  });
  return op(x) as tf.Tensor4D;
}

/**
 * The rotation of `applyRope` at a single position as a matrix R [d_h, d_h], so that y = x·R for every
 * row x: R[j][j] = R[j+½d_h][j+½d_h] = cos(t·θ_j), R[j+½d_h][j] = sin, R[j][j+½d_h] = −sin. A decoding
 * step rotates all the rows of its one token with this single plain matMul.
 */
export function ropeMatrix(headDim: number, position: number): tf.Tensor2D {
  const half = headDim / 2;
  const { cos, sin } = ropeTables(headDim, position, 1);
  const r = new Float32Array(headDim * headDim);
  for (let j = 0; j < half; j++) {
    r[j * headDim + j] = cos[j]!;
    r[(j + half) * headDim + j + half] = cos[j]!;
    r[(j + half) * headDim + j] = sin[j]!;
    r[j * headDim + j + half] = -sin[j]!;
  }
  return tf.tensor2d(r, [headDim, headDim]);
}
