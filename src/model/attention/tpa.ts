import * as tf from '@tensorflow/tfjs-core';
import type { AttentionConfig } from '../../spec';
import type { ParamFactory } from '../init';
import { createFactorisedKvLayer } from './factorised-kv-layer';
import type { QueryPart } from './factorised-kv-layer';
import { assemble, createFactorWeights, factorsOf, perQuery } from './tpa-kv';
import type { FactorDims } from './tpa-kv';
import { rankScaleOf, ropePlaceOf } from './tpa-variant';
import type { AttentionLayer, LayerOptions } from './types';

type TpaConfig = Extract<AttentionConfig, { kind: 'tpa' }>;

/** TPA's query state: A_Q [B, T, h, R_Q] and B̃_Q [B, T, R_Q, d_h] (after RoPE). */
interface TpaQuery {
  a: tf.Tensor4D;
  b: tf.Tensor4D;
}

/**
 * Tensor Product Attention exactly as `model/T6.py` (docs/tpa-math.md#factor-maps): six bias-free factor maps
 * W_A_q [d, h·R_Q], W_B_q [d, R_Q·d_h], W_A_k [d, h·R_K], W_B_k [d, R_K·d_h], W_A_v [d, h·R_V],
 * W_B_v [d, R_V·d_h]; RoPE on the rows of B_Q and B_K before the product;
 * Q_t = (1/R_Q)·A_Qᵀ B̃_Q, K_t = (1/R_K)·A_Kᵀ B̃_K, V_t = (1/R_V)·A_Vᵀ B_V; scale 1/√d_h; W_o [h·d_h, d].
 * R_K and R_V may differ. Trace: A_Q, B_Q, B_Q_rot, A_K, B_K, B_K_rot, A_V, B_V, Q, K, V, probs.
 */
export function createTpa(
  attn: TpaConfig,
  dModel: number,
  factory: ParamFactory,
  options: LayerOptions,
): AttentionLayer {
  const { rankQ, rankK, headDim, variant } = attn;
  const ropeFactors = ropePlaceOf(variant) === 'factors';
  const makeQuery = (f: ParamFactory, dims: FactorDims): QueryPart<TpaQuery> => {
    const w = createFactorWeights(f, 'q', dModel, dims, rankQ, variant);
    return {
      compute: (x, offset, impl, trace) => {
        const { a, bRaw, b } = factorsOf(x, w, dims, rankQ, impl, ropeFactors ? { offset } : null);
        trace?.('A_Q', a);
        trace?.('B_Q', bRaw);
        trace?.('B_Q_rot', b);
        return { a, b };
      },
      assembled: (q) => assemble(q.a, q.b, rankScaleOf(rankQ, variant)),
      contract: (q, bK) => {
        // P = B̃_K·B̃_Qᵀ, head-shared: [B, M·R_K, d_h]·[B, d_h, N·R_Q] → [B, M·R_K, N·R_Q];
        // then each query's per-head mix P[n]·A_Q[n]ᵀ: [M·R_K, R_Q]·[R_Q, h] → [B, N, M·R_K, h]
        const [bs, n, h] = q.a.shape;
        const mr = bK.shape[1];
        const bQT: tf.Tensor3D = tf.transpose(tf.reshape(q.b, [bs, n * rankQ, headDim]), [0, 2, 1]);
        const p = perQuery(tf.matMul(bK, bQT), n); // [B, N, M·R_K, R_Q]
        const aQT = tf.transpose(q.a, [0, 1, 3, 2]); // [B, N, R_Q, h]
        const mixed = tf.matMul(tf.reshape(p, [bs * n, mr, rankQ]), tf.reshape(aQT, [bs * n, rankQ, h]));
        return tf.reshape(mixed, [bs, n, mr, h]);
      },
      queryMatrix: (q, scale): tf.Tensor2D => {
        const aQ = tf.reshape(q.a, [dims.heads, rankQ]) as tf.Tensor2D;
        const product: tf.Tensor2D = tf.matMul(aQ, tf.reshape(q.b, [rankQ, headDim]) as tf.Tensor2D);
        return scale === 1 ? product : (tf.mul(product, scale) as tf.Tensor2D);
      },
      ...(w.head
        ? {}
        : {
            fused: {
              rope: w.B,
              ropeRows: rankQ,
              restWeights: [w.A],
              // W_A_q with R_K zero columns after each head's R_Q: A_Q [h, R_Q + R_K] times the rotated
              // rows (B̃_Q's, then B̃_K's) is A_Q·B̃_Q
              rest: (keyRows: number) => {
                const a = tf.reshape(w.A, [dModel, dims.heads, rankQ]);
                const padded = tf.concat([a, tf.zeros([dModel, dims.heads, keyRows])], 2);
                return tf.reshape(padded, [dModel, dims.heads * (rankQ + keyRows)]) as tf.Tensor2D;
              },
              queries: (rotated: tf.Tensor2D, rest: tf.Tensor | null) =>
                tf.matMul(tf.reshape(rest!, [dims.heads, rotated.shape[0]]) as tf.Tensor2D, rotated),
            },
          }),
      logitScale: variant
        ? (rankScaleOf(rankQ, variant) * rankScaleOf(rankK, variant)) / Math.sqrt(headDim)
        : 1 / (Math.sqrt(headDim) * rankQ * rankK),
    };
  };
  return createFactorisedKvLayer(attn, dModel, factory, options, makeQuery);
}
