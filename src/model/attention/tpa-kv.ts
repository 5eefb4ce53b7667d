import * as tf from '@tensorflow/tfjs-core';
import { xavierHeadFactor, xavierFeatureFactor } from '../init';
import type { ParamFactory } from '../init';
import { batchedMatMul } from '../linear';
import type { LinearImpl } from '../linear';
import { applyRope } from '../rope';
import { appendAlong, project4d } from './common';
import { causalMask } from './softmax-attention';
import type { LayerCache, TraceSink } from './types';

/**
 * The factorised keys and values shared by TPA and TPA-KVonly (tpa-facts §1.1–1.3, §5):
 *   K_t = (1/R_K)·A_Kᵀ B̃_K,  V_t = (1/R_V)·A_Vᵀ B_V
 * with A_K(x) = x·W_A_k reshaped (h, R_K) head-major (index head·R_K + r), B_K(x) = x·W_B_k reshaped
 * (R_K, d_h) rank-major (index r·d_h + j), and B̃_K = RoPE(B_K) row by row. No RoPE on A or on B_V.
 */
export interface FactorDims {
  heads: number;
  headDim: number;
}

/** W_A [d, h·R] and W_B [d, R·d_h] of one factorised map, with the code's Xavier bounds. */
export function createFactorWeights(
  factory: ParamFactory,
  which: 'q' | 'k' | 'v',
  dModel: number,
  dims: FactorDims,
  rank: number,
): { A: tf.Variable<tf.Rank.R2>; B: tf.Variable<tf.Rank.R2> } {
  const { heads: h, headDim: dh } = dims;
  return {
    A: factory.create(`W_A_${which}`, [dModel, h * rank], xavierHeadFactor(dModel, h, rank)),
    B: factory.create(`W_B_${which}`, [dModel, rank * dh], xavierFeatureFactor(dModel, rank, dh)),
  };
}

/** A(x) [B, T, h, R] and B(x) [B, T, R, d_h] (RoPE'd at positions offset.. when `rope`). */
export function factorsOf(
  x: tf.Tensor3D,
  w: { A: tf.Tensor2D; B: tf.Tensor2D },
  dims: FactorDims,
  rank: number,
  impl: LinearImpl,
  rope: { offset: number } | null,
): { a: tf.Tensor4D; bRaw: tf.Tensor4D; b: tf.Tensor4D } {
  const a = project4d(x, w.A, dims.heads, rank, impl);
  const bRaw = project4d(x, w.B, rank, dims.headDim, impl);
  return { a, bRaw, b: rope ? applyRope(bRaw, rope.offset) : bRaw };
}

/**
 * (1/R)·Aᵀ B per token: a [B, T, h, R], b [B, T, R, d_h] → [B, T, h, d_h]. Computed as a broadcast
 * product summed over R (no tiny batched matMuls, which are wasm's slow path).
 */
export function assemble(a: tf.Tensor4D, b: tf.Tensor4D): tf.Tensor4D {
  const [bs, t, h, r] = a.shape;
  const dh = b.shape[3];
  return tf.tidy(() => {
    const prod = tf.mul(tf.reshape(a, [bs, t, h, r, 1]), tf.reshape(b, [bs, t, 1, r, dh]));
    return tf.mul(tf.sum(prod, 3), 1 / r) as tf.Tensor4D;
  });
}

export interface KvFactors {
  /** A_K [B, T, h, R_K] */
  aK: tf.Tensor4D;
  /** B̃_K [B, T, R_K, d_h], after RoPE */
  bK: tf.Tensor4D;
  /** A_V [B, T, h, R_V] */
  aV: tf.Tensor4D;
  /** B_V [B, T, R_V, d_h] */
  bV: tf.Tensor4D;
}

export interface KvWeights {
  k: { A: tf.Variable<tf.Rank.R2>; B: tf.Variable<tf.Rank.R2> };
  v: { A: tf.Variable<tf.Rank.R2>; B: tf.Variable<tf.Rank.R2> };
  rankK: number;
  rankV: number;
}

export function createKvWeights(
  factory: ParamFactory,
  dModel: number,
  dims: FactorDims,
  rankK: number,
  rankV: number,
): KvWeights {
  return {
    k: createFactorWeights(factory, 'k', dModel, dims, rankK),
    v: createFactorWeights(factory, 'v', dModel, dims, rankV),
    rankK,
    rankV,
  };
}

/** The K/V factors of the new tokens at positions offset.., recorded on the trace. */
export function kvFactorsOf(
  x: tf.Tensor3D,
  w: KvWeights,
  dims: FactorDims,
  offset: number,
  impl: LinearImpl,
  trace?: TraceSink,
): KvFactors {
  const k = factorsOf(x, w.k, dims, w.rankK, impl, { offset });
  const v = factorsOf(x, w.v, dims, w.rankV, impl, null);
  trace?.('A_K', k.a);
  trace?.('B_K', k.bRaw);
  trace?.('B_K_rot', k.b);
  trace?.('A_V', v.a);
  trace?.('B_V', v.b);
  return { aK: k.a, bK: k.b, aV: v.a, bV: v.b };
}

/**
 * Cache layout (names → shapes), chosen so that factorised decoding runs on plain 2-D non-transposed
 * matMuls: `A_K` [B, h, M, R_K], `B_K` = B̃_Kᵀ [B, d_h, M·R_K] (column m·R_K + s, pre-rotated),
 * `A_V` [B, h, M, R_V], `B_V` [B, M·R_V, d_h] (row m·R_V + u). (R_K + R_V)(h + d_h) elements per token.
 */
