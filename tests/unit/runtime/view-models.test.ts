import { describe, expect, it } from 'vitest';
import type { LossPoint, ModelShape } from '../../../src/spec';
import { trainingStats } from '../../../src/view-models/training/training-stats';
import { formatDuration } from '../../../src/view-models/format';
import { divergenceAlert, lowerLearningRate, nanAlert } from '../../../src/runtime/training-health';
import { lossSeries, MAX_DRAWN_POINTS } from '../../../src/view-models/training/loss-series';
import { baselineRows, cacheStrip } from '../../../src/view-models/training/cache-view';

const point = (step: number, loss: number, extra: Partial<LossPoint> = {}): LossPoint => ({
  step,
  loss,
  valLoss: null,
  accuracy: null,
  lr: 0.003,
  gradNorm: 1,
  ms: 100,
  tokens: 1000,
  ...extra,
});

describe('training stats', () => {
  it('speed, step time and ETA from the recent steps', () => {
    const history = [
      point(1, 4, { ms: 400 }),
      ...Array.from({ length: 10 }, (_, i) => point(i + 2, 3, { ms: 200 })),
    ];
    const s = trainingStats(history, 31);
    expect(s.step).toBe(11);
    expect(s.stepMs).toBe(200);
    expect(s.tokensPerSec).toBe(5000); // 10 × 1000 tokens / 2 s
    expect(s.etaMs).toBe(20 * 200);
    expect(s.fraction).toBeCloseTo(11 / 31);
  });

  it('the latest validation loss and its step; empty history has no speed', () => {
    const s = trainingStats([point(1, 4, { valLoss: 3.9 }), point(2, 3.5)], 10);
    expect([s.valLoss, s.valStep, s.loss]).toEqual([3.9, 1, 3.5]);
    expect(trainingStats([], 10)).toMatchObject({ step: 0, tokensPerSec: null, etaMs: null, fraction: 0 });
    expect(trainingStats([point(10, 1)], 10).etaMs).toBe(0);
  });

  it('formats durations', () => {
    expect(formatDuration(870)).toBe('0.9 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(95_000)).toBe('1 min 35 s');
    expect(formatDuration(4_000_000)).toBe('1 h 6 min');
  });
});

describe('training health', () => {
  it('flags a loss that rose clearly above its best for five steps', () => {
    const falling = Array.from({ length: 15 }, (_, i) => point(i + 1, 4 - i * 0.2));
    expect(divergenceAlert(falling, 0.01)).toBeNull();
    const rising = [...falling, ...Array.from({ length: 5 }, (_, i) => point(16 + i, 3.5))];
    const alert = divergenceAlert(rising, 0.01);
    expect(alert).toMatchObject({ kind: 'diverging', suggestedLr: 0.0033 });
    expect(alert?.message).toMatch(/had reached 1.20/);
    // one spike is not divergence
    const spike = [
      ...falling,
      point(16, 3.5),
      point(17, 1.1),
      point(18, 3.5),
      point(19, 3.5),
      point(20, 3.5),
    ];
    expect(divergenceAlert(spike, 0.01)).toBeNull();
  });

  it('NaN: says where the model went back to and suggests a lower rate', () => {
    expect(nanAlert(40, 0.09).message).toMatch(/back to step 40/);
    expect(nanAlert(0, 0.09).message).toMatch(/initial weights/);
    expect(nanAlert(0, 0.09).suggestedLr).toBe(0.03);
    expect(lowerLearningRate(2e-5)).toBe(1e-5);
  });
});

describe('loss series', () => {
  it('draws every point of a short run, and buckets a long one', () => {
    const short = lossSeries([point(1, 4, { valLoss: 4.1 }), point(2, 3)], 20);
    expect(short).toEqual({
      train: [
        { step: 1, value: 4 },
        { step: 2, value: 3 },
      ],
      valid: [{ step: 1, value: 4.1 }],
      maxStep: 20,
      yMin: 3,
      yMax: 4.1,
    });
    const long = lossSeries(
      Array.from({ length: 1000 }, (_, i) => point(i + 1, i % 2)),
      1000,
    );
    expect(long.train.length).toBeLessThanOrEqual(MAX_DRAWN_POINTS);
    expect(long.train[0]).toEqual({ step: 3, value: 1 / 3 });
    expect(long.train.at(-1)!.step).toBe(1000);
    expect(lossSeries([], 5)).toMatchObject({ yMin: null, maxStep: 5 });
  });
});

describe('cache view', () => {
  const tpa = { kind: 'tpa' as const, heads: 4, headDim: 32, rankQ: 4, rankK: 2, rankV: 2 };

  it('per-layer bytes measured against (R_K+R_V)(h+d_h)·4 bytes per token', () => {
    const perToken = (2 + 2) * (4 + 32) * 4; // 576
    const strip = cacheStrip(tpa, 64, 10, [10 * perToken, 10 * perToken]);
    expect(strip.perTokenBytes).toBe(perToken);
    expect(strip.rows).toEqual([
      { layer: 0, measuredBytes: 5760, formulaBytes: 5760, matches: true },
      { layer: 1, measuredBytes: 5760, formulaBytes: 5760, matches: true },
    ]);
    expect(strip).toMatchObject({ totalMeasured: 11520, totalFormula: 11520, matches: true, fill: 10 / 64 });
    expect(strip.formula.filled).toBe('(2+2)(4+32) = 144');
    expect(cacheStrip(tpa, 64, 10, [5760, 5000]).matches).toBe(false);
  });

  it('baseline rows: formula, match and ratio to MHA', () => {
    const shape = (attention: ModelShape['attention']): ModelShape => ({
      dModel: 128,
      layers: 2,
      maxSeqLen: 64,
      attention,
    });
    const mha = { kind: 'mha' as const, heads: 4, headDim: 32 };
    const report = (kind: 'mha' | 'tpa', perLayer: number) => ({
      kind,
      tokens: 8,
      totalBytes: perLayer * 2,
      layers: [0, 1].map((layer) => ({ layer, bytes: perLayer, tensors: [] })),
    });
    const rows = baselineRows(
      [report('mha', 8 * 256 * 4), report('tpa', 8 * 144 * 4)],
      [shape(mha), shape(tpa)],
      'tpa',
    );
    expect(rows.map((r) => [r.kind, r.matches, r.ratioToMha, r.current])).toEqual([
      ['mha', true, 1, false],
      ['tpa', true, 144 / 256, true],
    ]);
    expect(rows[1]!.shape).toBe('h=4 d_h=32 R_Q=4 R_K=2 R_V=2');
  });
});
