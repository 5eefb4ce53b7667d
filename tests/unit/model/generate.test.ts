import { describe, expect, it } from 'vitest';
import { BACKENDS, tf, useBackend } from './support/backends';
import { randomizeParams } from './support/random';
import { TINY_ATTENTION, tinyModel } from './support/configs';
import {
  createUniformRng,
  createT6Model,
  Decoder,
  generate,
  sampleToken,
  samplingDistribution,
  t6Logits,
} from '../../../src/model';
import type { T6Model } from '../../../src/model';
import type { CacheReport } from '../../../src/spec';

describe('sampling', () => {
  const logits = [0.5, 2.0, -1.0, 1.0, 0.0];

  it('temperature ≤ 0 is greedy', () => {
    expect(sampleToken(logits, { temperature: 0, topK: 0 }, createUniformRng(1))).toBe(1);
  });

  it('applies temperature and top-k to the softmax', () => {
    const p = samplingDistribution(logits, { temperature: 2, topK: 3 });
    // kept: 2.0, 1.0, 0.5 → exp((l − 2)/2)
    const e = [Math.exp(-0.75), 1, 0, Math.exp(-0.5), 0];
    const z = e.reduce((a, b) => a + b, 0);
    e.forEach((x, i) => expect(p[i]).toBeCloseTo(x / z, 12));
  });

  it('draws from that distribution, never outside the top k, reproducibly per seed', () => {
    const options = { temperature: 1, topK: 3 };
    const p = samplingDistribution(logits, options);
    const rng = createUniformRng(42);
    const counts = new Array<number>(logits.length).fill(0);
    const n = 20000;
    const draws: number[] = [];
    for (let i = 0; i < n; i++) {
      const tok = sampleToken(logits, options, rng);
      counts[tok]!++;
      if (i < 50) draws.push(tok);
    }
    expect(counts[2]).toBe(0);
    expect(counts[4]).toBe(0);
    counts.forEach((c, i) => expect(Math.abs(c / n - p[i]!)).toBeLessThan(0.015));
    const again = createUniformRng(42);
    expect(Array.from({ length: 50 }, () => sampleToken(logits, options, again))).toEqual(draws);
  });
});

function greedyByFullForward(model: T6Model, prompt: number[], count: number): number[] {
  const context = prompt.slice();
  for (let i = 0; i < count; i++) {
    const next = tf.tidy(() => {
      const logits = t6Logits(model, tf.tensor2d(Int32Array.from(context), [1, context.length], 'int32'));
      const last = tf.slice(logits, [0, context.length - 1, 0], [1, 1, model.config.vocabSize]);
      return tf.argMax(tf.reshape(last, [-1])).dataSync()[0]!;
    });
    context.push(next);
  }
  return context.slice(prompt.length);
}

describe.each(BACKENDS)('generation (%s)', (backend) => {
  useBackend(backend);

  it('greedy generation with the cache equals argmax of the full forward pass at every step', () => {
    const model = createT6Model(tinyModel(TINY_ATTENTION.tpa), 5);
    randomizeParams(model.params, 7, 2);
    const prompt = [1, 2, 3];
    const produced = [...generate(model, prompt, { maxTokens: 8, temperature: 0, topK: 0, seed: 1 })];
    expect(produced.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(produced.map((p) => p.token)).toEqual(greedyByFullForward(model, prompt, 8));
    // sampled token i sees the prompt and the i tokens before it in the cache
    expect(produced.map((p) => p.cacheTokens)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    model.dispose();
  });

  it('is reproducible per seed, slides its window at maxSeqLen, and frees its cache', () => {
    const config = { ...tinyModel(TINY_ATTENTION.gqa), maxSeqLen: 8 };
    const model = createT6Model(config, 6);
    randomizeParams(model.params, 3, 2);
    const reports: CacheReport[] = [];
    const run = (seed: number) => [
      ...generate(model, [4, 2], { maxTokens: 20, temperature: 1, topK: 5, seed }, (r) => reports.push(r)),
    ];
    const a = run(9);
    const b = run(9);
    const c = run(10);
    expect(a.map((x) => x.token)).toEqual(b.map((x) => x.token));
    expect(a.map((x) => x.token)).not.toEqual(c.map((x) => x.token));
    expect(a.every((x) => x.token >= 0 && x.token < config.vocabSize)).toBe(true);
    expect(a.some((x) => x.slid)).toBe(true);
    expect(Math.max(...a.map((x) => x.cacheTokens))).toBeLessThanOrEqual(config.maxSeqLen);
    expect(reports).toHaveLength(3);
    expect(reports[0]!.totalBytes).toBe(reports[0]!.layers.reduce((s, l) => s + l.bytes, 0));
    // closing the stream early still disposes the decoder (checked by the leak check of useBackend)
    const it = generate(model, [1], { maxTokens: 5, temperature: 1, topK: 0, seed: 1 });
    it.next();
    it.return(undefined);
    model.dispose();
  });

  it('Decoder.feed and feedAsync return the same last-token logits', async () => {
    const model = createT6Model(tinyModel(TINY_ATTENTION['tpa-kvonly']), 8);
    randomizeParams(model.params, 1, 2);
    const sync = new Decoder(model);
    const async = new Decoder(model);
    const steps = [[1, 2, 3], [4], [5]];
    for (const ids of steps) {
      const a = sync.feed(ids);
      const b = await async.feedAsync(ids);
      expect(a.length).toBe(11);
      expect(Array.from(b)).toEqual(Array.from(a));
    }
    expect(async.length).toBe(5);
    sync.dispose();
    async.dispose();
    model.dispose();
  });
});
