import * as tf from '@tensorflow/tfjs-core';
import type { TraceSink } from './types';

/** Large negative logit for masked keys (finite, so that no NaN can appear in softmax or its gradient). */
const MASKED = -1e9;

/**
 * Additive causal mask [T, M]: query i sits at absolute position offset + i, key j at position j;
 * keys with j > offset + i get −1e9.
 */
export function causalMask(queries: number, keys: number, offset: number): tf.Tensor2D {
  const data = new Float32Array(queries * keys);
  for (let i = 0; i < queries; i++) {
    for (let j = offset + i + 1; j < keys; j++) data[i * keys + j] = MASKED;
  }
  return tf.tensor2d(data, [queries, keys]);
}

/**
 * Causal softmax attention with G key/value heads shared by groups of h/G query heads (query head i
 * uses KV head ⌊i/(h/G)⌋; G = h is MHA, G = 1 MQA), scale 1/√d_q.
 *
 *   q [B, T, h, d_q]  new queries at positions offset..offset+T−1
 *   k [B, G, M, d_q]  keys, head-major, positions 0..M−1
 *   v [B, G, M, d_v]
 *   → [B, T, h·d_v], flattened head-major (index head·d_v + j)
 *
 * Records `probs` [B, h, T, M] on the trace.
 */
export function groupedAttention(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  offset: number,
  trace?: TraceSink,
): tf.Tensor3D {
  const [b, t, h, dq] = q.shape;
  const [, g, m, dv] = [k.shape[0], k.shape[1], k.shape[2], v.shape[3]];
  if (h % g !== 0) throw new Error(`query heads ${h} not divisible by KV heads ${g}`);
  return tf.tidy(() => {
    // [B, h, T, d_q] is contiguous as [B, G, (h/G)·T, d_q]: the queries of one group share K and V
    const qGrouped = tf.reshape(tf.transpose(q, [0, 2, 1, 3]), [b, g, (h / g) * t, dq]);
    const scores = tf.mul(tf.matMul(qGrouped, k, false, true), 1 / Math.sqrt(dq));
    let logits: tf.Tensor4D = tf.reshape(scores, [b, h, t, m]);
    // a single new token may see every cached key: no mask needed
    if (t > 1 || offset + t < m) logits = tf.add(logits, causalMask(t, m, offset));
    const probs = tf.softmax(logits); // [B, h, T, M]
    trace?.('probs', probs);
    const grouped = tf.reshape(probs, [b, g, (h / g) * t, m]);
    const out = tf.reshape(tf.matMul(grouped, v), [b, h, t, dv]);
    return tf.reshape(tf.transpose(out, [0, 2, 1, 3]), [b, t, h * dv]);
  });
}
