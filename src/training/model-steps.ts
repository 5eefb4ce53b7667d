/**
 * The worker's training step and evaluation, with asynchronous read-backs (`await data()`), so the
 * worker keeps handling pause/cancel messages while a GPU backend works. The math is src/model's:
 * t6Loss, AdamW, t6Logits, crossEntropy; any { model, optimizer } pair fits here, a Trainer included.
 * Decoding uses src/model's Decoder.feedAsync.
 */
import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, t6Logits, t6Loss } from '../model';
import type { StepResult, T6Model } from '../model';
import { batchInputs, batchTargetMask, batchTargets, maskedAccuracy } from '../data';
import type { SequenceBatch } from '../data';
import { toTokenBatch } from './training-data';
import type { LossPoint } from '../spec';

/**
 * A model and its optimizer: src/model's Trainer fits, and so does the worker's { model, AdamW }.
 */
export interface ModelTrainer {
  readonly model: T6Model;
  readonly optimizer: { apply(grads: readonly tf.Tensor[], lr: number): tf.Scalar };
}

/**
 * The weights of a batch's targets, row-major [B·T]: for a masked batch (recall) 1 at the scored targets
 * and 0 elsewhere, so the loss is the answers' loss; none for an unmasked batch (every target counts).
 */
function targetWeights(batch: SequenceBatch): tf.Tensor1D | undefined {
  return batch.mask ? tf.tensor1d(Float32Array.from(batchTargetMask(batch)), 'float32') : undefined;
}

/**
 * One AdamW step on a batch, like src/model's Trainer.step but with an asynchronous read-back. A masked
 * batch (recall) trains on its answers only: the keys and values of the pairs are random, so predicting
 * them only adds noise to the gradient.
 */
export async function trainStepAsync(
  trainer: ModelTrainer,
  batch: SequenceBatch,
  lr: number,
): Promise<StepResult> {
  const { model, optimizer } = trainer;
  const start = performance.now();
  const tb = toTokenBatch(batch);
  const vars = Object.values(model.params);
  const input = tf.tensor2d(tb.tokens, [tb.batch, tb.length], 'int32');
  const weights = targetWeights(batch);
  let lossT: tf.Scalar | undefined;
  let normT: tf.Scalar | undefined;
  try {
    [lossT, normT] = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => t6Loss(model, input, weights), vars);
      const ordered = vars.map((v) => grads[v.name] ?? tf.zerosLike(v));
      return [value, optimizer.apply(ordered, lr)];
    });
    const [loss, gradNorm] = await Promise.all([lossT.data(), normT.data()]);
    return {
      loss: loss[0]!,
      gradNorm: gradNorm[0]!,
      lr,
      ms: performance.now() - start,
      tokens: tb.batch * (tb.length - 1),
    };
  } finally {
    input.dispose();
    weights?.dispose();
    lossT?.dispose();
    normT?.dispose();
  }
}

export interface Evaluation {
  loss: number;
  /** accuracy over the masked targets, when the batches have masks (recall); else null */
  accuracy: number | null;
}

/**
 * Mean next-token loss over `batches` (weighted by rows; for masked batches the loss of the scored
 * targets, as in training) and, for masked batches, recall accuracy.
 */
export async function evaluateAsync(
  trainer: Pick<ModelTrainer, 'model'>,
  batches: readonly SequenceBatch[],
): Promise<Evaluation> {
  const model = trainer.model;
  let lossSum = 0;
  let rows = 0;
  let correct = 0;
  let scored = 0;
  for (const batch of batches) {
    const { batchSize: b, contextLength: t } = batch;
    const [lossT, predT] = tf.tidy(() => {
      const inputs = tf.tensor2d(batchInputs(batch), [b, t], 'int32');
      const targets = tf.tensor1d(batchTargets(batch), 'int32');
      const logits = tf.reshape(t6Logits(model, inputs), [b * t, model.config.vocabSize]) as tf.Tensor2D;
      const weights = targetWeights(batch);
      return [crossEntropy(logits, targets, weights), tf.argMax(logits, -1)];
    });
    try {
      const [loss, preds] = await Promise.all([lossT.data(), predT.data()]);
      lossSum += loss[0]! * b;
      rows += b;
      if (batch.mask) {
        const acc = maskedAccuracy(batch, preds);
        correct += acc.correct;
        scored += acc.scored;
      }
    } finally {
      lossT.dispose();
      predT.dispose();
    }
  }
  return { loss: rows > 0 ? lossSum / rows : NaN, accuracy: scored > 0 ? correct / scored : null };
}

/** The loss-curve point of a training step: its result, learning rate and validation (if one ran). */
export function lossPointOf(step: number, r: StepResult, lr: number, val: Evaluation | null): LossPoint {
  return {
    step,
    loss: r.loss,
    valLoss: val && Number.isFinite(val.loss) ? val.loss : null,
    accuracy: val?.accuracy ?? null,
    lr,
    gradNorm: r.gradNorm,
    ms: r.ms,
    tokens: r.tokens,
  };
}
