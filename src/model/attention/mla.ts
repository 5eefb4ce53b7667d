import * as tf from '@tensorflow/tfjs-core';
import type { AttentionConfig } from '../../spec';
import { linearDefault, ZEROS } from '../init';
import type { ParamFactory } from '../init';
import { linear3d } from '../linear';
import { rmsNorm } from '../rmsnorm';
import { applyRope } from '../rope';
import { appendAlong, disposeParams } from './common';
import { groupedAttention } from './softmax-attention';
import type { AttentionLayer, ExtendOptions, LayerCache, LayerOptions } from './types';

type MlaConfig = Extract<AttentionConfig, { kind: 'mla' }>;

/** Slice [from, from+size) of the last axis. */
function lastAxis<T extends tf.Tensor>(x: T, from: number, size: number): T {
  const begin = x.shape.map((_, i) => (i === x.rank - 1 ? from : 0));
  const extent = x.shape.map((s, i) => (i === x.rank - 1 ? size : s));
  return tf.slice(x, begin, extent);
}

/**
 * Multi-head latent attention, DeepSeek-V2 style (docs/tpa-math.md#baselines and #our-choices). Symbols: d'_c query latent,
 * d_c KV latent, d_h^R decoupled RoPE key dimension; q/k head dim d_h + d_h^R, value head dim d_h.
 *
 * Parameters: W_dq [d, d'_c], W_uq [d'_c, h·(d_h + d_h^R)] (per head: d_h no-RoPE dims then d_h^R RoPE
 * dims), W_dkv [d, d_c + d_h^R] (latent, then the shared RoPE key), W_ukv [d_c, h·2d_h] (per head:
 * k_nope then v), W_o [h·d_h, d]. The two latent RMSNorms are parameter-free here, like every norm in
 * T6, so the count is exactly paper Table 1's. Init: nn.Linear default, W_o zero.
 *
 * Cache: `c_kv` [B, M, d_c] (the normalised KV latent) and `k_pe` [B, M, d_h^R] (RoPE key, rotated):
 * d_c + d_h^R elements per token. K and V are rebuilt from the latent at each step (2-D matMul).
 */
export function createMla(
  attn: MlaConfig,
  dModel: number,
  factory: ParamFactory,
  options: LayerOptions,
): AttentionLayer {
  const { heads: h, headDim: dh, kvLatentDim: dc, queryLatentDim: dcq, ropeDim: dr } = attn;
  if (dr % 2 !== 0) throw new Error(`MLA: ropeDim ${dr} must be even`);
  const impl = options.linear;
  const dq = dh + dr;
  const W_dq = factory.create('W_dq', [dModel, dcq], linearDefault(dModel));
  const W_uq = factory.create('W_uq', [dcq, h * dq], linearDefault(dcq));
  const W_dkv = factory.create('W_dkv', [dModel, dc + dr], linearDefault(dModel));
  const W_ukv = factory.create('W_ukv', [dc, h * 2 * dh], linearDefault(dc));
  const W_o = factory.create('W_o', [h * dh, dModel], ZEROS);
  const params = factory.params;

  function extend(x: tf.Tensor3D, cache: LayerCache | null, options?: ExtendOptions) {
    const trace = options?.trace;
    return tf.tidy(() => {
      const [b, t] = x.shape;
      const offset = cache?.length ?? 0;
      const m = offset + t;
      // queries: latent, norm, up-projection, RoPE on the last d_h^R dims of each head
      const cq = rmsNorm(linear3d(x, W_dq, impl));
      const qAll: tf.Tensor4D = tf.reshape(linear3d(cq, W_uq, impl), [b, t, h, dq]);
      const qNope = lastAxis(qAll, 0, dh);
      const q: tf.Tensor4D =
        dr > 0 ? (tf.concat([qNope, applyRope(lastAxis(qAll, dh, dr), offset)], 3) as tf.Tensor4D) : qNope;
      // keys/values: the cached latent and shared RoPE key
      const kv = linear3d(x, W_dkv, impl);
      const cKvNew = rmsNorm(lastAxis(kv, 0, dc));
      const cKv = appendAlong(cache, 'c_kv', cKvNew, 1) as tf.Tensor3D;
      const tensors: Record<string, tf.Tensor> = { c_kv: cKv };
      // K, V of all M tokens from the latent: [B, M, h, 2d_h] → head-major [B, h, M, ·]
      const kvUp: tf.Tensor4D = tf.transpose(
        tf.reshape(linear3d(cKv, W_ukv, impl), [b, m, h, 2 * dh]),
        [0, 2, 1, 3],
      );
      const kNope = lastAxis(kvUp, 0, dh);
      const v = lastAxis(kvUp, dh, dh);
      let k = kNope;
      if (dr > 0) {
        const kPeNew = tf.reshape(
          applyRope(tf.reshape(lastAxis(kv, dc, dr), [b, t, 1, dr]) as tf.Tensor4D, offset),
          [b, t, dr],
        );
        const kPe = appendAlong(cache, 'k_pe', kPeNew, 1) as tf.Tensor3D;
        tensors.k_pe = kPe;
        k = tf.concat([kNope, tf.tile(tf.reshape(kPe, [b, 1, m, dr]), [1, h, 1, 1])], 3) as tf.Tensor4D;
      }
      trace?.('c_q', cq);
      trace?.('c_kv', cKv);
      if (tensors.k_pe) trace?.('k_pe', tensors.k_pe);
      trace?.('Q', q);
      trace?.('K', tf.transpose(k, [0, 2, 1, 3]));
      trace?.('V', tf.transpose(v, [0, 2, 1, 3]));
      const o = groupedAttention(q, k, v, offset, trace);
      return { y: linear3d(o, W_o, impl), cache: { length: m, tensors } };
    });
  }

  return {
    attn,
    dModel,
    params,
    forward: (x, trace) => tf.tidy(() => extend(x, null, trace ? { trace } : undefined).y),
    extend,
    cacheLayout: (batch, tokens) => {
      const layout: Record<string, number[]> = { c_kv: [batch, tokens, dc] };
      if (dr > 0) layout.k_pe = [batch, tokens, dr];
      return layout;
    },
    dispose: () => disposeParams(params),
  };
}
