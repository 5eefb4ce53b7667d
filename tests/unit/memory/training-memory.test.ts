import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import {
  TRAINING_MEMORY_BUDGET_BYTES,
  t6ParameterCount,
  trainingMemoryAdvice,
  trainingStepMemory,
} from '../../../src/memory';
import type { TrainingStepShape } from '../../../src/memory';
import type { AttentionConfig } from '../../../src/spec';
import { createT6Model, parameterCount, tokenBatch, Trainer } from '../../../src/model';

tf.env().set('PROD', true);

describe('trainingStepMemory', () => {
  it('matches a count by hand for a tiny MHA model', () => {
    // d = 16, L = 1, h = 2, d_h = 4, T = 8, B = 2, V = 10; SwiGLU hidden ⌊8·16/3⌋ = 42
    // parameters: wte 10·16 = 160, attention 4·16·8 = 512, MLP 3·16·42 = 2016 → 2688
    // activations (floats): 1·2·8·(176·16 + 48·8) = 51,200; scores 16·1·2·2·8² = 4,096; logits 16·2·8·10 = 2,560
    const m = trainingStepMemory({
      dModel: 16,
      layers: 1,
      attention: { kind: 'mha', heads: 2, headDim: 4 },
      maxSeqLen: 8,
      vocabSize: 10,
      batch: 2,
    });
    expect(m).toEqual({
      parameters: 2688,
      weightsBytes: 2688 * 4,
      gradientBytes: 2688 * 4,
      optimizerBytes: 2688 * 8,
      activationBytes: (51_200 + 4_096 + 2_560) * 4,
      totalBytes: 2688 * 16 + 57_856 * 4,
    });
  });

  const kinds: AttentionConfig[] = [
    { kind: 'mha', heads: 4, headDim: 8 },
    { kind: 'mqa', heads: 4, headDim: 8 },
    { kind: 'gqa', heads: 4, headDim: 8, kvHeads: 2 },
    { kind: 'mla', heads: 4, headDim: 8, kvLatentDim: 16, queryLatentDim: 24, ropeDim: 4 },
    { kind: 'tpa', heads: 4, headDim: 8, rankQ: 4, rankK: 2, rankV: 2 },
    { kind: 'tpa-kvonly', heads: 4, headDim: 8, rankK: 2, rankV: 1 },
  ];

  it.each(kinds.map((a) => [a.kind, a] as const))(
    'counts the parameters the model builds: %s',
    (_, attention) => {
      const config = { vocabSize: 37, dModel: 32, layers: 2, attention, maxSeqLen: 16 };
      const model = createT6Model(config, 1);
      expect(t6ParameterCount(config)).toBe(parameterCount(model));
      model.dispose();
    },
  );

  it('is at least the peak tfjs measures for a real step, and at most 1.5 times it', async () => {
    await tf.setBackend('cpu');
    const shapes: TrainingStepShape[] = [
      { dModel: 32, layers: 1, attention: kinds[0]!, maxSeqLen: 48, vocabSize: 40, batch: 4 },
      { dModel: 48, layers: 2, attention: kinds[4]!, maxSeqLen: 32, vocabSize: 60, batch: 3 },
      { dModel: 32, layers: 1, attention: kinds[2]!, maxSeqLen: 96, vocabSize: 30, batch: 2 },
    ];
    for (const s of shapes) {
      const model = createT6Model({ ...s }, 2);
      const trainer = new Trainer(model);
      const rows = Array.from({ length: s.batch }, (_, i) =>
        Array.from({ length: s.maxSeqLen + 1 }, (_, j) => (i * 5 + j * 3) % s.vocabSize),
      );
      trainer.step(tokenBatch(rows), 1e-3); // AdamW's moments exist from here on
      const profile = await tf.profile(() => {
        trainer.step(tokenBatch(rows), 1e-3);
      });
      const estimate = trainingStepMemory(s).totalBytes;
      expect(estimate, JSON.stringify(s)).toBeGreaterThanOrEqual(profile.peakBytes);
      expect(estimate, JSON.stringify(s)).toBeLessThanOrEqual(1.5 * profile.peakBytes);
      trainer.optimizer.dispose();
      model.dispose();
    }
  });
});

describe('trainingMemoryAdvice', () => {
  const largest: TrainingStepShape = {
    dModel: 256,
    layers: 8,
    attention: { kind: 'tpa', heads: 16, headDim: 64, rankQ: 6, rankK: 2, rankV: 2 },
    maxSeqLen: 256,
    vocabSize: 80,
    batch: 64,
  };

  it('refuses the largest model the knobs allow, naming the training batch that fits', () => {
    const advice = trainingMemoryAdvice(largest, TRAINING_MEMORY_BUDGET_BYTES, 'the wasm backend');
    expect(advice).toMatch(/^One training step of this model needs about \d+\.\d GB/);
    expect(advice).toMatch(/more than the 4\.3 GB the wasm backend can use/);
    const fits = Number(/Lower the training batch to (\d+) or less \(it is 64\)/.exec(advice ?? '')?.[1]);
    expect(fits).toBeGreaterThanOrEqual(1);
    expect(trainingStepMemory({ ...largest, batch: fits }).totalBytes).toBeLessThanOrEqual(
      TRAINING_MEMORY_BUDGET_BYTES,
    );
    expect(trainingStepMemory({ ...largest, batch: fits + 1 }).totalBytes).toBeGreaterThan(
      TRAINING_MEMORY_BUDGET_BYTES,
    );
  });

  it('names the context when one row is already too much, and says nothing when it fits', () => {
    const budget = trainingStepMemory({ ...largest, batch: 1, maxSeqLen: 100 }).totalBytes;
    expect(trainingMemoryAdvice(largest, budget)).toMatch(
      /lower the training batch to 1 and the context to 100 or less \(it is 256\)/,
    );
    const small = { ...largest, dModel: 128, layers: 2, maxSeqLen: 64, batch: 16 };
    expect(trainingMemoryAdvice(small)).toBeNull();
  });
});
