import * as tf from '@tensorflow/tfjs-core';
import { oneHotFloat, t6Logits } from './t6';
import type { T6Model } from './t6';

/**
 * Next-token cross-entropy: logits [N, V], targets int32 [N]. Without `weights` the mean over all N
 * positions; with weights [N] (e.g. 1 at the answers of a recall sequence, 0 elsewhere) the weighted mean,
 * so positions of weight 0 neither count nor get a gradient.
 */
export function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D, weights?: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const v = logits.shape[1];
    const logp = tf.logSoftmax(logits);
    // oneHot·logp instead of gather: gather has no gradient on wasm
    const picked = tf.sum(tf.mul(oneHotFloat(targets, v), logp), -1);
    if (!weights) return tf.neg(tf.mean(picked)) as tf.Scalar;
    const total = tf.maximum(tf.sum(weights), tf.scalar(1e-9));
    return tf.neg(tf.div(tf.sum(tf.mul(picked, weights)), total)) as tf.Scalar;
  });
}

/**
 * Loss of a batch of windows tokens int32 [B, T+1]: predict tokens[:, 1:] from tokens[:, :T]. `weights`
 * [B·T] (row-major, one per target) restricts it to the scored targets; see crossEntropy.
 */
export function t6Loss(model: T6Model, batch: tf.Tensor2D, weights?: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const [b, n] = batch.shape;
    const t = n - 1;
    if (t < 1) throw new Error('a training window needs at least 2 tokens');
    const inputs = tf.slice(batch, [0, 0], [b, t]);
    const targets = tf.reshape(tf.slice(batch, [0, 1], [b, t]), [b * t]) as tf.Tensor1D;
    const logits = tf.reshape(t6Logits(model, inputs), [b * t, model.config.vocabSize]) as tf.Tensor2D;
    return crossEntropy(logits, targets, weights);
  });
}
