import * as tf from '@tensorflow/tfjs-core';
import type { FactorChunk } from './factor-chunks';

/**
 * One decoding step of TPA straight from the chunked factor cache (factor-chunks.ts), for a single new
 * query of a single sequence: the FlashTPA contraction (docs/kv-cache.md#flashtpa) written so that
 * every product over the cache is a plain 2-D non-transposed tf.matMul with the cache chunk as the
 * left operand, the only fast matMul of tfjs's wasm backend (docs/performance.md#matmul-paths), and
 * no loop over heads:
 *
 *   S_c      = B̃_K,c [c·R_K, d_h] · right_1 · … · right_k  → [c·R_K, h]   (right operands from the query)
 *   X_c      = S_c ⊙ A_K,c, both viewed [c, R_K·h]                         (per chunk c)
 *   logits   = [X_1; …; X_n] · Σ_{R_K}                                      → [M, h]
 *   p        = softmax over the M cached tokens                            → [M, h]
 *   W_c      = (p_c · Σ_{R_V}ᵀ) ⊙ A_V,c, both viewed [c, R_V·h], then viewed [c·R_V, h]
 *   out      = valueScale · Σ_c B_V,cᵀ [d_h, c·R_V] · W_c                  → [d_h, h]
 *
 * Σ_{R_K} [R_K·h, h] is R_K stacked identities: it sums the R_K rank terms of each head as one more
 * small matMul (a reduction over an inner axis would make tfjs transpose first). The logit scale is
 * folded into the last right operand. Returns [1, h·d_h], head-major.
 */
export function decodeFromChunks(
  chunks: readonly FactorChunk[],
  rights: readonly tf.Tensor2D[],
  rankSum: tf.Tensor2D | null,
  rankCopy: tf.Tensor2D | null,
  ranks: { rankK: number; rankV: number },
  valueScale: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const { rankK: rK, rankV: rV } = ranks;
    const first = chunks[0];
    if (!first) throw new Error('decodeFromChunks needs a non-empty cache');
    const h = first.tensors.A_K.shape[2];
    const dh = first.tensors.B_K.shape[2];
    const scores = chunks.map((c) => {
      let s = tf.reshape(c.tensors.B_K, [c.length * rK, dh]) as tf.Tensor2D;
      for (const r of rights) s = tf.matMul(s, r);
      return tf.mul(tf.reshape(s, [c.length, rK * h]), tf.reshape(c.tensors.A_K, [c.length, rK * h]));
    });
    const x = scores.length === 1 ? scores[0]! : tf.concat(scores, 0);
    const logits = rankSum ? tf.matMul(x as tf.Tensor2D, rankSum) : x; // [M, h]
    const p = tf.transpose(tf.softmax(tf.transpose(logits))) as tf.Tensor2D; // softmax over M
    const parts =
      chunks.length === 1
        ? [p]
        : tf.split(
            p,
            chunks.map((c) => c.length),
            0,
          );
    const outs = chunks.map((c, i) => {
      // p repeated for the R_V ranks of each token, [c, R_V·h], by a small matMul (a broadcast
      // product is a slow kernel on wasm), then ⊙ A_V
      const pc = parts[i]!;
      const spread = rankCopy ? tf.matMul(pc, rankCopy) : pc;
      const w = tf.mul(spread, tf.reshape(c.tensors.A_V, [c.length, rV * h]));
      const bVT = tf.reshape(c.tensors.B_V, [dh, c.length * rV]) as tf.Tensor2D;
      return tf.matMul(bVT, tf.reshape(w, [c.length * rV, h]) as tf.Tensor2D);
    });
    const out = outs.length === 1 ? outs[0]! : tf.addN(outs); // [d_h, h]
    return tf.reshape(tf.transpose(tf.mul(out, valueScale)), [1, h * dh]);
  });
}

/**
 * Σ_R [R·h, h]: entry (s·h + i, i) = 1 for every rank s, the sum over ranks as a matMul; with
 * `transposed` the [h, R·h] matrix that repeats a row of h numbers R times.
 */
export function rankSumMatrix(rank: number, heads: number, transposed = false): tf.Tensor2D {
  const data = new Float32Array(rank * heads * heads);
  for (let s = 0; s < rank; s++)
    for (let i = 0; i < heads; i++)
      data[transposed ? i * rank * heads + s * heads + i : (s * heads + i) * heads + i] = 1;
  return tf.tensor2d(data, transposed ? [heads, rank * heads] : [rank * heads, heads]);
}

/**
 * The new token's factors as a one-token chunk: a [h·R] head-major rows (index head·R + r) become the
 * cache's rank-major rows [R, h]; B_K rows [R_K, d_h] stay; B_V [R_V, d_h] is stored transposed.
 */
export function tokenChunk(
  aK: tf.Tensor2D,
  bK: tf.Tensor2D,
  aV: tf.Tensor2D,
  bV: tf.Tensor2D,
  heads: number,
): FactorChunk {
  const rK = bK.shape[0];
  const rV = bV.shape[0];
  const dh = bK.shape[1];
  return {
    length: 1,
    tensors: {
      A_K: tf.reshape(tf.transpose(tf.reshape(aK, [heads, rK])), [1, rK, heads]),
      B_K: tf.reshape(bK, [1, rK, dh]),
      A_V: tf.reshape(tf.transpose(tf.reshape(aV, [heads, rV])), [1, rV, heads]),
      B_V: tf.reshape(tf.transpose(bV), [1, dh, rV]),
    },
  };
}
