/**
 * How every run of a sweep is trained: one seed, one dataset per task, one token budget and one
 * optimiser for all, so the runs differ only in their attention. The numbers are playground knobs
 * (seed, learning rate, batch, steps), so a run loaded into the store is trained the same way by the
 * in-browser worker (same batches by step, same schedule via src/runtime/training-plan).
 */

/** What a run is trained on: the bundled corpus (next characters) or associative recall (MQAR). */
export const SWEEP_TASKS = ['corpus', 'recall'] as const;
export type SweepTask = (typeof SWEEP_TASKS)[number];

export interface TrainingProtocol {
  /** seed of the weights and of the batch of every step */
  readonly seed: number;
  /** AdamW steps (every run takes the same number) */
  readonly steps: number;
  /** windows per step: tokens per run = steps × batch × context */
  readonly batch: number;
  /** peak learning rate of the warm-up + cosine schedule (src/runtime/training-plan) */
  readonly learningRate: number;
  /** validation batches of `batch` rows measured along the curve (as the worker does while training) */
  readonly curveEvalBatches: number;
  /** the final validation: batches of `finalEvalBatchSize` rows (the worker's `evaluate` command) */
  readonly finalEvalBatches: number;
  readonly finalEvalBatchSize: number;
}

/** The protocol of the shipped sweep (`npm run pretrain`). */
export const SWEEP_PROTOCOL: TrainingProtocol = Object.freeze({
  seed: 1,
  steps: 300,
  batch: 16,
  learningRate: 0.003,
  curveEvalBatches: 2,
  finalEvalBatches: 40,
  finalEvalBatchSize: 8,
});

/**
 * The short protocol of the reproducibility check: a few steps of the same code path, recorded in the
 * manifest by `npm run pretrain` and recomputed by a unit test.
 */
export const CHECK_PROTOCOL: TrainingProtocol = Object.freeze({
  seed: 1,
  steps: 6,
  batch: 4,
  learningRate: 0.003,
  curveEvalBatches: 1,
  finalEvalBatches: 2,
  finalEvalBatchSize: 4,
});
