import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, FIELDS } from '../../../src/config';
import type { PlaygroundConfig } from '../../../src/config';
import { ATTENTION_KINDS } from '../../../src/spec';
import { validateConfig } from '../../../src/model/config';
import { attentionLabel, modelSpecOf, rankCap } from '../../../src/config/model-spec';
import { datasetSpecOf, recallTaskFor } from '../../../src/config/dataset-spec';
import { datasetKey, textHash } from '../../../src/spec/dataset';
import { modelKey, stableJson } from '../../../src/spec/model-key';
import { scheduleOf, trainPlanOf } from '../../../src/config/training-plan';
import { createMqarTask } from '../../../src/data';

const small = (patch: Partial<PlaygroundConfig> = {}): PlaygroundConfig => ({
  ...DEFAULT_CONFIG,
  modelDModel: 128,
  modelLayers: 2,
  modelHeads: 4,
  modelHeadDim: 32,
  modelContext: 64,
  ...patch,
});

describe('modelSpecOf: PlaygroundConfig → the small model', () => {
  it('uses the model knobs for the shape', () => {
    const { shape, adjustments } = modelSpecOf(small({ kind: 'mha' }));
    expect(shape).toEqual({
      dModel: 128,
      layers: 2,
      maxSeqLen: 64,
      attention: { kind: 'mha', heads: 4, headDim: 32 },
    });
    expect(adjustments).toEqual([]);
  });

  it('caps TPA ranks at min(h, d_h) and says so', () => {
    const { shape, adjustments } = modelSpecOf(small({ kind: 'tpa', rankQ: 6, rankK: 2, rankV: 5 }));
    expect(shape.attention).toEqual({ kind: 'tpa', heads: 4, headDim: 32, rankQ: 4, rankK: 2, rankV: 4 });
    expect(adjustments.map((a) => [a.key, a.from, a.to])).toEqual([
      ['rankQ', 6, 4],
      ['rankV', 5, 4],
    ]);
    expect(adjustments[0]!.message).toMatch(/R_Q = 6 is above min\(h, d_h\) = 4.*the model uses 4\./);
  });

  it('rankCap is the largest rank the model keeps as asked (the factor panel’s slider limit)', () => {
    for (const [h, dh, want] of [
      [4, 32, 4],
      [8, 2, 2],
      [3, 3, 3],
    ] as const) {
      const config = small({ kind: 'tpa', modelHeads: h, modelHeadDim: dh });
      expect(rankCap(config)).toBe(want);
      expect(modelSpecOf({ ...config, rankQ: want }).adjustments).toEqual([]);
      const over = modelSpecOf({ ...config, rankQ: want + 1 });
      expect(over.shape.attention).toMatchObject({ rankQ: want });
    }
  });

  it('fits G to a divisor of the small model’s h', () => {
    const { shape, adjustments } = modelSpecOf(small({ kind: 'gqa', kvHeads: 3, modelHeads: 4 }));
    expect(shape.attention).toMatchObject({ kvHeads: 2 });
    expect(adjustments).toEqual([expect.objectContaining({ key: 'kvHeads', from: 3, to: 2 })]);
    expect(modelSpecOf(small({ kind: 'gqa', kvHeads: 2 })).adjustments).toEqual([]);
  });

  it('caps MLA latents at d and the RoPE key at d_h', () => {
    const { shape, adjustments } = modelSpecOf(
      small({ kind: 'mla', kvLatentDim: 256, queryLatentDim: 64, ropeDim: 64, modelHeadDim: 16 }),
    );
    expect(shape.attention).toEqual({
      kind: 'mla',
      heads: 4,
      headDim: 16,
      kvLatentDim: 128,
      queryLatentDim: 64,
      ropeDim: 16,
    });
    expect(adjustments.map((a) => a.key)).toEqual(['kvLatentDim', 'ropeDim']);
  });

  it('a kind other than the config’s can be asked for (baselines) and TPA-KVonly gets only R_K, R_V', () => {
    const { shape } = modelSpecOf(small({ kind: 'tpa' }), 'tpa-kvonly');
    expect(shape.attention).toEqual({ kind: 'tpa-kvonly', heads: 4, headDim: 32, rankK: 2, rankV: 2 });
  });

  it('every kind at the extremes of every model knob gives a config the model accepts', () => {
    for (const kind of ATTENTION_KINDS) {
      for (const edge of ['min', 'max'] as const) {
        const config = small({
          kind,
          modelDModel: FIELDS.modelDModel[edge],
          modelHeads: FIELDS.modelHeads[edge],
          modelHeadDim: FIELDS.modelHeadDim[edge],
          modelLayers: FIELDS.modelLayers[edge],
          modelContext: FIELDS.modelContext[edge],
          rankQ: 64,
          kvHeads: 7,
          kvLatentDim: 8192,
          ropeDim: 512,
        });
        const { shape } = modelSpecOf(config);
        expect(() => validateConfig({ ...shape, vocabSize: 75 })).not.toThrow();
      }
    }
  });

  it('labels an attention shape in the paper’s symbols', () => {
    expect(attentionLabel({ kind: 'tpa', heads: 4, headDim: 32, rankQ: 4, rankK: 2, rankV: 2 })).toBe(
      'h=4 d_h=32 R_Q=4 R_K=2 R_V=2',
    );
  });
});

