/**
 * Measured KV caches of several model shapes on the same tokens: each shape is built from the seed (or
 * the given model is used when the shape is its own), fed the tokens, and its cache tensors are measured.
 */
import { createT6Model, Decoder } from '../model';
import type { T6Model } from '../model';
import type { CacheReport, ModelShape } from '../spec';
import { stableJson } from '../spec';
import { yieldToEvents } from './jobs';
import type { JobToken } from './jobs';

export interface CacheMeasureInput {
  /** the loaded model, reused when a shape equals `ownShape` */
  model: T6Model;
  ownShape: ModelShape;
  seed: number;
  vocabSize: number;
  /** `count` real tokens to fill each cache with */
  sampleTokens(count: number): number[];
}

export async function measureCaches(
  input: CacheMeasureInput,
  shapes: readonly ModelShape[],
  tokens: number,
  token: JobToken,
): Promise<CacheReport[]> {
  const rows: CacheReport[] = [];
  for (const shape of shapes) {
    token.throwIfCancelled();
    const own = stableJson(shape) === stableJson(input.ownShape);
    const model = own ? input.model : createT6Model({ ...shape, vocabSize: input.vocabSize }, input.seed);
    const decoder = new Decoder(model);
    try {
      await decoder.feedAsync(input.sampleTokens(Math.min(tokens, shape.maxSeqLen)));
      rows.push(decoder.cache.report());
    } finally {
      decoder.dispose();
      if (!own) model.dispose();
    }
    await yieldToEvents();
  }
  return rows;
}
