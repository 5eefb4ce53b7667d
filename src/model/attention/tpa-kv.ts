import * as tf from '@tensorflow/tfjs-core';
import { xavierHeadFactor, xavierFeatureFactor } from '../init';
import type { InitRule, ParamFactory } from '../init';
import type { LinearImpl } from '../linear';
import { applyRope } from '../rope';
import type { TpaVariant } from '../../spec';
import { appendAlong, project4d } from './common';
import { causalMask } from './softmax-attention';
import {
  createHeadFactor,
  headFactorModeOf,
  headFactorOf,
  matchedFeatureBound,
  rankScaleOf,
  ropePlaceOf,
} from './tpa-variant';
import type { FactorName, HeadFactorWeights } from './tpa-variant';
import type { LayerCache, TraceSink } from './types';

/**
 * The factorised keys and values shared by TPA and TPA-KVonly (docs/tpa-math.md#building-qkv, docs/rope.md and docs/kv-cache.md#flashtpa):
 *   K_t = (1/R_K)·A_Kᵀ B̃_K,  V_t = (1/R_V)·A_Vᵀ B_V
 * with A_K(x) = x·W_A_k reshaped (h, R_K) head-major (index head·R_K + r), B_K(x) = x·W_B_k reshaped
 * (R_K, d_h) rank-major (index r·d_h + j), and B̃_K = RoPE(B_K) row by row. No RoPE on A or on B_V.
 */
export interface FactorDims {
  heads: number;
  headDim: number;
}

/**
 * The weights of one factorised map: W_A [d, h·R] and W_B [d, R·d_h] with the code's Xavier bounds;
 * under a variant whose head factor is not the official one, `head` holds its weights (and `A` is
 * its W_A or constant A).
 */
export interface FactorWeights {
  A: tf.Variable<tf.Rank.R2>;
  B: tf.Variable<tf.Rank.R2>;
  head?: HeadFactorWeights;
}

export function createFactorWeights(
  factory: ParamFactory,
  which: FactorName,
  dModel: number,
  dims: FactorDims,
  rank: number,
  variant?: TpaVariant,
): FactorWeights {
  const { heads: h, headDim: dh } = dims;
  const mode = headFactorModeOf(variant, which);
  const aRule = xavierHeadFactor(dModel, h, rank);
  if (mode !== 'contextual' || variant?.factorInit === 'matched') {
    if (aRule.kind !== 'uniform') throw new Error('the head factor is Xavier-uniform');
    const bRule: InitRule =
      variant?.factorInit === 'matched'
        ? {
            kind: 'uniform',
            bound: matchedFeatureBound(dModel, rank, aRule.bound, rankScaleOf(rank, variant)),
          }
        : xavierFeatureFactor(dModel, rank, dh);
    const head = createHeadFactor(factory, which, mode, dModel, h, rank, aRule.bound);
    const B = factory.create(`W_B_${which}`, [dModel, rank * dh], bRule);
    return mode === 'contextual' ? { A: head.A, B } : { A: head.A, B, head };
  }
  return {
    A: factory.create(`W_A_${which}`, [dModel, h * rank], aRule),
    B: factory.create(`W_B_${which}`, [dModel, rank * dh], xavierFeatureFactor(dModel, rank, dh)),
  };
}

/** A(x) [B, T, h, R] and B(x) [B, T, R, d_h] (RoPE'd at positions offset.. when `rope`). */
export function factorsOf(
  x: tf.Tensor3D,
  w: { A: tf.Tensor2D; B: tf.Tensor2D; head?: HeadFactorWeights },
  dims: FactorDims,
  rank: number,
  impl: LinearImpl,
  rope: { offset: number } | null,
): { a: tf.Tensor4D; bRaw: tf.Tensor4D; b: tf.Tensor4D } {
  const a = w.head
    ? headFactorOf(x, w.head, dims.heads, rank, impl)
    : project4d(x, w.A, dims.heads, rank, impl);
  const bRaw = project4d(x, w.B, rank, dims.headDim, impl);
  return { a, bRaw, b: rope ? applyRope(bRaw, rope.offset) : bRaw };
}

/**
 * (1/R)·Aᵀ B per token: a [B, T, h, R], b [B, T, R, d_h] → [B, T, h, d_h], as B·T tiny products
 * [h, R]·[R, d_h] in one batched matMul. Batched products take tfjs wasm's slow scalar path, but these
 * are tiny (R is a few), and it is faster than a broadcast product summed over R: reducing an inner axis
 * makes tfjs transpose a 5-D tensor first. Same values (the sum over R runs in the same order). `scale`
 * replaces 1/R (a variant's rankScale).
 */
