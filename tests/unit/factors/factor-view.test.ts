import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { ropeCheck } from '../../../src/factors';
import { cacheComparison, factorView, headBreakdown } from '../../../src/view-models/factors';
import type { LayerTensors } from '../../../src/factors/matrix';
import { createT6Model, inspect } from '../../../src/model';
import { lcg, maxDiff, product, randomGrid, ropeComplex, tensorOf } from './support';

const H = 3;
const R = 2;
const D = 8;
const T = 4;

/** A TPA layer's tensors for T tokens, with Q built here as the model does: RoPE on B's rows, then (1/R)·A·B̃. */
function syntheticLayer(seed: number): { layer: LayerTensors; a: number[][][]; bRot: number[][][] } {
  const rng = lcg(seed);
  const a = Array.from({ length: T }, () => randomGrid(H, R, rng));
  const b = Array.from({ length: T }, () => randomGrid(R, D, rng));
  const bRot = b.map((rows, t) => rows.map((row) => ropeComplex(row, t)));
  const q = a.map((at, t) => product(at, bRot[t]!));
  const tensors = { A_Q: tensorOf(a), B_Q: tensorOf(b), B_Q_rot: tensorOf(bRot), Q: tensorOf(q) };
  return { layer: { kind: 'tpa', tensors }, a, bRot };
}

describe('factor view', () => {
  const { layer, a, bRot } = syntheticLayer(5);

  it('shows R terms whose sum is the reported Q, for the chosen token', () => {
    const r = factorView(layer, 'q', 2);
    if (!r.ok) throw new Error(r.reason);
    const v = r.view;
    expect([v.token, v.tokens, v.heads, v.headDim, v.rank]).toEqual([2, T, H, D, R]);
    expect(v.terms).toHaveLength(R);
    expect(v.running).toHaveLength(R);
    expect(v.symbol).toBe('Q');
    expect(v.bLabel).toBe('B̃_Q');
    expect(maxDiff(v.a.data, a[2]!.flat())).toBeLessThan(1e-7);
    expect(maxDiff(v.b.data, bRot[2]!.flat())).toBeLessThan(1e-6);
    expect(maxDiff(v.sum.data, product(a[2]!, bRot[2]!).flat())).toBeLessThan(1e-6);
    expect(v.maxError).toBeLessThan(1e-6);
    expect(v.extent.out).toBeGreaterThan(0);
  });

  it('reports the difference when the reported Q is not the sum', () => {
    const bad: LayerTensors = {
      kind: 'tpa',
      tensors: {
        ...layer.tensors,
        Q: { ...layer.tensors.Q!, data: Float32Array.from(layer.tensors.Q!.data, (x) => x + 0.01) },
      },
    };
    const r = factorView(bad, 'q', 1);
    expect(r.ok && r.view.maxError).toBeCloseTo(0.01, 5);
  });

  it('clamps the token into range and breaks one head down for the table', () => {
    const r = factorView(layer, 'q', 99);
    if (!r.ok) throw new Error(r.reason);
    expect(r.view.token).toBe(T - 1);
    const row = headBreakdown(r.view, 1);
    expect(row.terms).toHaveLength(R);
    const summed = row.terms[0]!.map((x, j) => x + row.terms[1]![j]!);
    expect(maxDiff(summed, row.sum)).toBeLessThan(1e-15);
    expect(maxDiff(row.sum, row.reported)).toBeLessThan(1e-6);
    expect(Math.max(...row.error)).toBeLessThan(1e-6);
  });

  it('says why there are no factors', () => {
    const kvOnly = factorView({ kind: 'tpa-kvonly', tensors: {} }, 'q', 0);
    expect(kvOnly.ok ? '' : kvOnly.reason).toMatch(/plain W_q/);
    const mha = factorView({ kind: 'mha', tensors: {} }, 'k', 0);
    expect(mha.ok ? '' : mha.reason).toMatch(/MHA has no factors/);
  });

  it('lists the cached factors and their size next to MHA’s K and V', () => {
    const c = cacheComparison({ heads: 4, headDim: 32, rankK: 2, rankV: 1 });
    expect(c.tensors.map((t) => [t.name, t.shape, t.elements])).toEqual([
      ['A_K', [4, 2], 8],
      ['B̃_K', [2, 32], 64],
      ['A_V', [4, 1], 4],
      ['B_V', [1, 32], 32],
    ]);
    expect(c.elements).toBe((2 + 1) * (4 + 32));
    expect(c.elements).toBe(c.tensors.reduce((s, t) => s + t.elements, 0));
    expect(c.mhaElements).toBe(2 * 4 * 32);
    expect(c.bytes).toBe(4 * 108);
    expect(c.saving).toBeCloseTo(256 / 108, 12);
  });
});

describe('RoPE check', () => {
  it('rotating B then assembling equals assembling then rotating (synthetic factors)', () => {
    const { layer } = syntheticLayer(9);
    const c = ropeCheck(layer, 'q');
    expect(c).not.toBeNull();
    expect(c!.tokens).toBe(T);
    expect(c!.count).toBe(T * H * D);
    expect(c!.maxError).toBeLessThan(1e-6); // float32 storage of the synthetic tensors
    expect(c!.maxExactError).toBeLessThan(1e-14);
    expect(c!.maxValue).toBeGreaterThan(0.01);
    expect(ropeCheck(layer, 'k')).toBeNull();
  });

  it('fails when the reported Q was built without RoPE on the factors', () => {
    const { layer } = syntheticLayer(9);
    const rng = lcg(9);
    const a = Array.from({ length: T }, () => randomGrid(H, R, rng));
    const b = Array.from({ length: T }, () => randomGrid(R, D, rng));
    const unrotated: LayerTensors = {
      kind: 'tpa',
      tensors: {
        ...layer.tensors,
        A_Q: tensorOf(a),
        B_Q: tensorOf(b),
        Q: tensorOf(a.map((at, t) => product(at, b[t]!))),
      },
    };
    expect(ropeCheck(unrotated, 'q')!.maxError).toBeGreaterThan(1e-3);
  });

  describe('on a real T6 (tfjs cpu)', () => {
    beforeAll(async () => {
      await tf.setBackend('cpu');
    });

    it('the model’s Q and K pass, and their factor sums equal Q and K', () => {
      const model = createT6Model(
        {
          vocabSize: 20,
          dModel: 16,
          layers: 2,
          attention: { kind: 'tpa', heads: 2, headDim: 8, rankQ: 2, rankK: 1, rankV: 2 },
          maxSeqLen: 16,
        },
        4,
      );
      try {
        const view = inspect(model, [1, 5, 7, 2, 9, 11, 3, 4, 8, 6]);
        for (const layer of view.layers) {
          for (const part of ['q', 'k'] as const) {
            const c = ropeCheck(layer, part)!;
            expect(c.tokens).toBe(10);
            expect(c.maxError).toBeLessThan(1e-5);
            expect(c.maxValue).toBeGreaterThan(1e-3);
          }
          for (const part of ['q', 'k', 'v'] as const) {
            const r = factorView(layer, part, 6);
            if (!r.ok) throw new Error(r.reason);
            expect(r.view.maxError).toBeLessThan(1e-5);
            expect(r.view.rank).toBe(part === 'q' ? 2 : part === 'k' ? 1 : 2);
          }
        }
      } finally {
        model.dispose();
      }
    });
  });
});
