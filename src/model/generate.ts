import type { TpaDecodePath } from './attention';
import { Decoder } from './decoder';
import type { CacheReport } from '../spec';
import { createUniformRng } from './rng';
import { sampleToken } from './sample';
import type { SamplingOptions } from './sample';
import type { T6Model } from './t6';

export interface GenerateOptions extends SamplingOptions {
  maxTokens: number;
  /** seed of the sampling stream: same model, prompt and seed ⇒ same text */
  seed: number;
  tpaDecode?: TpaDecodePath;
}

export interface GeneratedToken {
  token: number;
  /** 0-based index among the generated tokens */
  index: number;
  /** wall time spent producing this token (the prefill is counted in the first one) */
  ms: number;
  /** tokens in the cache when this token was sampled (the token itself is not in it yet) */
  cacheTokens: number;
  /** real cache size at that moment */
  cacheBytes: number;
  /** true when the context window was full and the cache was rebuilt from the last half */
  slid: boolean;
}

/**
 * Streams tokens: prefill the prompt, then sample one token at a time with the KV cache. When the
 * cache reaches `maxSeqLen`, the window slides: the cache is rebuilt from the last ⌊maxSeqLen/2⌋
 * tokens (positions restart at 0, as during training). The decoder is disposed when the generator
 * finishes or is closed early (`return()`); `onCache` sees the final cache report before that.
 */
export function* generate(
  model: T6Model,
  prompt: readonly number[],
  options: GenerateOptions,
  onCache?: (report: CacheReport) => void,
): Generator<GeneratedToken, void, undefined> {
  if (prompt.length === 0) throw new Error('generate needs a non-empty prompt');
  const maxLen = model.config.maxSeqLen;
  const rng = createUniformRng(options.seed);
  const decoder = new Decoder(model, options.tpaDecode ? { tpaDecode: options.tpaDecode } : {});
  try {
    const context = prompt.slice(-maxLen);
    let start = performance.now();
    let logits = decoder.feed(context);
    for (let index = 0; index < options.maxTokens; index++) {
      let slid = false;
      if (index > 0) {
        if (decoder.length >= maxLen) {
          decoder.reset();
          logits = decoder.feed(context.slice(-Math.max(1, Math.floor(maxLen / 2))));
          slid = true;
        } else {
          logits = decoder.feed(context.slice(-1));
        }
      }
      const token = sampleToken(logits, options, rng);
      context.push(token);
      yield {
        token,
        index,
        ms: performance.now() - start,
        cacheTokens: decoder.length,
        cacheBytes: decoder.cache.bytes(),
        slid,
      };
      start = performance.now();
    }
    onCache?.(decoder.cache.report());
  } finally {
    decoder.dispose();
  }
}
