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
 * Rotary position embedding in the half-split layout of the T6 code (dimension i pairs with i + d_h/2):
 *   y₁ = x₁·cos + x₂·sin,   y₂ = −x₁·sin + x₂·cos
 * applied to every row of x [B, T, n, d_h]; row (b, t, ·) is at position offset + t. n is whatever
 * rides along at that position: R factor rows of B_Q/B_K (TPA), h query heads, or one shared key.
 */
export function applyRope(x: tf.Tensor4D, offset: number): tf.Tensor4D {
  const [b, t, n, dh] = x.shape;
  if (dh === 0) return x;
  const half = dh / 2;
  const { cos, sin } = ropeTables(dh, offset, t);
  return tf.tidy(() => {
    const c = tf.tensor3d(cos, [t, 1, half]);
    const s = tf.tensor3d(sin, [t, 1, half]);
    const x1 = tf.slice(x, [0, 0, 0, 0], [b, t, n, half]);
    const x2 = tf.slice(x, [0, 0, 0, half], [b, t, n, half]);
    const y1 = tf.add(tf.mul(x1, c), tf.mul(x2, s));
    const y2 = tf.sub(tf.mul(x2, c), tf.mul(x1, s));
    return tf.concat([y1, y2], 3) as tf.Tensor4D;
  });
}
