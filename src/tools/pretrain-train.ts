/**
 * Trains one sweep run with tfjs through the model worker's own loop for sweep runs
 * (workers/point-run.ts): the same batches by (seed, step) and validation batches
 * (workers/training-data.ts), the same step and evaluation code (workers/model-steps.ts), the same
 * optimiser (src/model's AdamW), the same schedule and validation cadence (src/sweep/point-plan.ts). A
 * live run in the browser takes exactly this path. Used by `npm run pretrain` and by the
 * reproducibility test; the caller picks the backend.
 */
import { createT6Model, exportWeights, importWeights, measureCache, parameterCount } from '../model';
import type { PlainTensor } from '../spec';
import { decodeCheckpoint } from '../sweep/checkpoint';
import type { ManifestRun } from '../sweep/manifest';
import { datasetOfRun, pointPlanOf } from '../sweep/point-plan';
import type { PlannedRun } from '../sweep/point-plan';
import type { SweepRun } from '../sweep/runs';
import type { TrainingProtocol } from '../sweep/protocol';
import { evaluateAsync } from '../training/model-steps';
import { trainPoint } from '../training/point-run';
import type { PointHooks, PointSnapshot } from '../training/point-run';
import { loadTrainingData } from '../training/training-data';
import type { FetchText, TrainingData } from '../training/training-data';

export interface ValidationPoint {
  step: number;
  loss: number;
  /** recall accuracy (associative-recall task), else null */
  accuracy: number | null;
}

export interface TrainedRun {
  parameters: number;
  vocabSize: number;
  steps: number;
  /** tokens predicted in training: steps × batch × T */
  tokens: number;
  wallMs: number;
  /** the training loss of every step (batch loss before the update) */
  trainLoss: number[];
  /** validation along the way: after step 1, every evalInterval steps and after the last */
  curve: ValidationPoint[];
  /** the final validation over `finalEvalBatches` batches */
  final: { loss: number; accuracy: number | null };
  /** bytes per token of the model's real KV cache after a prefill (src/model measureCache) */
  measuredKvBytesPerToken: number;
  weights: Record<string, PlainTensor>;
}

/** Loads the data of a run, once per dataset: `loadData(run)`. */
export function dataLoader(fetchText: FetchText): (run: PlannedRun) => Promise<TrainingData> {
  const cache = new Map<string, Promise<TrainingData>>();
  return (run) => {
    const spec = datasetOfRun(run);
    const key = `${JSON.stringify(spec)}@${run.shape.maxSeqLen}`;
    let data = cache.get(key);
    if (!data) {
      data = loadTrainingData(spec, run.shape.maxSeqLen, fetchText);
      cache.set(key, data);
    }
    return data;
  };
}

/**
 * Trains `run` under `protocol` on `data` (from `dataLoader`) with the worker's loop for sweep runs
 * (workers/point-run.ts `trainPoint`, the plan of src/sweep/point-plan), then measures it. With
 * `resume`, it goes on from that snapshot of the same run instead of starting from the seed.
 */
export async function trainRun(
  run: SweepRun,
  protocol: TrainingProtocol,
  data: TrainingData,
  hooks: PointHooks = {},
  resume: PointSnapshot | null = null,
): Promise<TrainedRun> {
  const plan = pointPlanOf(run, protocol);
  const vocabSize = data.tokenizer.vocabSize;
  const model = createT6Model({ ...run.shape, vocabSize }, plan.seed);
  try {
    const out = await trainPoint(model, data, plan, hooks, resume).catch((e: unknown) => {
      throw new Error(`${run.id}: ${e instanceof Error ? e.message : String(e)}`);
    });
    const cache = measureCache(model, data.sampleTokens(run.shape.maxSeqLen));
    return {
      parameters: parameterCount(model),
      vocabSize,
      steps: protocol.steps,
      tokens: out.tokens,
      wallMs: out.wallMs,
      trainLoss: out.history.map((p) => p.loss),
      curve: out.history.flatMap((p) =>
        p.valLoss === null ? [] : [{ step: p.step, loss: p.valLoss, accuracy: p.accuracy }],
      ),
      final: { loss: out.final.loss, accuracy: out.final.accuracy },
      measuredKvBytesPerToken: cache.totalBytes / cache.tokens,
      weights: exportWeights(model),
    };
  } finally {
    model.dispose();
  }
}

/**
 * Loads a shipped checkpoint (float16) into a fresh model of its run and measures the final
 * validation of `protocol` on `data`: the number the manifest records, up to float16 rounding.
 */
export async function evaluateCheckpoint(
  run: ManifestRun,
  bytes: Uint8Array,
  protocol: TrainingProtocol,
  data: TrainingData,
): Promise<{ loss: number; accuracy: number | null }> {
  if (!run.checkpoint) throw new Error(`${run.id} ships no checkpoint`);
  const model = createT6Model(run.config, run.seed);
  try {
    importWeights(model, decodeCheckpoint(bytes, run.checkpoint.tensors));
    const v = await evaluateAsync(
      { model },
      data.validation(protocol.finalEvalBatchSize, protocol.finalEvalBatches),
    );
    return { loss: v.loss, accuracy: v.accuracy };
  } finally {
    model.dispose();
  }
}
