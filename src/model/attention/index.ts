import type { AttentionConfig } from '../../spec';
import { ParamFactory } from '../init';
export { disposeCachesExcept } from './common';
import { createGroupedAttention } from './gqa';
import { createMla } from './mla';
import { createTpa } from './tpa';
import { createTpaKvOnly } from './tpa-kvonly';
import type { AttentionLayer, LayerOptions } from './types';

export type {
  AttentionLayer,
  ExtendOptions,
  ExtendResult,
  LayerCache,
  LayerOptions,
  TpaDecodePath,
  TraceSink,
} from './types';

/** Builds the layer of the given kind, drawing its weights from `factory` (names W_q, W_A_k, …). */
export function createAttentionLayer(
  attn: AttentionConfig,
  dModel: number,
  factory: ParamFactory,
  options: LayerOptions,
): AttentionLayer {
  if (attn.headDim % 2 !== 0)
    throw new Error(`headDim ${attn.headDim} must be even (RoPE pairs i, i + d_h/2)`);
  switch (attn.kind) {
    case 'mha':
    case 'mqa':
    case 'gqa':
      return createGroupedAttention(attn, dModel, factory, options);
    case 'mla':
      return createMla(attn, dModel, factory, options);
    case 'tpa':
      return createTpa(attn, dModel, factory, options);
    case 'tpa-kvonly':
      return createTpaKvOnly(attn, dModel, factory, options);
  }
}

/** A stand-alone layer with weights drawn from `seed` (the same names a model uses, without prefix). */
export function createStandaloneAttention(
  attn: AttentionConfig,
  dModel: number,
  seed: number,
  options: LayerOptions = { linear: 'customGrad' },
): AttentionLayer {
  return createAttentionLayer(attn, dModel, new ParamFactory(seed), options);
}
