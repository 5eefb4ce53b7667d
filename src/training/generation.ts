/**
 * Streaming generation with the KV cache, one token per event, with the cache measured after every
 * token. Follows src/model's generate() (prefill, then one token at a time; when the window is full the
 * cache is rebuilt from its last half) with asynchronous reads and a cancel/pause gate between tokens.
 */
import { createUniformRng, Decoder, sampleToken } from '../model';
import type { T6Model } from '../model';
import type { CacheReport } from '../spec';
import type { CharTokenizer } from '../data';
import type { JobToken } from './jobs';
import { yieldToEvents } from './jobs';

export interface GenerateRequest {
  prompt: string;
  maxTokens: number;
  temperature: number;
  topK: number;
  seed: number;
}

export interface TokenStep {
  index: number;
  text: string;
  ms: number;
  slid: boolean;
  cacheTokens: number;
  layerBytes: number[];
}

export interface GenerateOutcome {
  text: string;
  tokens: number;
  firstTokenMs: number;
  meanTokenMs: number | null;
  unknownChars: number;
  cache: CacheReport;
}

/** The prompt as token ids (an empty prompt starts from a newline) and how many characters were unknown. */
function promptTokens(tokenizer: CharTokenizer, prompt: string): { ids: number[]; unknown: number } {
  const ids = Array.from(tokenizer.encode(prompt));
  const unknown = ids.filter((id) => id === tokenizer.unkId).length;
  if (ids.length > 0) return { ids, unknown };
  const newline = tokenizer.encode('\n')[0];
  return { ids: [newline !== undefined && newline !== tokenizer.unkId ? newline : 1], unknown: 0 };
}

export async function generateAsync(
  model: T6Model,
  tokenizer: CharTokenizer,
  req: GenerateRequest,
  token: JobToken,
  onToken: (step: TokenStep) => void,
): Promise<GenerateOutcome> {
  const maxLen = model.config.maxSeqLen;
  const { ids, unknown } = promptTokens(tokenizer, req.prompt);
  const rng = createUniformRng(req.seed);
  const decoder = new Decoder(model);
  try {
    const context = ids.slice(-maxLen);
    const times: number[] = [];
    let text = '';
    let start = performance.now();
    let logits = await decoder.feedAsync(context);
    for (let index = 0; index < req.maxTokens; index++) {
      let slid = false;
      if (index > 0) {
        await token.gate();
        if (decoder.length >= maxLen) {
          decoder.reset();
          logits = await decoder.feedAsync(context.slice(-Math.max(1, Math.floor(maxLen / 2))));
          slid = true;
        } else {
          logits = await decoder.feedAsync(context.slice(-1));
        }
      }
      const next = sampleToken(logits, req, rng);
      context.push(next);
      const ms = performance.now() - start;
      times.push(ms);
      const symbol = tokenizer.symbol(next);
      text += symbol;
      const report = decoder.cache.report();
      onToken({
        index,
        text: symbol,
        ms,
        slid,
        cacheTokens: report.tokens,
        layerBytes: report.layers.map((l) => l.bytes),
      });
      await yieldToEvents();
      start = performance.now();
    }
    const rest = times.slice(1);
    return {
      text,
      tokens: times.length,
      firstTokenMs: times[0] ?? 0,
      meanTokenMs: rest.length > 0 ? rest.reduce((a, b) => a + b, 0) / rest.length : null,
      unknownChars: unknown,
      cache: decoder.cache.report(),
    };
  } finally {
    decoder.dispose();
  }
}