describe('datasets, keys and plans', () => {
  it('the recall task fits every context the config allows', () => {
    for (let t = FIELDS.modelContext.min; t <= FIELDS.modelContext.max; t++) {
      const task = recallTaskFor(t);
      expect(() => createMqarTask(task)).not.toThrow();
      expect(task.numPairs).toBeGreaterThanOrEqual(1);
    }
    expect(recallTaskFor(64)).toMatchObject({ numPairs: 8, numQueries: 8, gap: 16 });
  });

  it('names datasets; pasted text by length and hash', () => {
    expect(datasetSpecOf(small({ dataset: 'custom' }), 'abc')).toEqual({ kind: 'custom', text: 'abc' });
    expect(datasetKey({ kind: 'custom', text: 'abc' })).toBe(`custom:3:${textHash('abc')}`);
    expect(textHash('abc')).not.toBe(textHash('abd'));
    expect(datasetKey(datasetSpecOf(small({ dataset: 'corpus' }), 'ignored'))).toBe('corpus');
  });

  it('the model key depends on shape, seed and data, not on key order', () => {
    const { shape } = modelSpecOf(small());
    const reordered = JSON.parse(
      JSON.stringify({
        maxSeqLen: shape.maxSeqLen,
        attention: shape.attention,
        layers: shape.layers,
        dModel: shape.dModel,
      }),
    );
    expect(stableJson(reordered)).toBe(stableJson(shape));
    const key = modelKey(shape, 1, { kind: 'corpus' });
    expect(modelKey(reordered, 1, { kind: 'corpus' })).toBe(key);
    expect(modelKey(shape, 2, { kind: 'corpus' })).not.toBe(key);
    expect(modelKey(shape, 1, { kind: 'custom', text: 'x' })).not.toBe(key);
  });

  it('schedule: peak = the learning rate, floor a tenth, warm-up 5% (1 to 100 steps)', () => {
    const s = scheduleOf(small({ learningRate: 0.003, trainSteps: 500 }));
    expect(s).toMatchObject({ maxLr: 0.003, warmupSteps: 25, totalSteps: 500 });
    expect(s.minLr).toBeCloseTo(0.0003, 12);
    expect(scheduleOf(small({ trainSteps: 20 })).warmupSteps).toBe(1);
    expect(scheduleOf(small({ trainSteps: 20000 })).warmupSteps).toBe(100);
    expect(trainPlanOf(small({ trainBatch: 8, trainSteps: 30 }))).toMatchObject({ untilStep: 30, batch: 8 });
  });
});
