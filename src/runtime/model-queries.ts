/**
 * One-off questions to the worker about the loaded model (inspection, evaluation, the cache of every
 * kind) and sweep runs beside it; each answer is either returned or written into the store.
 */
import { modelSpecOf } from '../config/model-spec';
import { ATTENTION_KINDS } from '../spec';
import type { Inspection, LossPoint, PointPlan } from '../spec';
import type { ResultOf } from '../../workers/protocol';
import { CancelledError } from './model-client';
import type { PendingRequest } from './model-client';
import { messageOf } from './runtime-core';
import type { RuntimeCore } from './runtime-core';
import type { ModelStore } from './runtime-state';
import { whenWorkerStarted } from './worker-ready';

/**
 * The model's factors, Q/K/V and attention probabilities for `text` (its last context window), for the
 * inspection panels. Rejects when there is no model or the settings change meanwhile.
 */
export async function inspectModel(core: RuntimeCore, text: string, layers?: number[]): Promise<Inspection> {
  if (!core.state().model) throw new Error('the model is not ready');
  const r = await core.client.request({ type: 'inspect', text, ...(layers ? { layers } : {}) }).result;
  return r.inspection;
}

/** Validation loss (and recall accuracy) of the current weights over `maxBatches` batches. */
export async function evaluateModel(
  core: RuntimeCore,
  maxBatches: number,
): Promise<{ step: number; valLoss: number; accuracy: number | null }> {
  if (!core.state().model) throw new Error('the model is not ready');
  const { step, valLoss, accuracy } = await core.client.request({ type: 'evaluate', maxBatches }).result;
  return { step, valLoss, accuracy };
}

/**
 * Trains one run of the quality sweep in the worker with a model of its own (src/training/point-run.ts):
 * the panels' model, its history and its saved checkpoint are left alone. Sent once the worker has
 * started (`store` tells); `cancel` stops it.
 */
export function runSweepPoint(
  core: RuntimeCore,
  store: ModelStore,
  plan: PointPlan,
  onStep?: (point: LossPoint) => void,
): { result: Promise<ResultOf['run-point']>; cancel(): void } {
  let cancelled = false;
  let req: PendingRequest<ResultOf['run-point']> | null = null;
  const result = whenWorkerStarted(store).then(() => {
    if (cancelled) throw new CancelledError('run-point was cancelled');
    req = core.client.request({ type: 'run-point', ...plan }, (p) => {
      if (p.kind === 'train-step') onStep?.(p.point);
    });
    return req.result;
  });
  return {
    result,
    cancel: () => {
      cancelled = true;
      req?.cancel();
    },
  };
}

/**
 * Measures the cache of every attention kind at the model's small shape (fresh weights, the same
 * tokens) next to the formula, for the "every kind" table.
 */
export async function compareBaselineCaches(core: RuntimeCore): Promise<void> {
  const s = core.state();
  if (!s.model) return;
  const shapes = ATTENTION_KINDS.map((k) => modelSpecOf(core.config(), k).shape);
  const tokens = Math.max(1, s.generation.last?.cacheTokens ?? s.model.config.maxSeqLen);
  const epoch = core.epoch();
  core.set({ baselines: { status: 'running', shapes, rows: [], error: null } });
  try {
    const r = await core.client.request({ type: 'cache-report', shapes, tokens }).result;
    if (epoch !== core.epoch()) return;
    core.set({ baselines: { status: 'done', shapes, rows: r.rows, error: null } });
  } catch (e) {
    if (epoch !== core.epoch()) return;
    core.set({ baselines: { status: 'error', shapes, rows: [], error: messageOf(e) } });
  }
}
