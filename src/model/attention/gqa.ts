import * as tf from '@tensorflow/tfjs-core';
import type { AttentionConfig } from '../../spec';
import { linearDefault, ZEROS } from '../init';
import type { ParamFactory } from '../init';
import { linear3d } from '../linear';
import { appendAlong, disposeParams, project4d, projectRope } from './common';
import { groupedAttention } from './softmax-attention';
import type { AttentionLayer, ExtendOptions, LayerCache, LayerOptions, TraceSink } from './types';

type GroupedConfig = Extract<AttentionConfig, { kind: 'mha' | 'mqa' | 'gqa' }>;

/** G, the number of K/V heads: h for MHA, 1 for MQA, kvHeads for GQA. */
function kvHeadsOf(attn: GroupedConfig): number {
  if (attn.kind === 'mha') return attn.heads;
  if (attn.kind === 'mqa') return 1;
  return attn.kvHeads;
}

/**
 * MHA, MQA and GQA: one implementation with G K/V heads (G = h, 1, kvHeads).
 *
 * Parameters (d = dModel): W_q [d, h·d_h], W_k [d, G·d_h], W_v [d, G·d_h], W_o [h·d_h, d]; outputs
 * flattened head-major. RoPE on q and k per head. Init: nn.Linear default U(±1/√d) for W_q/W_k/W_v,
 * W_o zero (as every T6 output projection).
 *
 * Cache: K and V of the G heads after RoPE, head-major: `K` [B, G, M, d_h], `V` [B, G, M, d_h]:
 * 2·G·d_h elements per token.
 */
export function createGroupedAttention(
  attn: GroupedConfig,
  dModel: number,
  factory: ParamFactory,
  options: LayerOptions,
): AttentionLayer {
  const { heads: h, headDim: dh } = attn;
  const g = kvHeadsOf(attn);
  if (h % g !== 0) throw new Error(`GQA: kvHeads ${g} must divide heads ${h}`);
  const impl = options.linear;
  const W_q = factory.create('W_q', [dModel, h * dh], linearDefault(dModel));
  const W_k = factory.create('W_k', [dModel, g * dh], linearDefault(dModel));
  const W_v = factory.create('W_v', [dModel, g * dh], linearDefault(dModel));
  const W_o = factory.create('W_o', [h * dh, dModel], ZEROS);
  const params = factory.params;

  function extend(x: tf.Tensor3D, cache: LayerCache | null, options?: ExtendOptions) {
    const trace: TraceSink | undefined = options?.trace;
    return tf.tidy(() => {
      const offset = cache?.length ?? 0;
      const t = x.shape[1];
      const q = projectRope(x, W_q, h, dh, offset, impl); // [B, T, h, d_h]
      const k = projectRope(x, W_k, g, dh, offset, impl); // [B, T, G, d_h]
      const v = project4d(x, W_v, g, dh, impl);
      trace?.('Q', q);
      trace?.('K', k);
      trace?.('V', v);
      const K = appendAlong(cache, 'K', tf.transpose(k, [0, 2, 1, 3]), 2) as tf.Tensor4D;
      const V = appendAlong(cache, 'V', tf.transpose(v, [0, 2, 1, 3]), 2) as tf.Tensor4D;
      const o = groupedAttention(q, K, V, offset, trace);
      const y = linear3d(o, W_o, impl);
      return { y, cache: { length: offset + t, tensors: { K, V } } };
    });
  }

  return {
    attn,
    dModel,
    params,
    forward: (x, trace) => {
      return tf.tidy(() => extend(x, null, trace ? { trace } : undefined).y);
    },
    extend,
    cacheLayout: (batch, tokens) => ({ K: [batch, g, tokens, dh], V: [batch, g, tokens, dh] }),
    dispose: () => disposeParams(params),
  };
}
