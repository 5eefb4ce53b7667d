/** How a model is trained (schedule, plans) and what a training step reports (loss points). */
import * as v from 'valibot';
import { DatasetSpecSchema } from './dataset';
import { ModelShapeSchema } from './model';
import { count, finite, int, positive } from './numbers';

/** Warm-up then cosine decay (src/model/schedule.ts computes the rate at a step). */
export const LrScheduleSchema = v.object({
  maxLr: finite,
  minLr: finite,
  warmupSteps: count,
  /** step at which the cosine reaches minLr (and stays there) */
  totalSteps: count,
});
export type LrSchedule = v.InferOutput<typeof LrScheduleSchema>;

/** What one "train" request asks: go on until the model has taken `untilStep` steps in total. */
export const TrainPlanSchema = v.object({
  untilStep: positive,
  batch: positive,
  schedule: LrScheduleSchema,
});
export type TrainPlan = v.InferOutput<typeof TrainPlanSchema>;

/** The sampling knobs of a generation request. */
export const SamplingPlanSchema = v.object({
  temperature: v.pipe(finite, v.minValue(0)),
  topK: count,
  seed: int,
});
export type SamplingPlan = v.InferOutput<typeof SamplingPlanSchema>;

/** One run of the quality sweep: model, seed, data, budget, schedule and evaluation sizes (src/sweep). */
export const PointPlanSchema = v.object({
  shape: ModelShapeSchema,
  seed: int,
  dataset: DatasetSpecSchema,
  steps: positive,
  batch: positive,
  schedule: LrScheduleSchema,
  /** validation batches of `batch` rows at each point of the curve */
  curveEvalBatches: positive,
  /** the final validation: batches of `finalEvalBatchSize` rows */
  finalEvalBatches: positive,
  finalEvalBatchSize: positive,
});
export type PointPlan = v.InferOutput<typeof PointPlanSchema>;

/** One training step as the loss curve records it. */
export const LossPointSchema = v.object({
  /** steps taken after this one (1-based) */
  step: positive,
  loss: finite,
  /** validation loss, measured every few steps */
  valLoss: v.nullable(finite),
  /** recall accuracy on the validation batches (associative-recall data only) */
  accuracy: v.nullable(finite),
  lr: finite,
  gradNorm: finite,
  ms: finite,
  tokens: count,
});
export type LossPoint = v.InferOutput<typeof LossPointSchema>;

/** A saved training state read back: the step it reached and its loss history. */
export const RestoredSchema = v.object({ step: count, history: v.array(LossPointSchema), savedAt: finite });
export type RestoredState = v.InferOutput<typeof RestoredSchema>;
