/**
 * Trains one sweep run with tfjs, the way the model worker trains a config (workers/session.ts): the
 * same batches by (seed, step) and validation batches (workers/training-data.ts), the same step and
 * evaluation code (workers/model-steps.ts), the same optimiser (src/model's AdamW), the same schedule
 * (src/runtime/training-plan.ts) and the same validation cadence. Used by `npm run pretrain` and by the reproducibility test; the caller picks
 * the backend.
 */
import { DEFAULT_CONFIG } from '../config';
import type { PlaygroundConfig } from '../config';
import {
  AdamW,
  createT6Model,
  exportWeights,
  importWeights,
  learningRateAt,
  measureCache,
  parameterCount,
} from '../model';
import type { PlainTensor } from '../model';
import { datasetSpecOf } from '../runtime/dataset-spec';
import type { DatasetSpec } from '../runtime/dataset-spec';
import { scheduleOf } from '../runtime/training-plan';
import { decodeCheckpoint } from '../sweep/checkpoint';
import type { ManifestRun } from '../sweep/manifest';
import type { SweepRun } from '../sweep/runs';
import type { TrainingProtocol } from '../sweep/protocol';
import { evaluateAsync, trainStepAsync } from '../../workers/model-steps';
import { evalInterval } from '../../workers/session';
import { loadTrainingData } from '../../workers/training-data';
import type { FetchText, TrainingData } from '../../workers/training-data';

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

/** The playground config a run stands for (the base the worker would also start from). */
export function configOfRun(run: SweepRun): PlaygroundConfig {
  return { ...DEFAULT_CONFIG, ...run.patch };
}

/** The worker's dataset for a run (corpus, or the recall task sized to the model's context). */
export function datasetOfRun(run: SweepRun): DatasetSpec {
  return datasetSpecOf(configOfRun(run), '');
}

/** Loads the data of a run, once per dataset: `loadData(run)`. */
export function dataLoader(fetchText: FetchText): (run: SweepRun) => Promise<TrainingData> {
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

/** Trains `run` under `protocol` on `data` (from `dataLoader`), then measures it. */
export async function trainRun(
  run: SweepRun,
  protocol: TrainingProtocol,
  data: TrainingData,
  onStep?: (step: number, loss: number) => void,
): Promise<TrainedRun> {
  const config = { ...configOfRun(run), trainSteps: protocol.steps, trainBatch: protocol.batch };
  const schedule = scheduleOf({ ...config, learningRate: protocol.learningRate });
  const vocabSize = data.tokenizer.vocabSize;
  const model = createT6Model({ ...run.shape, vocabSize }, protocol.seed);
  const trainer = { model, optimizer: new AdamW(Object.values(model.params)) };
  const start = performance.now();
  try {
    const every = evalInterval(protocol.steps);
    const trainLoss: number[] = [];
    const curve: ValidationPoint[] = [];
    let tokens = 0;
    for (let step = 0; step < protocol.steps; step++) {
      const lr = learningRateAt(step, schedule);
      const batch = data.trainBatch(protocol.seed, step, protocol.batch);
      const r = await trainStepAsync(trainer, batch, lr);
      if (!Number.isFinite(r.loss)) throw new Error(`${run.id}: loss is ${r.loss} at step ${step + 1}`);
      trainLoss.push(r.loss);
      tokens += r.tokens;
      onStep?.(step + 1, r.loss);
      const done = step + 1;
      if (done === 1 || done % every === 0 || done === protocol.steps) {
        const v = await evaluateAsync(trainer, data.validation(protocol.batch, protocol.curveEvalBatches));
        curve.push({ step: done, loss: v.loss, accuracy: v.accuracy });
      }
    }
    const wallMs = performance.now() - start;
    const final = await evaluateAsync(
      trainer,
      data.validation(protocol.finalEvalBatchSize, protocol.finalEvalBatches),
    );
    const cache = measureCache(model, data.sampleTokens(run.shape.maxSeqLen));
    return {
      parameters: parameterCount(model),
      vocabSize,
      steps: protocol.steps,
      tokens,
      wallMs,
      trainLoss,
      curve,
      final: { loss: final.loss, accuracy: final.accuracy },
      measuredKvBytesPerToken: cache.totalBytes / cache.tokens,
      weights: exportWeights(model),
    };
  } finally {
    trainer.optimizer.dispose();
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
