import * as tf from '@tensorflow/tfjs-core';
import type { TpaDecodePath } from './attention';
import { DecodeMemo } from './attention/decode-memo';
import { KvCache } from './kv-cache';
import type { CacheReport } from '../spec';
import { t6Extend } from './t6';
import type { T6Model } from './t6';

export interface DecoderOptions {
  /** TPA kinds: attend from the cached factors (default) or rebuild K/V from them */
  tpaDecode?: TpaDecodePath;
}

/**
 * Incremental decoding of one sequence with a KV cache: `feed` a prompt (prefill), then one token at
 * a time. Owns its cache; call `dispose()`.
 */
export class Decoder {
  readonly cache: KvCache;
  /** the fused projection and other weight-derived tensors, built once for this decoder's steps */
  private readonly memo = new DecodeMemo();

  constructor(
    readonly model: T6Model,
    private readonly options: DecoderOptions = {},
  ) {
    this.cache = new KvCache(model.config.attention.kind, model.config.layers);
  }

  /** Tokens held in the cache. */
  get length(): number {
    return this.cache.length;
  }

  /**
   * Appends `tokens` (several = prefill, one = a decoding step) and returns the logits [T, V] of every
   * fed token as a tensor the caller disposes.
   */
  feedTensor(tokens: readonly number[]): tf.Tensor2D {
    if (tokens.length === 0) throw new Error('feed needs at least one token');
    const input = tf.tensor2d(Int32Array.from(tokens), [1, tokens.length], 'int32');
    try {
      const { logits, caches } = t6Extend(this.model, input, this.cache.layers, {
        ...this.options,
        memo: this.memo,
      });
      this.cache.replace(caches);
      const out = tf.reshape(logits, [tokens.length, this.model.config.vocabSize]) as tf.Tensor2D;
      logits.dispose();
      return out;
    } finally {
      input.dispose();
    }
  }

  /** Like `feedTensor`, but returns only the last token's logits as a host array [V]. */
  feed(tokens: readonly number[]): Float32Array {
    const all = this.feedTensor(tokens);
    try {
      return this.lastRow(all.dataSync() as Float32Array, tokens.length);
    } finally {
      all.dispose();
    }
  }

  /** `feed` with an asynchronous read-back (`await data()`), for GPU backends in a worker. */
  async feedAsync(tokens: readonly number[]): Promise<Float32Array> {
    const all = this.feedTensor(tokens);
    try {
      return this.lastRow((await all.data()) as Float32Array, tokens.length);
    } finally {
      all.dispose();
    }
  }

  /** A copy of row `count − 1` of logits [count, V] (on wasm the read is a view of the heap). */
  private lastRow(data: Float32Array, count: number): Float32Array {
    const v = this.model.config.vocabSize;
    return data.slice((count - 1) * v, count * v);
  }

  /** Empties the cache (the next `feed` is a prefill at position 0). */
  reset(): void {
    this.cache.clear();
  }

  dispose(): void {
    this.cache.dispose();
    this.memo.dispose();
  }
}

/**
 * Prefills `tokens` into a fresh cache and reports its real size (per layer and tensor), then frees
 * it: the numbers behind the memory panel, measured rather than computed.
 */
export function measureCache(
  model: T6Model,
  tokens: readonly number[],
  options: DecoderOptions = {},
): CacheReport {
  const decoder = new Decoder(model, options);
  try {
    decoder.feedTensor(tokens).dispose();
    return decoder.cache.report();
  } finally {
    decoder.dispose();
  }
}
