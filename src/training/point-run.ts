/**
 * One run of the quality sweep: a model of its own, trained from its seed under a fixed protocol (steps,
 * batch, schedule, validation sizes), then measured. `trainPoint` is the loop `npm run pretrain` trains
 * every shipped run with (src/tools/pretrain-train.ts); `runPointPlan` runs a whole plan, the worker's
 * `run-point` command. It never touches the session's loaded model or its saved checkpoint, so a sweep can run
 * while the reader trains or generates with the panels' model (the two interleave step by step).
 */
import { AdamW, createT6Model, learningRateAt, parameterCount } from '../model';
import type { T6Model } from '../model';
import { isEvalStep } from './eval-cadence';
import { evaluateAsync, lossPointOf, trainStepAsync } from './model-steps';
import type { Evaluation } from './model-steps';
import type { LossPoint, PointPlan, PointResult } from '../spec';
import { loadTrainingData } from './training-data';
import type { FetchText, TrainingData } from './training-data';

/** The training part of a plan (the model and data are the caller's). */
export type PointProtocol = Omit<PointPlan, 'shape' | 'dataset'>;

export interface PointHooks {
  /** before every step: may wait (paused) or throw (cancelled) */
  beforeStep?(): Promise<void>;
  onStep?(point: LossPoint): void;
  /** after every step: lets queued messages run */
  afterStep?(): Promise<void>;
}

export interface PointOutcome {
  /** every step; validation (and recall accuracy) where it was measured */
  history: LossPoint[];
  final: Evaluation;
  /** tokens predicted in training */
  tokens: number;
  /** training time, without the final validation */
  wallMs: number;
}

/** The loss or the gradient norm stopped being a number. */
class NonFiniteTraining extends Error {
  override readonly name = 'NonFiniteTraining';
}

/**
 * Trains `model` from its current weights with a fresh AdamW: at step s (0-based) the batch of
 * (seed, s) at the schedule's learning rate, validation on the first step, every evalInterval steps and
 * the last; then the final validation.
 */
export async function trainPoint(
  model: T6Model,
  data: TrainingData,
  plan: PointProtocol,
  hooks: PointHooks = {},
): Promise<PointOutcome> {
  const trainer = { model, optimizer: new AdamW(Object.values(model.params)) };
  const start = performance.now();
  try {
    const history: LossPoint[] = [];
    let tokens = 0;
    for (let step = 0; step < plan.steps; step++) {
      await hooks.beforeStep?.();
      const lr = learningRateAt(step, plan.schedule);
      const r = await trainStepAsync(trainer, data.trainBatch(plan.seed, step, plan.batch), lr);
      const done = step + 1;
      if (!Number.isFinite(r.loss) || !Number.isFinite(r.gradNorm))
        throw new NonFiniteTraining(`the loss is ${r.loss} at step ${done}`);
      tokens += r.tokens;
      const val = isEvalStep(done, plan.steps)
        ? await evaluateAsync(trainer, data.validation(plan.batch, plan.curveEvalBatches))
        : null;
      const point = lossPointOf(done, r, lr, val);
      history.push(point);
      hooks.onStep?.(point);
      await hooks.afterStep?.();
    }
    const wallMs = performance.now() - start;
    const final = await evaluateAsync(
      trainer,
      data.validation(plan.finalEvalBatchSize, plan.finalEvalBatches),
    );
    if (!Number.isFinite(final.loss))
      throw new NonFiniteTraining(`the final validation loss is ${final.loss}`);
    return { history, final, tokens, wallMs };
  } finally {
    trainer.optimizer.dispose();
  }
}

/**
 * A whole sweep run from its plan: loads the plan's data, builds its model from the seed, trains and
 * measures it, frees it. The worker's `run-point` command and its pause/cancel come in through `hooks`.
 */
export async function runPointPlan(
  plan: PointPlan,
  fetchText: FetchText,
  hooks: PointHooks & { afterLoad?(): void } = {},
): Promise<Omit<PointResult, 'backend'>> {
  const data = await loadTrainingData(plan.dataset, plan.shape.maxSeqLen, fetchText);
  hooks.afterLoad?.();
  const model = createT6Model({ ...plan.shape, vocabSize: data.tokenizer.vocabSize }, plan.seed);
  try {
    const out = await trainPoint(model, data, plan, hooks);
    return {
      history: out.history,
      valLoss: out.final.loss,
      accuracy: out.final.accuracy,
      parameters: parameterCount(model),
      tokens: out.tokens,
      wallMs: out.wallMs,
    };
  } finally {
    model.dispose();
  }
}
