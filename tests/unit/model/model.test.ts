import { describe, expect, it } from 'vitest';
import { BACKENDS, tf, useBackend } from './support/backends';
import { randomizeParams } from './support/random';
import { TINY_KINDS, tinyModel } from './support/configs';
import { attentionParamCount } from '../../../src/memory';
import {
  createT6Model,
  DEFAULT_MODEL_CONFIG,
  exportWeights,
  importWeights,
  mlpHidden,
  parameterCount,
  t6Logits,
  validateConfig,
} from '../../../src/model';
import type { T6Config } from '../../../src/spec';

describe('model configuration', () => {
  it('the default playground model is TPA d=128, L=2, h=4, d_h=32, R=(4,2,2), V=96, context 64', () => {
    expect(DEFAULT_MODEL_CONFIG).toEqual({
      vocabSize: 96,
      dModel: 128,
      layers: 2,
      attention: { kind: 'tpa', heads: 4, headDim: 32, rankQ: 4, rankK: 2, rankV: 2 },
      maxSeqLen: 64,
    });
    expect(mlpHidden(128)).toBe(341);
    expect(mlpHidden(768)).toBe(2048);
  });

  it('rejects shapes that cannot be built', () => {
    const bad: T6Config[] = [
      { ...tinyModel({ kind: 'mha', heads: 2, headDim: 3 }) },
      { ...tinyModel({ kind: 'gqa', heads: 4, kvHeads: 3, headDim: 4 }) },
      { ...tinyModel({ kind: 'tpa', heads: 2, headDim: 4, rankQ: 0, rankK: 1, rankV: 1 }) },
      { ...tinyModel({ kind: 'mla', heads: 2, headDim: 4, kvLatentDim: 4, queryLatentDim: 4, ropeDim: 3 }) },
      { ...tinyModel({ kind: 'mha', heads: 2, headDim: 4 }), layers: 0 },
    ];
    for (const c of bad) expect(() => validateConfig(c)).toThrow();
  });
});

describe.each(BACKENDS)('model construction (%s)', (backend) => {
  useBackend(backend);

  it.each(TINY_KINDS)(
    '$kind: parameters are deterministic per seed and counted as in the formulas',
    (attn) => {
      const config = tinyModel(attn);
      const a = createT6Model(config, 17);
      const b = createT6Model(config, 17);
      const c = createT6Model(config, 18);
      let differs = false;
      for (const [name, v] of Object.entries(a.params)) {
        expect(Array.from(v.dataSync())).toEqual(Array.from(b.params[name]!.dataSync()));
        const other = Array.from(c.params[name]!.dataSync());
        if (other.some((x, i) => x !== v.dataSync()[i])) differs = true;
      }
      expect(differs).toBe(true);
      const d = config.dModel;
      const expected =
        config.vocabSize * d + config.layers * (attentionParamCount(attn, d) + 3 * d * mlpHidden(d));
      expect(parameterCount(a)).toBe(expected);
      // zero-initialised output projections (attention W_o, MLP W_proj)
      for (const [name, v] of Object.entries(a.params))
        if (name.endsWith('W_o') || name.endsWith('W_proj'))
          expect(v.dataSync().every((x) => x === 0)).toBe(true);
      a.dispose();
      b.dispose();
      c.dispose();
    },
  );

  it('TPA factor weights follow the Xavier bounds of the code (docs/tpa-math.md#initialisation)', () => {
    const model = createT6Model(DEFAULT_MODEL_CONFIG, 1);
    const { dModel: d } = DEFAULT_MODEL_CONFIG;
    const h = 4;
    const dh = 32;
    const bounds: Record<string, number> = {
      W_A_q: Math.sqrt(6 / (4 * (h + d))),
      W_A_k: Math.sqrt(6 / (2 * (h + d))),
      W_B_q: Math.sqrt(6 / (dh * (4 + d))),
      W_B_v: Math.sqrt(6 / (dh * (2 + d))),
      W_fc1: 1 / Math.sqrt(d),
    };
    for (const [short, bound] of Object.entries(bounds)) {
      const name = Object.keys(model.params).find(
        (n) => n.startsWith('layers.0.') && n.endsWith(`.${short}`),
      )!;
      const values = Array.from(model.params[name]!.dataSync());
      const max = values.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      // all inside the bound, and the largest close to it (thousands of uniform draws)
      expect(max).toBeLessThanOrEqual(bound);
      expect(max).toBeGreaterThan(0.95 * bound);
    }
    const wte = Array.from(model.params.wte!.dataSync());
    expect(wte.reduce((m, x) => Math.max(m, Math.abs(x)), 0)).toBeLessThanOrEqual(1 / Math.sqrt(d));
    console.info(`[${backend}] default model: ${parameterCount(model)} parameters`);
    model.dispose();
  });

  it('exports and imports weights by name and shape', () => {
    const config = tinyModel(TINY_KINDS[4]!);
    const a = createT6Model(config, 1);
    randomizeParams(a.params, 2, 2);
    const b = createT6Model(config, 2);
    const tokens = tf.tensor2d([[1, 2, 3, 4]], [1, 4], 'int32');
    const logits = (m: typeof a) => tf.tidy(() => Array.from(t6Logits(m, tokens).dataSync()));
    const weights = exportWeights(a);
    expect(weights['layers.1.attn.W_B_k']!.shape).toEqual([16, 1 * 4]);
    const before = logits(b);
    const broken = { ...weights, wte: { shape: [3, 3], data: new Float32Array(9) } };
    expect(() => importWeights(b, broken)).toThrow(/wte/);
    expect(logits(b)).toEqual(before);
    importWeights(b, weights);
    expect(logits(b)).toEqual(logits(a));
    tokens.dispose();
    a.dispose();
    b.dispose();
  });
});
