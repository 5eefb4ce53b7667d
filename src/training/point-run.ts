/**
 * One run of the quality sweep: a model of its own, trained from its seed under a fixed protocol (steps,
 * batch, schedule, validation sizes), then measured. `trainPoint` is the loop `npm run pretrain` trains
 * every shipped run with (src/tools/pretrain-train.ts); `runPointPlan` runs a whole plan, the worker's
 * `run-point` command. It never touches the session's loaded model or its saved checkpoint, so a sweep can run
 * while the reader trains or generates with the panels' model (the two interleave step by step).
 */
import { AdamW, createT6Model, exportWeights, importWeights, learningRateAt, parameterCount } from '../model';
import type { AdamWState, T6Model } from '../model';
import { isEvalStep } from './eval-cadence';
import { evaluateAsync, lossPointOf, trainStepAsync } from './model-steps';
import type { Evaluation } from './model-steps';
import type { LossPoint, PlainTensor, PointPlan, PointResult } from '../spec';
import { loadTrainingData } from './training-data';
import type { FetchText, TrainingData } from './training-data';

/** The training part of a plan (the model and data are the caller's). */
export type PointProtocol = Omit<PointPlan, 'shape' | 'dataset'>;

/**
 * A run stopped between two steps: everything `trainPoint` needs to go on from there and end exactly as
 * an uninterrupted run would (batches, learning rate and validation depend only on the step).
 */
export interface PointSnapshot {
  /** steps taken */
  step: number;
  history: LossPoint[];
  tokens: number;
  /** training time so far */
  wallMs: number;
  weights: Record<string, PlainTensor>;
  optimizer: AdamWState;
}

export interface PointHooks {
  /** before every step: may wait (paused) or throw (cancelled) */
  beforeStep?(): Promise<void>;
  onStep?(point: LossPoint): void;
  /** after every step: lets queued messages run */
  afterStep?(): Promise<void>;
  /**
   * Asked after every step but the last whether to take a snapshot now (e.g. every few minutes); when
   * true, `saveSnapshot` gets one before the next step starts.
   */
  snapshotDue?(step: number): boolean;
  saveSnapshot?(snapshot: PointSnapshot): Promise<void>;
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
 * the last; then the final validation. With `resume` (a snapshot of this plan's run), it first loads the
 * snapshot's weights and optimizer state and goes on from its step.
 */
export async function trainPoint(
  model: T6Model,
  data: TrainingData,
  plan: PointProtocol,
  hooks: PointHooks = {},
  resume: PointSnapshot | null = null,
): Promise<PointOutcome> {
  const trainer = { model, optimizer: new AdamW(Object.values(model.params)) };
  try {
    if (resume && (resume.step > plan.steps || resume.history.length !== resume.step))
      throw new Error(`a snapshot at step ${resume.step} does not fit a run of ${plan.steps} steps`);
    if (resume) {
      importWeights(model, resume.weights);
      trainer.optimizer.importState(resume.optimizer);
    }
    const start = performance.now() - (resume?.wallMs ?? 0);
    const history: LossPoint[] = resume ? resume.history.slice() : [];
    let tokens = resume?.tokens ?? 0;
    for (let step = resume?.step ?? 0; step < plan.steps; step++) {
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
      if (done < plan.steps && hooks.saveSnapshot && hooks.snapshotDue?.(done))
        await hooks.saveSnapshot({
          step: done,
          history: history.slice(),
          tokens,
          wallMs: performance.now() - start,
          weights: exportWeights(model),
          optimizer: await trainer.optimizer.exportState(),
        });
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
