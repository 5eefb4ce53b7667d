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

export type { T6Config } from './config';
export { DEFAULT_MODEL_CONFIG, mlpHidden, validateConfig } from './config';
export type { T6Model, T6Block, MlpWeights, ModelOptions, LayerTraces, CachedLogits } from './t6';
export { createT6Model, parameterCount, t6Logits, t6Extend, embed } from './t6';
export { crossEntropy, t6Loss } from './loss';
export type { CacheReport, CacheLayerReport, CacheTensorReport } from './kv-cache';
export { KvCache, tensorBytes } from './kv-cache';
export type { DecoderOptions } from './decoder';
export { Decoder } from './decoder';
export type { AdamWConfig } from './adamw';
export { AdamW, DEFAULT_ADAMW } from './adamw';
export type { LrSchedule } from './schedule';
export { learningRateAt } from './schedule';
export type { TokenBatch, StepResult, TrainerOptions } from './train';
export { Trainer, tokenBatch } from './train';
export type { SamplingOptions } from './sample';
export { argmax, sampleToken, samplingDistribution } from './sample';
export type { GenerateOptions, GeneratedToken } from './generate';
export { generate } from './generate';
export type { Rng } from './rng';
export { createRng } from './rng';
export type { PlainTensor, LayerInspection, Inspection } from './inspect';
export { inspect } from './inspect';
