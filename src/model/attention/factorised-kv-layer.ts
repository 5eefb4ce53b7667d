import * as tf from '@tensorflow/tfjs-core';
import type { AttentionConfig } from '../../spec';
import { ZEROS } from '../init';
import type { ParamFactory } from '../init';
import { linear3d } from '../linear';
import type { LinearImpl } from '../linear';
import { rmsNorm } from '../rmsnorm';
import { applyRope } from '../rope';
import { disposeParams } from './common';
import { groupedAttention } from './softmax-attention';
import {
  appendFactors,
  assemble,
  createKvWeights,
  factorCacheLayout,
  factorisedAttention,
  kvFactorsOf,
  materialiseKv,
} from './tpa-kv';
import type { FactorDims } from './tpa-kv';
import {
  createLogitGain,
  needsMaterialisedQk,
  normaliseQueries,
  rankScaleOf,
  ropePlaceOf,
} from './tpa-variant';
import type { AttentionLayer, ExtendOptions, LayerCache, LayerOptions, TraceSink } from './types';

type FactorisedKvConfig = Extract<AttentionConfig, { kind: 'tpa' | 'tpa-kvonly' }>;

/** How the queries of a factorised-KV layer are formed: TPA's factors or TPA-KVonly's plain W_q. */
export interface QueryPart<Q> {
  /** the new tokens' query state (RoPE'd at offset..), recorded on the trace */
  compute(x: tf.Tensor3D, offset: number, impl: LinearImpl, trace?: TraceSink): Q;
  /** the assembled queries [B, T, h, d_h] */
  assembled(q: Q): tf.Tensor4D;
  /**
   * Every head's query dotted with every cached B̃_K row, bK [B, M·R_K, d_h] → [B, N, M·R_K, h],
   * including the query-side factor mixing but not the scale; the cache is the left matMul operand.
   */
  contract(q: Q, bK: tf.Tensor3D): tf.Tensor4D;
  /** scale of the logits built from `contract`: 1/(√d_h·R_K) times any query-side 1/R_Q */
  logitScale: number;
}

/**
 * The layer shared by TPA and TPA-KVonly: factorised K/V (tpa-kv.ts), output projection
 * W_o [h·d_h, d] (zero init), and the given query part.
 * - forward: materialises Q, K, V as the training code does, then causal softmax attention.
 * - extend: appends the factors A_K, B̃_K, A_V, B_V to the cache and attends straight from them
 *   (factorised, default) or by rebuilding K and V from them ('materialised', for comparison).
 */
export function createFactorisedKvLayer<Q>(
  attn: FactorisedKvConfig,
  dModel: number,
  factory: ParamFactory,
  options: LayerOptions,
  makeQuery: (factory: ParamFactory, dims: FactorDims) => QueryPart<Q>,
): AttentionLayer {
  const dims: FactorDims = { heads: attn.heads, headDim: attn.headDim };
  const { rankK, rankV, variant } = attn;
  const impl = options.linear;
  const query = makeQuery(factory, dims);
  const kv = createKvWeights(factory, dModel, dims, rankK, rankV, variant);
  const W_o = factory.create('W_o', [dims.heads * dims.headDim, dModel], ZEROS);
  const gain = variant?.qkNorm ? createLogitGain(factory, dims.heads) : null;
  const params = factory.params;
  const ranks = { rankK, rankV, ...(variant ? { variant } : {}) };
  const headRope = ropePlaceOf(variant) === 'heads';

  /**
   * A variant's changes to the materialised queries [B, N, h, d_h] (at offset..) and keys [B, M, h, d_h]
   * (at 0..): RoPE on the heads, qkNorm. The official layer has none.
   */
  function qkVariant(Q: tf.Tensor4D, K: tf.Tensor4D, offset: number): [tf.Tensor4D, tf.Tensor4D] {
    let q = headRope ? applyRope(Q, offset) : Q;
    let k = headRope ? applyRope(K, 0) : K;
    if (gain) [q, k] = [normaliseQueries(q, gain), rmsNorm(k)];
    return [q, k];
  }

  function forward(x: tf.Tensor3D, trace?: TraceSink): tf.Tensor3D {
    return tf.tidy(() => {
      const q = query.compute(x, 0, impl, trace);
      const f = kvFactorsOf(x, kv, dims, 0, impl, trace);
      let Q = query.assembled(q);
      let K = assemble(f.aK, f.bK, rankScaleOf(rankK, variant));
      const V = assemble(f.aV, f.bV, rankScaleOf(rankV, variant));
      if (needsMaterialisedQk(variant)) [Q, K] = qkVariant(Q, K, 0);
      trace?.('Q', Q);
      trace?.('K', K);
      trace?.('V', V);
      const toHeadMajor = (t: tf.Tensor4D) => tf.transpose(t, [0, 2, 1, 3]);
      const o = groupedAttention(Q, toHeadMajor(K), toHeadMajor(V), 0, trace);
      return linear3d(o, W_o, impl);
    });
  }

  function extend(x: tf.Tensor3D, cache: LayerCache | null, opts?: ExtendOptions) {
    const trace = opts?.trace;
    return tf.tidy(() => {
      const offset = cache?.length ?? 0;
      const q = query.compute(x, offset, impl, trace);
      const tensors = appendFactors(cache, kvFactorsOf(x, kv, dims, offset, impl, trace));
      let o: tf.Tensor3D;
      if (needsMaterialisedQk(variant)) {
        const { K, V } = materialiseKv(tensors, ranks);
        const toTokenMajor = (t: tf.Tensor4D) => tf.transpose(t, [0, 2, 1, 3]);
        const [Qv, Kv] = qkVariant(query.assembled(q), toTokenMajor(K), offset);
        o = groupedAttention(Qv, toTokenMajor(Kv), V, offset, trace);
      } else if (opts?.tpaDecode === 'materialised') {
        const { K, V } = materialiseKv(tensors, ranks);
        o = groupedAttention(query.assembled(q), K, V, offset, trace);
      } else {
        const qk = query.contract(q, tensors.B_K as tf.Tensor3D);
        o = factorisedAttention(qk, tensors, ranks, query.logitScale, offset, trace);
      }
      return { y: linear3d(o, W_o, impl), cache: { length: offset + x.shape[1], tensors } };
    });
  }

  return {
    attn,
    dModel,
    params,
    forward,
    extend,
    cacheLayout: (batch, tokens) => factorCacheLayout(batch, tokens, dims, rankK, rankV),
    dispose: () => disposeParams(params),
  };
}
