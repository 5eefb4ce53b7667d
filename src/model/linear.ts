import * as tf from '@tensorflow/tfjs-core';

/**
 * How a projection y = x·W is computed.
 * - 'customGrad' (default): forward `matMul(x, W)`, and a hand-written gradient
 *   dx = matMul(dy, transpose(W)), dW = matMul(transpose(x), dy), so every GEMM of the step stays on
 *   wasm's fast plain 2-D non-transposed matMul path (docs/performance.md#training: about 4× faster training on wasm).
 * - 'matMul': plain `tf.matMul` with tfjs's own gradient (transposeA/transposeB GEMMs). Kept to
 *   measure the difference and as a cross-check of the custom gradient.
 */
export type LinearImpl = 'customGrad' | 'matMul';

/**
 * xᵀ for x [R, C], the same values as tf.transpose(x). tfjs's wasm backend transposes a 2-D tensor with
 * a loop whose writes stride a whole column (a cache miss per element); viewing the rows in blocks of 32
 * ([R/32, 32, C] → [C, R/32, 32]) keeps each block's reads in cache and the writes contiguous, about
 * twice as fast for the [B·T, d] activations of a training step.
 */
export function transposeRows(x: tf.Tensor2D): tf.Tensor2D {
  const [r, c] = x.shape;
  const block = 32;
  if (r % block !== 0 || r === block) return tf.transpose(x);
  return tf.reshape(tf.transpose(tf.reshape(x, [r / block, block, c]), [2, 0, 1]), [c, r]);
}

/**
 * dW = xᵀ·dy for x [N, in], dy [N, out] (N = B·T rows). XNNPACK packs the right-hand operand of every
 * product afresh, so the orientation that packs the narrower of the two is used: xᵀ·dy packs dy
 * (N·out values), (dyᵀ·x)ᵀ packs x (N·in) and transposes the small [out, in] result. Same values.
 */
function weightGradient(x: tf.Tensor2D, dy: tf.Tensor2D): tf.Tensor2D {
  if (dy.shape[1] > x.shape[1]) return tf.transpose(tf.matMul(transposeRows(dy), x)) as tf.Tensor2D;
  return tf.matMul(transposeRows(x), dy);
}

const fastLinear = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return [tf.matMul(g, tf.transpose(ws)), weightGradient(xs, g)];
    },
  };
});

/** y = x·W for x [N, in], W [in, out] → [N, out]. */
export function linear2d(x: tf.Tensor2D, w: tf.Tensor2D, impl: LinearImpl): tf.Tensor2D {
  if (impl === 'matMul') return tf.matMul(x, w);
  return fastLinear(x, w) as tf.Tensor2D;
}

/** y = x·W applied to the last axis of x [B, T, in] → [B, T, out]. */
export function linear3d(x: tf.Tensor3D, w: tf.Tensor2D, impl: LinearImpl): tf.Tensor3D {
  const [b, t, d] = x.shape;
  const out = w.shape[1];
  return tf.reshape(linear2d(tf.reshape(x, [b * t, d]), w, impl), [b, t, out]);
}
