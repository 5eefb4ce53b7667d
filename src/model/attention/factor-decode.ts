import * as tf from '@tensorflow/tfjs-core';
import type { FactorChunk } from './factor-chunks';
import { splitColumnsOnWasm, wasmKernelsApply } from './wasm-decode';
import { chunkScores, chunkValues, webGpuKernelsApply } from './webgpu-decode';

/**
 * One decoding step of TPA straight from the chunked factor cache (factor-chunks.ts), for a single new
 * query of a single sequence: the FlashTPA contraction (docs/kv-cache.md#flashtpa) as plain 2-D
 * non-transposed tf.matMuls, the only fast matMul of tfjs's wasm backend
 * (docs/performance.md#matmul-paths), with no loop over heads. Per chunk c of the cache:
 *
 *   S_c    = Q [h, d_h] · B̃_Kᵀ_c [d_h, c·R_K]                    (column m·R_K + s)
 *   L_c    = Σ_s (S_c ⊙ A_Kᵀ_c) viewed [h, c, R_K]   → [h, c]     (a reduction over the last axis)
 *   p      = softmax over the M cached tokens of [L_1 … L_n]       → [h, M]
 *   W_c    = p_c viewed [h, 1, c] ⊙ A_V,c viewed [h, R_V, c] (broadcast), viewed [h, R_V·c]
 *                                                               (column u·c + m)
 *   out    = Σ_c W_c · B_V,c [R_V·c, d_h]                         → [h, d_h], head-major
 *
 * without the value side's rank scale (1/R_V), which the caller applies (it folds it into W_o).
 *
 * Q = (1/R_Q)·A_Q·B̃_Q is formed first (h·d_h numbers; the logit scale folded in): by associativity
 * the same logits as FlashTPA's B̃_K·B̃_Qᵀ then ·A_Q, with one product per chunk instead of two.
 * Every cache chunk is the *right* operand: tfjs's wasm matMul hands it to XNNPACK, which packs the
 * right operand once per tensor and keeps the packing while the tensor lives, so a sealed chunk is
 * packed once, not once per token (docs/performance.md#decode; the packing is a second copy of B_K and
 * B_V in wasm memory, which the tensor-byte count of the memory panel does not include).
 * On the WebGPU backend (`kernels`, by default when it is active) the per-chunk score and value
 * contractions are our own WGSL kernels instead (webgpu-decode.ts); the softmax stays tfjs's. On
 * wasm, p is cut into the chunks' column blocks by a kernel of our own (wasm-decode.ts), since tfjs's
 * split there copies all of p out of the heap once per block.
 * Returns [1, h·d_h].
 */
export function decodeFromChunks(
  chunks: readonly FactorChunk[],
  query: tf.Tensor2D,
  ranks: { rankK: number; rankV: number },
  kernels = webGpuKernelsApply(),
): tf.Tensor2D {
  return tf.tidy(() => {
    const { rankK: rK, rankV: rV } = ranks;
    const [h, dh] = query.shape;
    const scores = chunks.map((c) => {
      if (kernels) {
        const bK = tf.reshape(c.tensors.B_K, [dh, c.length * rK]) as tf.Tensor2D;
        const aK = tf.reshape(c.tensors.A_K, [h, c.length * rK]) as tf.Tensor2D;
        return chunkScores(query, bK, aK, rK);
      }
      // the chunk's [1, d_h, c·R_K] and [1, h, c·R_K] as they are: a batch of one is the plain product
      const x = tf.mul(tf.matMul(query, c.tensors.B_K as tf.Tensor3D), c.tensors.A_K);
      return rK === 1 ? tf.reshape(x, [h, c.length]) : tf.sum(tf.reshape(x, [h, c.length, rK]), 2);
    });
    const logits = scores.length === 1 ? scores[0]! : tf.concat(scores, 1); // [h, M]
    const p = tf.softmax(logits) as tf.Tensor2D;
    const lengths = chunks.map((c) => c.length);
    let parts: tf.Tensor2D[] = [p];
    if (chunks.length > 1)
      parts = wasmKernelsApply()
        ? splitColumnsOnWasm(p, lengths)
        : (tf.split(p, lengths, 1) as tf.Tensor2D[]);
    const outs = chunks.map((c, i) => {
      const pc = parts[i]!;
      const bV = tf.reshape(c.tensors.B_V, [rV * c.length, dh]) as tf.Tensor2D;
      if (kernels) {
        const aV = tf.reshape(c.tensors.A_V, [h, rV * c.length]) as tf.Tensor2D;
        return chunkValues(pc, aV, bV, rV);
      }
      // p_c broadcast over the R_V rows of A_V [h, R_V, c]: no copy of p_c per rank
      const aV = tf.reshape(c.tensors.A_V, [h, rV, c.length]);
      const weights = tf.reshape(tf.mul(tf.reshape(pc, [h, 1, c.length]), aV), [h, rV * c.length]);
      return tf.matMul(weights as tf.Tensor2D, bV);
    });
    const out = outs.length === 1 ? outs[0]! : tf.addN(outs); // [h, d_h]
    return tf.reshape(out, [1, h * dh]);
  });
}
