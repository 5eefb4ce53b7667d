import * as tf from '@tensorflow/tfjs-core';

/** float32 machine epsilon: the eps PyTorch's F.rms_norm uses by default for fp32 inputs. */
export const RMS_EPS = 1.1920928955078125e-7;

/** r = 1/√(mean(x²) + eps) over the last axis, kept as a size-1 axis. */
function inverseRms(x: tf.Tensor): tf.Tensor {
  return tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), RMS_EPS));
}

/**
 * The gradient written out, so that the step keeps one copy of x and the small r instead of tfjs's
 * copies of every intermediate: with y = x·r, dx = r·(dy − x·r²·mean(dy ⊙ x)).
 */
const rmsNormOp = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const r = inverseRms(x);
  save([x, r]);
  return {
    value: tf.mul(x, r),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [xs, rs] = saved as [tf.Tensor, tf.Tensor];
      const g = dy as tf.Tensor;
      const projection = tf.mul(tf.mul(tf.square(rs), tf.mean(tf.mul(g, xs), -1, true)), xs);
      return tf.mul(tf.sub(g, projection), rs);
    },
  };
});

/** Parameter-free RMSNorm over the last axis: x / √(mean(x²) + eps), as in T6 (no learnable gain). */
export function rmsNorm<T extends tf.Tensor>(x: T): T {
  return rmsNormOp(x) as T;
}
