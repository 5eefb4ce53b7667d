import * as tf from '@tensorflow/tfjs-core';

/** float32 machine epsilon: the eps PyTorch's F.rms_norm uses by default for fp32 inputs. */
export const RMS_EPS = 1.1920928955078125e-7;

/** Parameter-free RMSNorm over the last axis: x / √(mean(x²) + eps), as in T6 (no learnable gain). */
export function rmsNorm<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), RMS_EPS))) as T);
}