export function factorCacheLayout(
  batch: number,
  tokens: number,
  dims: FactorDims,
  rankK: number,
  rankV: number,
): Record<string, number[]> {
  const { heads: h, headDim: dh } = dims;
  return {
    A_K: [batch, h, tokens, rankK],
    B_K: [batch, dh, tokens * rankK],
    A_V: [batch, h, tokens, rankV],
    B_V: [batch, tokens * rankV, dh],
  };
}

/** Appends the new tokens' factors to the cache (see `factorCacheLayout`). */
export function appendFactors(cache: LayerCache | null, f: KvFactors): Record<string, tf.Tensor> {
  const [b, t, rK, dh] = f.bK.shape;
  const rV = f.bV.shape[2];
  return {
    A_K: appendAlong(cache, 'A_K', tf.transpose(f.aK, [0, 2, 1, 3]), 2),
    B_K: appendAlong(cache, 'B_K', tf.transpose(tf.reshape(f.bK, [b, t * rK, dh]), [0, 2, 1]), 2),
    A_V: appendAlong(cache, 'A_V', tf.transpose(f.aV, [0, 2, 1, 3]), 2),
    B_V: appendAlong(cache, 'B_V', tf.reshape(f.bV, [b, t * rV, dh]), 1),
  };
}

function cached<T extends tf.Tensor>(tensors: Readonly<Record<string, tf.Tensor>>, name: string): T {
  const t = tensors[name];
  if (!t) throw new Error(`TPA cache is missing ${name}`);
  return t as T;
}

/**
 * FlashTPA-style attention straight from the cached factors (tpa-facts §5), for N new queries.
 *
 *   qk [B, N, h, M·R_K]: each head's query dotted with every cached B̃_K row (column m·R_K + s),
 *                        already including the query-side factor mixing
 *   logits[b, n, i, m] = scale · Σ_s qk[b, n, i, m·R_K + s] · A_K[b, i, m, s]   (+ causal mask)
 *   p = softmax over m
 *   out[b, n, i, :] = (1/R_V) Σ_m Σ_u p[b, n, i, m] · A_V[b, i, m, u] · B_V[b, m·R_V + u, :]
 *
 * K and V are never formed. Returns [B, N, h·d_h], head-major; records `probs` [B, h, N, M].
 */
export function factorisedAttention(
  qk: tf.Tensor4D,
  tensors: Readonly<Record<string, tf.Tensor>>,
  scale: number,
  offset: number,
  trace?: TraceSink,
): tf.Tensor3D {
  return tf.tidy(() => {
    const aK = cached<tf.Tensor4D>(tensors, 'A_K');
    const aV = cached<tf.Tensor4D>(tensors, 'A_V');
    const bV = cached<tf.Tensor3D>(tensors, 'B_V');
    const [b, h, m, rK] = aK.shape;
    const rV = aV.shape[3];
    const n = qk.shape[1];
    const dh = bV.shape[2];
    const mixed = tf.mul(qk, tf.reshape(aK, [b, 1, h, m * rK]));
    let logits: tf.Tensor4D = tf.mul(tf.sum(tf.reshape(mixed, [b, n, h, m, rK]), 4), scale);
    if (n > 1 || offset + n < m) logits = tf.add(logits, tf.reshape(causalMask(n, m, offset), [n, 1, m]));
    const p = tf.softmax(logits); // [B, N, h, M]
    if (trace) trace('probs', tf.transpose(p, [0, 2, 1, 3]));
    const weights = tf.mul(tf.reshape(p, [b, n, h, m, 1]), tf.reshape(aV, [b, 1, h, m, rV]));
    const out = batchedMatMul(tf.reshape(weights, [b, n * h, m * rV]), bV); // [B, N·h, d_h]
    return tf.reshape(tf.mul(out, 1 / rV), [b, n, h * dh]);
  });
}

/**
 * K = (1/R_K)·A_Kᵀ B̃_K and V = (1/R_V)·A_Vᵀ B_V for all M cached tokens, head-major [B, h, M, d_h]:
 * the materialising path, kept only to compare against `factorisedAttention`.
 */
export function materialiseKv(tensors: Readonly<Record<string, tf.Tensor>>): {
  K: tf.Tensor4D;
  V: tf.Tensor4D;
} {
  return tf.tidy(() => {
    const aK = cached<tf.Tensor4D>(tensors, 'A_K');
    const aV = cached<tf.Tensor4D>(tensors, 'A_V');
    const [b, h, m, rK] = aK.shape;
    const rV = aV.shape[3];
    const bKRows = tf.transpose(cached<tf.Tensor3D>(tensors, 'B_K'), [0, 2, 1]); // [B, M·R_K, d_h]
    const dh = bKRows.shape[2];
    const build = (a: tf.Tensor4D, rows: tf.Tensor3D, r: number) =>
      tf.mul(
        tf.sum(tf.mul(tf.reshape(a, [b, h, m, r, 1]), tf.reshape(rows, [b, 1, m, r, dh])), 3),
        1 / r,
      ) as tf.Tensor4D;
    return { K: build(aK, bKRows, rK), V: build(aV, cached<tf.Tensor3D>(tensors, 'B_V'), rV) };
  });
}
