import { describe, expect, it } from 'vitest';
import { BACKENDS, tf, useBackend } from './support/backends';
import { maxAbs, maxAbsDiff, randomizeParams, testRng } from './support/random';
import { EDGE_SHAPES, TINY_KINDS, tinyModel } from './support/configs';
import { attentionParamCount, kvCacheElementsPerToken } from '../../../src/memory';
import { createT6Model, Decoder, measureCache, t6Logits } from '../../../src/model';
import type { TpaDecodePath } from '../../../src/model';

const T = 9;
const PREFILL = 4;

function randomTokens(n: number, vocab: number, seed: number): number[] {
  const rng = testRng(seed);
  return Array.from({ length: n }, () => Math.floor(rng() * vocab));
}

/** Logits [T, V] of the full forward pass, as a host array. */
function forwardLogits(model: ReturnType<typeof createT6Model>, tokens: number[]): Float32Array {
  // copy: on wasm dataSync() is a view of the heap, reused once the tensor is disposed
  return tf.tidy(() => {
    const input = tf.tensor2d(Int32Array.from(tokens), [1, tokens.length], 'int32');
    return Float32Array.from(t6Logits(model, input).dataSync());
  });
}

/** Logits [T, V] from a prefill of the first PREFILL tokens and then one token at a time. */
function decodedLogits(decoder: Decoder, tokens: number[], onStep?: (m: number) => void): Float32Array {
  const parts: Float32Array[] = [];
  const collect = (ids: number[]) => {
    const l = decoder.feedTensor(ids);
    parts.push(Float32Array.from(l.dataSync()));
    l.dispose();
    onStep?.(decoder.length);
  };
  collect(tokens.slice(0, PREFILL));
  for (let i = PREFILL; i < tokens.length; i++) collect([tokens[i]!]);
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe.each(BACKENDS)('KV cache and decoding (%s)', (backend) => {
  useBackend(backend);

  describe.each([...TINY_KINDS, ...EDGE_SHAPES])('$kind %#', (attn) => {
    // TPA kinds decode two ways; the others have one cached path
    const paths: (TpaDecodePath | 'cached')[] = attn.kind.startsWith('tpa')
      ? ['factorised', 'materialised']
      : ['cached'];

    it('attention parameter count equals attentionParamCount', () => {
      const config = tinyModel(attn);
      const model = createT6Model(config, 1);
      for (const block of model.blocks) {
        const count = Object.values(block.attn.params).reduce((n, v) => n + v.size, 0);
        expect(count).toBe(attentionParamCount(attn, config.dModel));
      }
      model.dispose();
    });

    it('measureCache reports the real tensors: the documented layout, formula bytes per layer', () => {
      const config = tinyModel(attn);
      const model = createT6Model(config, 3);
      const tokens = randomTokens(T, config.vocabSize, 5);
      const report = measureCache(model, tokens);
      expect(report.tokens).toBe(T);
      expect(report.kind).toBe(attn.kind);
      const layout = model.blocks[0]!.attn.cacheLayout(1, T);
      for (const layer of report.layers) {
        expect(Object.fromEntries(layer.tensors.map((t) => [t.name, t.shape]))).toEqual(layout);
        expect(layer.bytes).toBe(kvCacheElementsPerToken(attn) * T * 4);
      }
      expect(report.totalBytes).toBe(kvCacheElementsPerToken(attn) * config.layers * T * 4);
      model.dispose();
    });

    it.each(paths)(
      'prefill + token-by-token decoding (%s) equals the full forward pass; cache bytes match',
      (path) => {
        const config = tinyModel(attn);
        const model = createT6Model(config, 2);
        randomizeParams(model.params, 9, 2);
        const tokens = randomTokens(T, config.vocabSize, 4);
        const full = forwardLogits(model, tokens);
        const decoder = new Decoder(model, path === 'cached' ? {} : { tpaDecode: path });
        const perToken = kvCacheElementsPerToken(attn) * config.layers * 4;
        const decoded = decodedLogits(decoder, tokens, (m) => {
          expect(decoder.cache.bytes()).toBe(perToken * m);
        });
        const err = maxAbsDiff(decoded, full);
        console.info(
          `[${backend}] ${attn.kind} ${path}: decode vs forward max |err| ${err.toExponential(2)} ` +
            `(max |logit| ${maxAbs(full).toFixed(2)}); cache ${decoder.cache.bytes()} B for ${decoder.length} tokens`,
        );
        expect(maxAbs(full)).toBeGreaterThan(0.5);
        expect(err).toBeLessThan(1e-4);
        decoder.dispose();
        model.dispose();
      },
    );
  });
});
