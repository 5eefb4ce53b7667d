/**
 * The masked loss recall trains on: crossEntropy with weights is the mean over the weighted positions
 * only (checked against a plain-TS log-softmax), positions of weight 0 get no gradient, and the worker's
 * training step and evaluation use the answers' loss for a masked batch and the plain mean otherwise.
 */
import { describe, expect, it } from 'vitest';
import { BACKENDS, tf, useBackend } from './support/backends';
import { randomArray, randomizeParams, testRng } from './support/random';
import { AdamW, createT6Model, crossEntropy, t6Logits } from '../../../src/model';
import { batchInputs, batchTargetMask, batchTargets, createMqarTask, createRng } from '../../../src/data';
import type { SequenceBatch } from '../../../src/data';
import { evaluateAsync, trainStepAsync } from '../../../src/training/model-steps';

/** −Σ w·log softmax(row)[target] / Σ w, in float64 (w = 1 everywhere when weights are absent). */
function referenceLoss(
  logits: ArrayLike<number>,
  vocab: number,
  targets: ArrayLike<number>,
  weights?: ArrayLike<number>,
): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < targets.length; i++) {
    const row = Array.from({ length: vocab }, (_, j) => logits[i * vocab + j]!);
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((s, x) => s + Math.exp(x - max), 0));
    const w = weights ? weights[i]! : 1;
    sum += w * (row[targets[i]!]! - lse);
    total += w;
  }
  return -sum / total;
}

describe.each(BACKENDS)('masked cross-entropy (%s)', (backend) => {
  useBackend(backend);
  const N = 12;
  const V = 7;
  const rng = testRng(7);
  const logits = randomArray(N * V, 3, rng);
  const targets = Array.from({ length: N }, () => Math.floor(rng() * V));
  const weights = [0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0];

  it('is the mean over the weighted positions only, and the plain mean without weights', () => {
    const [masked, plain] = tf.tidy(() => {
      const l = tf.tensor2d(logits, [N, V]);
      const t = tf.tensor1d(targets, 'int32');
      return [crossEntropy(l, t, tf.tensor1d(weights)).dataSync()[0]!, crossEntropy(l, t).dataSync()[0]!];
    });
    expect(masked).toBeCloseTo(referenceLoss(logits, V, targets, weights), 5);
    expect(plain).toBeCloseTo(referenceLoss(logits, V, targets), 5);
    expect(Math.abs(masked - plain)).toBeGreaterThan(1e-3);
  });

  it('gives positions of weight 0 no gradient', () => {
    const grad = tf.tidy(() => {
      const t = tf.tensor1d(targets, 'int32');
      const w = tf.tensor1d(weights);
      const g = tf.grad((l: tf.Tensor) => crossEntropy(l as tf.Tensor2D, t, w));
      return Array.from(g(tf.tensor2d(logits, [N, V])).dataSync());
    });
    for (let i = 0; i < N; i++) {
      const row = grad.slice(i * V, (i + 1) * V);
      const norm = Math.hypot(...row);
      if (weights[i] === 0) expect(norm).toBe(0);
      else expect(norm).toBeGreaterThan(1e-3);
    }
  });
});

describe.each(BACKENDS)('worker steps on masked batches (%s)', (backend) => {
  useBackend(backend);
  const task = createMqarTask({
    numKeys: 8,
    numValues: 8,
    numPairs: 3,
    numQueries: 3,
    contextLength: 14,
  });
  const config = {
    vocabSize: task.tokenizer.vocabSize,
    dModel: 16,
    layers: 1,
    maxSeqLen: 14,
    attention: { kind: 'mha' as const, heads: 2, headDim: 8 },
  };

  /** The model's logits on a batch, read back, and the losses they give (answers only; every target). */
  function lossesOf(model: ReturnType<typeof createT6Model>, batch: SequenceBatch) {
    const { batchSize: b, contextLength: t } = batch;
    const logits = tf.tidy(() =>
      Array.from(t6Logits(model, tf.tensor2d(batchInputs(batch), [b, t], 'int32')).dataSync()),
    );
    const targets = batchTargets(batch);
    return {
      answers: referenceLoss(logits, config.vocabSize, targets, batchTargetMask(batch)),
      all: referenceLoss(logits, config.vocabSize, targets),
    };
  }

  it('train on and evaluate the answers’ loss of a recall batch; an unmasked batch keeps the plain mean', async () => {
    const model = createT6Model(config, 3);
    randomizeParams(model.params, 5);
    const optimizer = new AdamW(Object.values(model.params));
    const batch = task.sampleBatch(createRng(11), 4);
    const expected = lossesOf(model, batch);
    expect(Math.abs(expected.answers - expected.all)).toBeGreaterThan(1e-3);
    expect((await evaluateAsync({ model }, [batch])).loss).toBeCloseTo(expected.answers, 4);
    const unmasked: SequenceBatch = {
      batchSize: batch.batchSize,
      contextLength: batch.contextLength,
      tokens: batch.tokens,
    };
    expect((await evaluateAsync({ model }, [unmasked])).loss).toBeCloseTo(expected.all, 4);
    // the step reports the loss before its update
    const step = await trainStepAsync({ model, optimizer }, batch, 1e-3);
    expect(step.loss).toBeCloseTo(expected.answers, 4);
    optimizer.dispose();
    model.dispose();
  });
});