export function assemble(a: tf.Tensor4D, b: tf.Tensor4D, scale?: number): tf.Tensor4D {
  const [bs, t, h, r] = a.shape;
  const dh = b.shape[3];
  return tf.tidy(() => {
    const prod = tf.matMul(tf.reshape(a, [bs * t, h, r]), tf.reshape(b, [bs * t, r, dh]));
    return tf.reshape(tf.mul(prod, scale ?? 1 / r), [bs, t, h, dh]);
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
  k: FactorWeights;
  v: FactorWeights;
  rankK: number;
  rankV: number;
  /** a labelled variant (absent: official T6) */
  variant?: TpaVariant;
}

export function createKvWeights(
  factory: ParamFactory,
  dModel: number,
  dims: FactorDims,
  rankK: number,
  rankV: number,
  variant?: TpaVariant,
): KvWeights {
  return {
    k: createFactorWeights(factory, 'k', dModel, dims, rankK, variant),
    v: createFactorWeights(factory, 'v', dModel, dims, rankV, variant),
    rankK,
    rankV,
    ...(variant ? { variant } : {}),
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
  const k = factorsOf(x, w.k, dims, w.rankK, impl, ropePlaceOf(w.variant) === 'factors' ? { offset } : null);
  const v = factorsOf(x, w.v, dims, w.rankV, impl, null);
  trace?.('A_K', k.a);
  trace?.('B_K', k.bRaw);
  trace?.('B_K_rot', k.b);
  trace?.('A_V', v.a);
  trace?.('B_V', v.b);
  return { aK: k.a, bK: k.b, aV: v.a, bV: v.b };
}

/**
 * Cache layout (names → shapes), as the memory panel reports it; the cache itself is kept in chunks of
 * consecutive tokens in this layout (factor-chunks.ts), shaped for single-token decoding
 * (factor-decode.ts), where every chunk is the right operand of a plain 2-D matMul:
 *   `A_K` [B, h, M·R_K]    (column m·R_K + s)   `B_K` [B, d_h, M·R_K]   B̃_Kᵀ, pre-rotated
 *   `A_V` [B, h, R_V, M]                        `B_V` [B, R_V, M, d_h]
 * (R_K + R_V)(h + d_h) elements per token.
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
    A_K: [batch, h, tokens * rankK],
    B_K: [batch, dh, tokens * rankK],
    A_V: [batch, h, rankV, tokens],
    B_V: [batch, rankV, tokens, dh],
  };
}

/** a [B, T, h, R] → [B, T·R, h] (row t·R + r). */
function rankRows(a: tf.Tensor4D): tf.Tensor3D {
  const [b, t, h, r] = a.shape;
  return tf.reshape(tf.transpose(a, [0, 1, 3, 2]), [b, t * r, h]);
}

/** Appends the new tokens' factors to the cache (see `factorCacheLayout`). */
export function appendFactors(cache: LayerCache | null, f: KvFactors): Record<string, tf.Tensor> {
  const [b, t, rK, dh] = f.bK.shape;
  const rV = f.bV.shape[2];
  return {
    A_K: appendAlong(cache, 'A_K', rankRows(f.aK), 1),
    B_K: appendAlong(cache, 'B_K', tf.reshape(f.bK, [b, t * rK, dh]), 1),
    A_V: appendAlong(cache, 'A_V', rankRows(f.aV), 1),
    B_V: appendAlong(cache, 'B_V', tf.transpose(tf.reshape(f.bV, [b, t * rV, dh]), [0, 2, 1]), 2),
  };
}

function cached<T extends tf.Tensor>(tensors: Readonly<Record<string, tf.Tensor>>, name: string): T {
  const t = tensors[name];
  if (!t) throw new Error(`TPA cache is missing ${name}`);
  return t as T;
}

/**
 * [B, M, N·k] → [B, N, M, k]: the per-query blocks of a product computed for all N queries at once
 * (no data movement when N = 1).
 */
export function perQuery(x: tf.Tensor3D, n: number): tf.Tensor4D {
  const [b, m, nk] = x.shape;
  const k = nk / n;
  if (n === 1) return tf.reshape(x, [b, 1, m, k]);
  return tf.transpose(tf.reshape(x, [b, m, n, k]), [0, 2, 1, 3]);
}

/**
 * FlashTPA-style attention straight from the cached factors (docs/kv-cache.md#flashtpa), for N new queries.
 *
 *   qk [B, N, M·R_K, h]: every head's query dotted with every cached B̃_K row (row m·R_K + s),
 *                        already including the query-side factor mixing
 *   logits[b, n, m, i] = scale · Σ_s qk[b, n, m·R_K + s, i] · A_K[b, m·R_K + s, i]   (+ causal mask)
 *   p = softmax over m
 *   out[b, n, i, :] = (1/R_V) Σ_{m,u} p[b, n, m, i] · A_V[b, m·R_V + u, i] · B_V[b, m·R_V + u, :]
 *
 * The last sum is one matMul B_Vᵀ [d_h, M·R_V] · W [M·R_V, N·h] with the cache on the left. K and V
 * are never formed. Returns [B, N, h·d_h], head-major; records `probs` [B, h, N, M].
 */
export function factorisedAttention(
  qk: tf.Tensor4D,
  tensors: Readonly<Record<string, tf.Tensor>>,
  ranks: { rankK: number; rankV: number; variant?: TpaVariant },
  scale: number,
  offset: number,
  trace?: TraceSink,
): tf.Tensor3D {
  return tf.tidy(() => {
    const aK = cached<tf.Tensor3D>(tensors, 'A_K');
    const aV = cached<tf.Tensor3D>(tensors, 'A_V');
    const bVT = cached<tf.Tensor3D>(tensors, 'B_V');
    const [b, n, mrK, h] = qk.shape;
    const dh = bVT.shape[1];
    const { rankK: rK, rankV: rV } = ranks;
    const m = mrK / rK;
    const mixed = tf.mul(qk, tf.reshape(aK, [b, 1, mrK, h]));
    let logits: tf.Tensor4D = tf.mul(tf.sum(tf.reshape(mixed, [b, n, m, rK, h]), 3), scale); // [B, N, M, h]
    if (n > 1) logits = tf.add(logits, tf.reshape(causalMask(n, m, offset), [n, m, 1]));
    // softmax over m, on the last axis
    const p = tf.softmax(tf.transpose(logits, [0, 1, 3, 2])); // [B, N, h, M]
    if (trace) trace('probs', tf.transpose(p, [0, 2, 1, 3]));
    const pm = tf.transpose(p, [0, 1, 3, 2]); // [B, N, M, h]
    const weights = tf.mul(tf.reshape(pm, [b, n, m, 1, h]), tf.reshape(aV, [b, 1, m, rV, h])); // [B,N,M,R_V,h]
    // [B, M·R_V, N·h] (no data movement when N = 1)
    const w: tf.Tensor3D =
      n === 1
        ? tf.reshape(weights, [b, m * rV, h])
        : tf.reshape(tf.transpose(tf.reshape(weights, [b, n, m * rV, h]), [0, 2, 1, 3]), [b, m * rV, n * h]);
    const out = tf.mul(tf.matMul(bVT, w), rankScaleOf(rV, ranks.variant)); // [B, d_h, N·h]
    return tf.reshape(tf.transpose(tf.reshape(out, [b, dh, n, h]), [0, 2, 3, 1]), [b, n, h * dh]);
  });
}

/**
 * K = (1/R_K)·A_Kᵀ B̃_K and V = (1/R_V)·A_Vᵀ B_V for all M cached tokens, head-major [B, h, M, d_h]:
 * the materialising path, kept only to compare against `factorisedAttention`.
 */
export function materialiseKv(
  tensors: Readonly<Record<string, tf.Tensor>>,
  ranks: { rankK: number; rankV: number; variant?: TpaVariant },
): { K: tf.Tensor4D; V: tf.Tensor4D } {
  return tf.tidy(() => {
    const bK = cached<tf.Tensor3D>(tensors, 'B_K');
    const bV = tf.transpose(cached<tf.Tensor3D>(tensors, 'B_V'), [0, 2, 1]); // [B, M·R_V, d_h]
    const build = (a: tf.Tensor3D, rows: tf.Tensor3D, r: number) => {
      const [b, mr, h] = a.shape;
      const m = mr / r;
      const dh = rows.shape[2];
      const heads = tf.transpose(tf.reshape(a, [b, m, r, h]), [0, 3, 1, 2]); // [B, h, M, R]
      const prod = tf.mul(tf.reshape(heads, [b, h, m, r, 1]), tf.reshape(rows, [b, 1, m, r, dh]));
      return tf.mul(tf.sum(prod, 3), rankScaleOf(r, ranks.variant)) as tf.Tensor4D;
    };
    return {
      K: build(cached(tensors, 'A_K'), bK, ranks.rankK),
      V: build(cached(tensors, 'A_V'), bV, ranks.rankV),
    };
  });
}
