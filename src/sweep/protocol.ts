/**
 * How every run of a sweep is trained: per task, one seed, one context length, one token budget and one
 * optimiser for all its runs, so they differ only in their attention. The numbers are playground knobs
 * (seed, context, learning rate, batch, steps), so a run loaded into the store is trained the same way
 * by the in-browser worker (same batches by step, same schedule via src/runtime/training-plan).
 */

/** What a run is trained on: the bundled corpus (next characters) or associative recall (MQAR). */
export const SWEEP_TASKS = ['corpus', 'recall'] as const;
export type SweepTask = (typeof SWEEP_TASKS)[number];

export interface TrainingProtocol {
  /** seed of the weights and of the batch of every step */
  readonly seed: number;
  /** T: the context the model trains at (the recall task is sized to it: src/runtime/dataset-spec) */
  readonly contextLength: number;
  /** AdamW steps (every run of a task takes the same number) */
  readonly steps: number;
  /** windows per step: tokens per run = steps × batch × T */
  readonly batch: number;
  /** peak learning rate of the warm-up + cosine schedule (src/runtime/training-plan) */
  readonly learningRate: number;
  /** validation batches of `batch` rows measured along the curve (as the worker does while training) */
  readonly curveEvalBatches: number;
  /** the final validation: batches of `finalEvalBatchSize` rows (the worker's `evaluate` command) */
  readonly finalEvalBatches: number;
  readonly finalEvalBatchSize: number;
}

export type SweepProtocols = Readonly<Record<SweepTask, TrainingProtocol>>;

/**
 * The protocols of the shipped sweep (`npm run pretrain`). Recall trains longer at a shorter context
 * (4 key–value pairs at T = 24; a shorter context makes each step cheaper), on the answers' loss only
 * (workers/model-steps), at a lower peak learning rate: at 3e-3 a 2-layer MHA was still near the
 * "pick one of the values" baseline after 1,500 steps, at 1e-3 it recalls every pair within 300.
 */
export const SWEEP_PROTOCOLS: SweepProtocols = Object.freeze({
  corpus: Object.freeze({
    seed: 1,
    contextLength: 64,
    steps: 300,
    batch: 16,
    learningRate: 0.003,
    curveEvalBatches: 2,
    finalEvalBatches: 40,
    finalEvalBatchSize: 8,
  }),
  recall: Object.freeze({
    seed: 1,
    contextLength: 24,
    steps: 1500,
    batch: 16,
    learningRate: 0.001,
    curveEvalBatches: 2,
    finalEvalBatches: 40,
    finalEvalBatchSize: 8,
  }),
});

/** A short version of a protocol: the same code path in a few steps of small batches. */
export function shortProtocol(p: TrainingProtocol): TrainingProtocol {
  return Object.freeze({
    ...p,
    steps: 6,
    batch: 4,
    curveEvalBatches: 1,
    finalEvalBatches: 2,
    finalEvalBatchSize: 4,
  });
}

/**
 * The protocols of the reproducibility check: recorded in the manifest by `npm run pretrain` and
 * recomputed by a unit test.
 */
export const CHECK_PROTOCOLS: SweepProtocols = Object.freeze({
  corpus: shortProtocol(SWEEP_PROTOCOLS.corpus),
  recall: shortProtocol(SWEEP_PROTOCOLS.recall),
});

/**
 * The quick budget: the same corpus runs at about a twelfth of the tokens, so a live re-run in the browser
 * takes seconds rather than minutes (the live check of the quality panel and its end-to-end test). It is
 * precomputed too (`manifest.quick`), by the same code, so a live quick run has a number to land on.
 */
export const QUICK_PROTOCOL: TrainingProtocol = Object.freeze({
  seed: 1,
  contextLength: 64,
  steps: 48,
  batch: 8,
  learningRate: 0.003,
  curveEvalBatches: 2,
  finalEvalBatches: 10,
  finalEvalBatchSize: 8,
});

/**
 * The long budget: the head-matched corpus runs trained about eleven times as long as the full budget, until
 * their validation curves flatten (src/sweep/flatness.ts states and checks the criterion), so the panel
 * can show whether the gap to MHA closes, holds or grows with training. Same seed, data, batch and peak
 * learning rate as the full budget; the cosine schedule stretches over the longer run.
 */
export const LONG_PROTOCOL: TrainingProtocol = Object.freeze({
  seed: 1,
  contextLength: 64,
  steps: 3200,
  batch: 16,
  learningRate: 0.003,
  // twice the full budget's validation batches: the flatness criterion compares two points of the curve
  curveEvalBatches: 4,
  finalEvalBatches: 40,
  finalEvalBatchSize: 8,
});

/**
 * The extended budget: twice the long budget's steps, for MHA and the default TPA only (seed 1), so the
 * panel has a third point on the gap-against-training curve and the flatness criterion's trend
 * (src/sweep/flatness.ts) can be measured one doubling further instead of extrapolated. Otherwise the
 * long protocol (the cosine schedule stretches over the longer run).
 */
export const EXTENDED_PROTOCOL: TrainingProtocol = Object.freeze({ ...LONG_PROTOCOL, steps: 6400 });

/**
 * The longest budget: the long budget's runs and seed replicas trained four times as long (12,800 steps,
 * 34.5 passes over the training text), until every curve meets the flatness criterion
 * (src/sweep/flatness.ts): levelled off or past its best. At this corpus size most runs reach it past
 * their best, so the panel compares them at their lowest points too (docs/quality-budgets.md).
 * Otherwise the long protocol (the cosine schedule stretches over the longer run).
 */
export const LONGEST_PROTOCOL: TrainingProtocol = Object.freeze({
  ...LONG_PROTOCOL,
  steps: 4 * LONG_PROTOCOL.steps,
});

/**
 * The budgets a run can be trained at: the shipped sweep's, the quick one, the long one, the extended one
 * or the longest one (the last four corpus only).
 */
export const BUDGETS = ['full', 'quick', 'long', 'extended', 'longest'] as const;
export type Budget = (typeof BUDGETS)[number];
