import * as tf from '@tensorflow/tfjs-core';
import type { AttentionConfig } from '../../spec';
import { xavier2d } from '../init';
import type { ParamFactory } from '../init';
import { project4d, projectRope } from './common';
import { createFactorisedKvLayer } from './factorised-kv-layer';
import type { QueryPart } from './factorised-kv-layer';
import { perQuery } from './tpa-kv';
import type { FactorDims } from './tpa-kv';
import { rankScaleOf, ropePlaceOf } from './tpa-variant';
import type { AttentionLayer, LayerOptions } from './types';

type TpaKvOnlyConfig = Extract<AttentionConfig, { kind: 'tpa-kvonly' }>;

/**
 * TPA-KVonly (`model/T6_kvonly.py`): a plain query projection W_q [d, h·d_h] (Xavier-uniform on the
 * 2-D weight) with RoPE per head, and TPA's factorised K and V.
 * Trace: A_K, B_K, B_K_rot, A_V, B_V, Q, K, V, probs.
 */
export function createTpaKvOnly(
  attn: TpaKvOnlyConfig,
  dModel: number,
  factory: ParamFactory,
  options: LayerOptions,
): AttentionLayer {
  const { rankK, headDim, variant } = attn;
  const noRope = ropePlaceOf(variant) !== 'factors'; // 'heads' is rotated by the layer (qkVariant)
  const makeQuery = (f: ParamFactory, dims: FactorDims): QueryPart<tf.Tensor4D> => {
    const { heads: h } = dims;
    const W_q = f.create('W_q', [dModel, h * headDim], xavier2d(dModel, h * headDim));
    return {
      compute: (x, offset, impl) =>
        noRope ? project4d(x, W_q, h, headDim, impl) : projectRope(x, W_q, h, headDim, offset, impl),
      assembled: (q) => q,
      contract: (q, bK) => {
        // every cached B̃_K row against every head's query: [B, M·R_K, d_h]·[B, d_h, N·h]
        const [bs, n] = q.shape;
        const qT: tf.Tensor3D = tf.transpose(tf.reshape(q, [bs, n * h, headDim]), [0, 2, 1]);
        return perQuery(tf.matMul(bK, qT), n);
      },
      queryMatrix: (q, scale): tf.Tensor2D => {
        const rows = tf.reshape(q, [h, headDim]) as tf.Tensor2D;
        return scale === 1 ? rows : (tf.mul(rows, scale) as tf.Tensor2D);
      },
      fused: {
        rope: W_q,
        ropeRows: h,
        restWeights: [],
        rest: () => null,
        // the heads' rows come first, B̃_K's after them
        queries: (rotated: tf.Tensor2D) => tf.slice(rotated, [0, 0], [h, headDim]),
      },
      logitScale: variant
        ? rankScaleOf(rankK, variant) / Math.sqrt(headDim)
        : 1 / (Math.sqrt(headDim) * rankK),
    };
  };
  return createFactorisedKvLayer(attn, dModel, factory, options, makeQuery);
}
