import * as tf from '@tensorflow/tfjs-core';

/**
 * Sum of same-shape tensors as a balanced tree of two-input adds. Used instead of tf.addN: on WebGPU an
 * AddN shader binds every input as a storage buffer, and past the device's per-stage limit (SwiftShader:
 * 8 including the output) the pipeline is invalid and the sum comes back as 0 or garbage.
 */
export function pairwiseSum(xs: readonly tf.Tensor[]): tf.Tensor {
  if (xs.length === 0) return tf.scalar(0);
  let level = xs.slice();
  while (level.length > 1) {
    const next: tf.Tensor[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? tf.add(level[i]!, level[i + 1]!) : level[i]!);
    }
    level = next;
  }
  return level[0]!;
}
