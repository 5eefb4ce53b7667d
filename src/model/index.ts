/**
 * T6 model core in tfjs (no DOM, no React): the six attention kinds, the T6 transformer, KV cache and
 * decoding, training, sampling and inspection. Follows the official training code (docs/tpa-math.md).
 *
 * Prerequisites for callers: import a backend (`@tensorflow/tfjs-backend-wasm`, …) and call
 * `tf.setBackend` before building a model; gradients are registered by this package (train.ts).
 * Every weight is a tf.Variable stored [in, out] (y = x·W). Every function cleans up its own
 * intermediate tensors; objects that own tensors have `dispose()`.
 *
 * Typical worker flow:
 *   const model = createT6Model(DEFAULT_MODEL_CONFIG, seed);
 *   const trainer = new Trainer(model, { schedule });                       // AdamW state
 *   const { loss, gradNorm, ms } = trainer.step(tokenBatch(rows), lr);      // rows: B × (T+1) ids
 *   const valLoss = trainer.evaluate(tokenBatch(valRows));
 *   for (const t of generate(model, prompt, { maxTokens, temperature, topK, seed }, onCacheReport)) post(t);
 *   const view = inspect(model, tokens, [layer]);                           // plain arrays
 *   const report = measureCache(model, tokens);                             // bytes per layer/tensor
 *   trainer.dispose(); model.dispose();
 */
import type { AttentionConfig } from '../spec';
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
 * `forward(x)` maps [B, T, d] → [B, T, d] at positions 0..T−1 including W_o; `extend` is the cached
 * path. Call `dispose()` when done.
 */
export function createAttention(
  attn: AttentionConfig,
  dModel: number,
  seed: number,
  linear: LinearImpl = 'customGrad',
): AttentionLayer {
  return createStandaloneAttention(attn, dModel, seed, { linear });
}

// model
export { DEFAULT_MODEL_CONFIG, mlpHidden, validateConfig } from './config';
export type { T6Model, T6Block, MlpWeights, ModelOptions, LayerTraces, CachedLogits } from './t6';
export { createT6Model, parameterCount, t6Logits } from './t6';
export { exportWeights, importWeights } from './weights';
export { crossEntropy, t6Loss } from './loss';

// cache and decoding
export type { DecoderOptions } from './decoder';
export { Decoder, measureCache } from './decoder';
export { DecodeMemo } from './attention/decode-memo';
export type { SamplingOptions } from './sample';
export { argmax, sampleToken, samplingDistribution } from './sample';
export type { GenerateOptions, GeneratedToken } from './generate';
export { generate } from './generate';
export type { Rng } from './rng';
export { createUniformRng } from './rng';

// training
export type { AdamWConfig, AdamWState } from './adamw';
export { AdamW } from './adamw';
export { pairwiseSum } from './pairwise-sum';
export { learningRateAt } from './schedule';
export type { TokenBatch, StepResult, TrainerOptions } from './train';
export { Trainer, tokenBatch } from './train';

// inspection
export { inspect, inspectAsync } from './inspect';

// special cases (MHA / MQA / GQA as TPA with fixed head factors)
export type { SpecialCasePair, SpecialCaseReport, SpecialCaseShape } from './special-cases';
export { buildSpecialCase, compareSpecialCase, specialCaseInputs } from './special-cases';
