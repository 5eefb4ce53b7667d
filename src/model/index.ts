/**
 * T6 model core in tfjs (no DOM, no React): attention kinds, the T6 transformer, KV cache and
 * decoding, training and sampling. See README section in the final report / each module's docs.
 */
import type { AttentionConfig } from '../memory';
import { createStandaloneAttention } from './attention';
import type { AttentionLayer } from './attention';
import type { LinearImpl } from './linear';

export type {
  AttentionLayer,
  ExtendOptions,
  ExtendResult,
  LayerCache,
  TpaDecodePath,
  TraceSink,
} from './attention';
export type { LinearImpl } from './linear';

/**
 * One attention layer of the given kind on its own, weights drawn deterministically from `seed`
 * under the exchange names (W_q, W_A_q, W_B_k, W_o, …; all [in, out], y = x·W).
 * `forward(x)` maps [B, T, d] → [B, T, d] at positions 0..T−1 including W_o. Call `dispose()` when done.
 */
export function createAttention(
  attn: AttentionConfig,
  dModel: number,
  seed: number,
  linear: LinearImpl = 'customGrad',
): AttentionLayer {
  return createStandaloneAttention(attn, dModel, seed, { linear });
}
