import * as tf from '@tensorflow/tfjs-core';
import { groupMatMul } from './group-matmul';
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
  if (t > 1 && tf.getBackend() === 'wasm') return attentionByGroups(q, k, v, offset, trace);
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

/** K or V [B, G, M, d] repeated for the h/G query heads of each K/V head → [B, h, M, d]. */
function perQueryHead(kv: tf.Tensor4D, heads: number): tf.Tensor4D {
  const [b, g, m, d] = kv.shape;
  if (g === heads) return kv;
  // a broadcast product with ones (its gradient sums the copies), not tf.tile: 4-D throughout
  const ones = tf.ones([1, 1, heads / g, 1]);
  return tf.reshape(tf.mul(tf.reshape(kv, [b, g, 1, m * d]), ones), [b, heads, m, d]);
}

/**
 * `groupedAttention` with its two products as grouped 2-D products (group-matmul.ts), for wasm, where
 * a batched tf.matMul runs on a slow scalar path. The B·h (sequence, head) pairs are the groups, every
 * tensor is laid out [rows, groups, columns]:
 *   Q [T, B·h, d_q]   Kᵀ [d_q, B·h, M]   scores, probabilities [T, B·h, M]   V [M, B·h, d_v]
 * so the softmax runs over the last axis and every transpose is at most 4-D (tfjs's wasm transpose of
 * 5 or more axes is a slow generic loop). K/V heads shared by several query heads are repeated first.
 */
function attentionByGroups(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  offset: number,
  trace?: TraceSink,
): tf.Tensor3D {
  const [b, t, h, dq] = q.shape;
  const [m, dv] = [k.shape[2], v.shape[3]];
  return tf.tidy(() => {
    // q [B, T, h, d_q] → [T, B, h, d_q]; k [B, h, M, d_q] → [d_q, B, h, M]; v → [M, B, h, d_v]
    const qRows = tf.reshape(tf.transpose(q, [1, 0, 2, 3]), [t, b * h, dq]) as tf.Tensor3D;
    const kCols = tf.reshape(tf.transpose(perQueryHead(k, h), [3, 0, 1, 2]), [dq, b * h, m]) as tf.Tensor3D;
    const vRows = tf.reshape(tf.transpose(perQueryHead(v, h), [2, 0, 1, 3]), [m, b * h, dv]) as tf.Tensor3D;
    const scores = tf.mul(groupMatMul(qRows, kCols), 1 / Math.sqrt(dq));
    const masked = tf.add(scores, tf.reshape(causalMask(t, m, offset), [t, 1, m]));
    const probs = tf.softmax(masked) as tf.Tensor3D; // [T, B·h, M]
    if (trace) trace('probs', tf.transpose(tf.reshape(probs, [t, b, h, m]), [1, 2, 0, 3]));
    const out = groupMatMul(probs, vRows); // [T, B·h, d_v]
    return tf.reshape(tf.transpose(tf.reshape(out, [t, b, h, dv]), [1, 0, 2, 3]), [b, t, h * dv]);
  });
}
