/**
 * The loop that trains the panels' model on: from the step it has reached up to a target step, one batch
 * per step (the batch of (seed, step), so a pause or a restart does not change what it sees), validation
 * at the eval cadence. It stops at the target, or at the first step whose loss or gradient norm is not a
 * number. Saving, progress events, pause and cancel are the caller's (the worker's), through `hooks`.
 */
import { learningRateAt } from '../model';
import type { T6Model } from '../model';
import type { LossPoint, TrainPlan } from '../spec';
import { EVAL_BATCHES, isEvalStep } from './eval-cadence';
import { evaluateAsync, lossPointOf, trainStepAsync } from './model-steps';
import type { ModelTrainer } from './model-steps';
import type { TrainingData } from './training-data';

/** A model being trained: its optimizer, its data, and what it has done so far (mutated by the loop). */
export interface TrainingRun extends ModelTrainer {
  readonly model: T6Model;
  readonly data: TrainingData;
  step: number;
  history: LossPoint[];
}

export interface ContinuePlan extends TrainPlan {
  /** the seed of the batches */
  seed: number;
  /** validation batches (of `batch` rows) at each measurement; default EVAL_BATCHES */
  evalBatches?: number;
}

export interface ContinueHooks {
  /** before every step: may wait (paused) or throw (cancelled) */
  beforeStep(): Promise<void>;
  /** after every finished step, once `run.step` and `run.history` include it */
  afterStep(point: LossPoint): Promise<void>;
}

/** 'done': the run reached `untilStep`; 'nan': a step's loss was not finite (the step is not counted). */
export type ContinueOutcome = 'done' | 'nan';

export async function continueTraining(
  run: TrainingRun,
  plan: ContinuePlan,
  hooks: ContinueHooks,
): Promise<ContinueOutcome> {
  while (run.step < plan.untilStep) {
    await hooks.beforeStep();
    const lr = learningRateAt(run.step, plan.schedule);
    const r = await trainStepAsync(run, run.data.trainBatch(plan.seed, run.step, plan.batch), lr);
    if (!Number.isFinite(r.loss) || !Number.isFinite(r.gradNorm)) return 'nan';
    run.step++;
    const val = isEvalStep(run.step, plan.untilStep)
      ? await evaluateAsync(run, run.data.validation(plan.batch, plan.evalBatches ?? EVAL_BATCHES))
      : null;
    const point = lossPointOf(run.step, r, lr, val);
    run.history.push(point);
    await hooks.afterStep(point);
  }
  return 'done';
}
