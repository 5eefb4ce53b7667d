/**
 * "Train your configuration": the small model the reader's knobs describe (src/runtime/model-spec),
 * trained live under a budget's protocol for a task, so the quality charts can show where it lands. If the
 * sweep already holds a run of exactly that model, the job is that run's re-run (and is compared with it);
 * otherwise it is a run of its own, keyed by its shape, shown beside the precomputed points.
 */
import type { PlaygroundConfig } from '../config';
import { KIND_LABELS } from '../spec';
import { attentionLabel, modelSpecOf } from '../config/model-spec';
import type { ModelShape } from '../spec';
import { liveJob, rerunJob } from './compare';
import type { LiveJob } from './compare';
import { sectionOf } from './live-runs';
import type { Manifest, ManifestRun } from './manifest';
import { manifestShape } from './point-plan';
import type { Budget, SweepTask, TrainingProtocol } from './protocol';
import { shapeSlug } from './runs';

/** Ids of runs that are the reader's own models, not runs of the sweep. */
export const YOUR_RUN_PREFIX = 'yours-';

/** Two shapes build the same model (attention fields compared whatever their order). */
export function sameModel(a: ModelShape, b: ModelShape): boolean {
  const attention = (s: ModelShape) => JSON.stringify(s.attention, Object.keys(s.attention).sort());
  return (
    a.dModel === b.dModel &&
    a.layers === b.layers &&
    a.maxSeqLen === b.maxSeqLen &&
    attention(a) === attention(b)
  );
}

/** The reader's model as a run of `protocol` trains it: at the protocol's context length. */
export function yourShape(config: PlaygroundConfig, protocol: TrainingProtocol): ModelShape {
  return { ...modelSpecOf(config).shape, maxSeqLen: protocol.contextLength };
}

/** e.g. `yours-tpa-h4-r4-2-2-dh32-d128-l2`: everything that tells two of the reader's models apart. */
export function yourRunId(shape: ModelShape): string {
  const a = shape.attention;
  return `${YOUR_RUN_PREFIX}${shapeSlug(a)}-dh${a.headDim}-d${shape.dModel}-l${shape.layers}`;
}

/** e.g. "Your TPA (h=4 d_h=32 R_Q=4 R_K=2 R_V=2, d=128, 2 layers)". */
export function yourLabel(shape: ModelShape): string {
  const a = shape.attention;
  const layers = `${shape.layers} layer${shape.layers === 1 ? '' : 's'}`;
  return `Your ${KIND_LABELS[a.kind]} (${attentionLabel(a)}, d=${shape.dModel}, ${layers})`;
}

export interface YourJob {
  readonly job: LiveJob;
  /** the precomputed run of exactly this model, whose re-run the job is; null: a model of the reader's own */
  readonly precomputed: ManifestRun | null;
  readonly protocol: TrainingProtocol;
}

/** The job that trains the reader's model for `task` under `budget`'s protocol. */
export function yourRunJob(
  manifest: Manifest,
  budget: Budget,
  task: SweepTask,
  config: PlaygroundConfig,
): YourJob {
  const section = sectionOf(manifest, budget);
  const protocol = section.protocolOf(task);
  const shape = yourShape(config, protocol);
  const precomputed = section.runs.find((r) => r.task === task && sameModel(manifestShape(r), shape)) ?? null;
  if (precomputed) return { job: rerunJob(manifest, budget, precomputed), precomputed, protocol };
  const job = liveJob(manifest, budget, {
    id: yourRunId(shape),
    label: yourLabel(shape),
    kind: shape.attention.kind,
    task,
    shape,
  });
  return { job, precomputed: null, protocol };
}
