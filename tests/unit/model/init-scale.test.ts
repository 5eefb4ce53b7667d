import { describe, expect, it } from 'vitest';
import { useBackend } from './support/backends';
import { createT6Model, exportWeights, inspect } from '../../../src/model';
import { officialTpaSpreadRatio, officialTpaSpreadScale, scaleQkvInit } from '../../../src/model/init-scale';
import type { AttentionConfig } from '../../../src/spec';

const D = 128;
const SHAPE = { heads: 4, headDim: 32 };
const RANKS = { rankQ: 4, rankK: 2, rankV: 2 };

/** RMS of the entries of layer 0's Q, K and V on one sequence of 24 tokens. */
function qkvSpread(attention: AttentionConfig, scale?: { q: number; k: number; v: number }) {
  const model = createT6Model({ vocabSize: 29, dModel: D, layers: 1, maxSeqLen: 24, attention }, 5);
  try {
    if (scale) scaleQkvInit(model.params, scale);
    const tokens = Array.from({ length: 24 }, (_, i) => (i * 7 + 3) % 29);
    const t = inspect(model, tokens, [0]).layers[0]!.tensors;
    const rms = (name: string) => {
      const data = Array.from(t[name]!.data);
      return Math.sqrt(data.reduce((s, x) => s + x * x, 0) / data.length);
    };
    return { q: rms('Q'), k: rms('K'), v: rms('V') };
  } finally {
    model.dispose();
  }
}

describe('init spread controls (cpu)', () => {
  useBackend('cpu');

  it('official TPA spread ratio: σ_A·σ_B/√R over MHA’s 1/√3, with σ = bound·√(d/3) and the Xavier bounds', () => {
    for (const [d, h, dh, r] of [
      [128, 4, 32, 4],
      [128, 4, 32, 2],
      [64, 8, 16, 1],
    ] as const) {
      const boundA = Math.sqrt(6 / (r * (h + d)));
      const boundB = Math.sqrt(6 / (dh * (r + d)));
      const sigma = (b: number) => b * Math.sqrt(d / 3);
      const expected = (sigma(boundA) * sigma(boundB)) / Math.sqrt(r) / (1 / Math.sqrt(3));
      expect(officialTpaSpreadRatio(d, h, dh, r)).toBeCloseTo(expected, 12);
    }
  });

  it('MHA shrunk by officialTpaSpreadScale starts with official TPA’s Q, K and V spread', () => {
    const mha: AttentionConfig = { kind: 'mha', ...SHAPE };
    const tpa = qkvSpread({ kind: 'tpa', ...SHAPE, ...RANKS });
    const plain = qkvSpread(mha);
    const shrunk = qkvSpread(mha, officialTpaSpreadScale(D, SHAPE.heads, SHAPE.headDim, RANKS));
    for (const k of ['q', 'k', 'v'] as const) {
      expect(tpa[k] / plain[k]).toBeLessThan(0.5);
      expect(shrunk[k] / tpa[k]).toBeGreaterThan(0.75);
      expect(shrunk[k] / tpa[k]).toBeLessThan(1.33);
    }
  });

  it('scaleQkvInit multiplies W_q, W_k and W_v of every layer and nothing else; refuses a model without them', () => {
    const config = { vocabSize: 11, dModel: 16, layers: 2, maxSeqLen: 8 };
    const model = createT6Model(
      { ...config, attention: { kind: 'gqa', heads: 4, kvHeads: 2, headDim: 4 } },
      2,
    );
    const tpa = createT6Model({ ...config, attention: { kind: 'tpa', heads: 2, headDim: 4, ...RANKS } }, 2);
    try {
      const before = exportWeights(model);
      scaleQkvInit(model.params, { q: 0.5, k: 2, v: -1 });
      const after = exportWeights(model);
      const factorOf = (name: string) =>
        name.endsWith('attn.W_q') ? 0.5 : name.endsWith('attn.W_k') ? 2 : name.endsWith('attn.W_v') ? -1 : 1;
      let scaled = 0;
      for (const [name, t] of Object.entries(before)) {
        const f = factorOf(name);
        if (f !== 1) scaled++;
        const got = Array.from(after[name]!.data);
        Array.from(t.data).forEach((x, i) => expect(got[i]).toBe(Math.fround(x * f)));
      }
      expect(scaled).toBe(6);
      expect(() => scaleQkvInit(tpa.params, { q: 1, k: 1, v: 1 })).toThrow(/no W_q/);
    } finally {
      model.dispose();
      tpa.dispose();
    }
  });
});
