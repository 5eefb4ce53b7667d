/**
 * What training one run of the sweep asks of the worker (`run-point`, workers/point-run.ts): the model,
 * its seed and data, and the protocol's budget, schedule and validation sizes. `npm run pretrain` and the
 * browser's live runs both train from this plan, so a live run follows the precomputed run's protocol by
 * construction.
 */
import { DEFAULT_CONFIG } from '../config';
import { datasetSpecOf } from '../config/dataset-spec';
import type { DatasetSpec, ModelShape, PointPlan } from '../spec';
import { scheduleOf } from '../config/training-plan';
import type { ManifestRun } from './manifest';
import type { SweepTask, TrainingProtocol } from './protocol';

export type { PointPlan };

/** A run as far as training it goes: its task and model shape (a SweepRun, or a manifest run's shape). */
export interface PlannedRun {
  readonly task: SweepTask;
  readonly shape: ModelShape;
}

/** The model shape of a manifest run (its config without the vocabulary, which comes with the data). */
export function manifestShape(run: ManifestRun): ModelShape {
  const { dModel, layers, attention, maxSeqLen } = run.config;
  return { dModel, layers, attention, maxSeqLen };
}

/** The data of a run: the worker's dataset for its task at its context (the recall task sized to T). */
export function datasetOfRun(run: PlannedRun): DatasetSpec {
  return datasetSpecOf({ ...DEFAULT_CONFIG, dataset: run.task, modelContext: run.shape.maxSeqLen }, '');
}

/**
 * The plan of `run` under `protocol`: its data, and the warm-up + cosine schedule the playground's
 * training knobs give for the protocol's steps and learning rate.
 */
export function pointPlanOf(run: PlannedRun, protocol: TrainingProtocol): PointPlan {
  const knobs = {
    trainSteps: protocol.steps,
    trainBatch: protocol.batch,
    learningRate: protocol.learningRate,
  };
  return {
    shape: run.shape,
    seed: protocol.seed,
    dataset: datasetOfRun(run),
    steps: protocol.steps,
    batch: protocol.batch,
    schedule: scheduleOf({ ...DEFAULT_CONFIG, ...knobs }),
    curveEvalBatches: protocol.curveEvalBatches,
    finalEvalBatches: protocol.finalEvalBatches,
    finalEvalBatchSize: protocol.finalEvalBatchSize,
  };
}
