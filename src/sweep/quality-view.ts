/**
 * What the quality panel draws, computed from the manifest and the reader's config: per task and budget,
 * one point per precomputed run (x = KV-cache bytes per token from src/memory, y = final validation loss
 * or recall accuracy), the Pareto frontier of the precomputed runs, the runs trained live in this browser
 * beside their precomputed points, and the reader's configuration as a live x position. Components only
 * lay this out.
 */
import type { PlaygroundConfig } from '../config';
import { KIND_LABELS } from '../memory';
import type { AttentionKind } from '../memory';
import { attentionLabel, modelSpecOf } from '../runtime/model-spec';
import type { ModelShape } from '../runtime/model-spec';
import { compareLive, liveRunKey, sectionOf } from './live-runs';
import type { LiveComparison, LiveRun } from './live-runs';
import type { Manifest, ManifestRun } from './manifest';
import { manifestShape } from './point-plan';
import { bestWithin, paretoFrontier } from './pareto';
import { recallBaselines } from './recall-baselines';
import type { Goal } from './pareto';
import type { Budget, SweepTask } from './protocol';
import { cacheBytesPerToken, protocolPatch, shapePatch } from './runs';
import type { Matching } from './runs';

export interface QualityRunView {
  readonly id: string;
  readonly label: string;
  readonly kind: AttentionKind;
  readonly matching: readonly Matching[];
  /** the attention shape in the paper's symbols, e.g. "h=4 d_h=32 R_Q=4 R_K=2 R_V=2" */
  readonly shapeText: string;
  /** KV-cache bytes per token over all layers (float32), from src/memory */
  readonly x: number;
  /** final validation loss (corpus) or recall accuracy (recall) */
  readonly y: number;
  /** final validation loss (both tasks) */
  readonly valLoss: number;
  readonly parameters: number;
  readonly attentionParamsPerLayer: number;
  readonly steps: number;
  readonly tokens: number;
  readonly onFrontier: boolean;
  /** the reader's config builds exactly this model */
  readonly current: boolean;
  /** the config patch that loads this run into the store (model shape and training knobs) */
  readonly patch: Readonly<Partial<PlaygroundConfig>>;
  readonly run: ManifestRun;
  /** the run trained live in this browser, compared with this one; null if it was not */
  readonly live: LiveComparison | null;
  /** the live run's y (loss or accuracy), or null */
  readonly liveY: number | null;
}

export interface LivePoint {
  /** KV-cache bytes per token of the reader's small model */
  readonly x: number;
  /** e.g. "TPA h=4 d_h=32 R_Q=4 R_K=2 R_V=2" */
  readonly label: string;
  /** the precomputed run of exactly this model, if any */
  readonly trained: QualityRunView | null;
  /** the best precomputed run whose cache is no larger, if any */
  readonly bestWithin: QualityRunView | null;
}

export interface QualityChartView {
  /** names the chart in test ids: the task, with `-quick` for the quick budget */
  readonly id: string;
  readonly task: SweepTask;
  readonly budget: Budget;
  readonly goal: Goal;
  /** axis title of y */
  readonly yLabel: string;
  readonly runs: readonly QualityRunView[];
  /** the frontier runs, cache size ascending */
  readonly frontier: readonly QualityRunView[];
  readonly live: LivePoint;
  /** scores that need no memory, drawn as horizontal lines (recall: guessing, picking a seen value) */
  readonly baselines: readonly { readonly value: number; readonly label: string }[];
}

export interface ChartOptions {
  /** whose runs: the shipped sweep's (default) or the quick budget's */
  readonly budget?: Budget;
  /** finished live runs by key (src/sweep/live-runs liveRunKey) */
  readonly live?: Readonly<Record<string, LiveRun>>;
}

const sameShape = (a: ModelShape, b: ModelShape) =>
  a.dModel === b.dModel &&
  a.layers === b.layers &&
  a.maxSeqLen === b.maxSeqLen &&
  JSON.stringify(a.attention, Object.keys(a.attention).sort()) ===
    JSON.stringify(b.attention, Object.keys(b.attention).sort());

function recallLines(contextLength: number): QualityChartView['baselines'] {
  const b = recallBaselines(contextLength);
  return [
    { value: b.guess, label: 'guessing a value' },
    { value: b.pick, label: `picking one of the ${b.numPairs} values in the sequence` },
  ];
}

/** The y of a task: validation loss on the corpus, recall accuracy on recall. */
const yOf = (task: SweepTask, r: { valLoss: number; accuracy: number | null }) =>
  task === 'corpus' ? r.valLoss : (r.accuracy ?? NaN);

/** The chart of one task and budget: its runs, frontier, live runs and the live point of `config`. */
export function qualityChartView(
  manifest: Manifest,
  task: SweepTask,
  config: PlaygroundConfig,
  options: ChartOptions = {},
): QualityChartView {
  const budget = options.budget ?? 'full';
  const goal: Goal = task === 'corpus' ? 'min' : 'max';
  const live = modelSpecOf(config).shape;
  const section = sectionOf(manifest, budget);
  const taskRuns = section.runs.filter((r) => r.task === task);
  const points = taskRuns.map((run) => ({
    id: run.id,
    x: cacheBytesPerToken(run.config),
    y: yOf(task, run.final),
  }));
  const frontierIds = new Set(paretoFrontier(points, goal).map((p) => p.id));
  const runs = taskRuns.map((run, i): QualityRunView => {
    const shape = manifestShape(run);
    const liveRun = options.live?.[liveRunKey(budget, run.id)];
    const comparison = liveRun && liveRun.task === task ? compareLive(manifest, liveRun) : null;
    return {
      id: run.id,
      label: run.label,
      kind: run.kind,
      matching: run.matching,
      shapeText: attentionLabel(run.config.attention),
      x: points[i]!.x,
      y: points[i]!.y,
      valLoss: run.final.valLoss,
      parameters: run.parameters,
      attentionParamsPerLayer: run.attentionParamsPerLayer,
      steps: run.steps,
      tokens: run.tokens,
      onFrontier: frontierIds.has(run.id),
      current: sameShape(shape, live),
      patch: { ...shapePatch(shape), ...protocolPatch(task, section.protocolOf(task)) },
      run,
      live: comparison,
      liveY: comparison ? yOf(task, comparison.live) : null,
    };
  });
  const frontier = paretoFrontier(runs, goal).filter((r) => r.onFrontier);
  const x = cacheBytesPerToken(live);
  const first = taskRuns[0];
  return {
    id: budget === 'full' ? task : `${task}-${budget}`,
    task,
    budget,
    goal,
    yLabel: task === 'corpus' ? 'validation loss (nats per character)' : 'recall accuracy',
    runs,
    frontier,
    live: {
      x,
      label: `${KIND_LABELS[live.attention.kind]} ${attentionLabel(live.attention)}`,
      trained: runs.find((r) => r.current) ?? null,
      bestWithin: bestWithin(frontier, x),
    },
    baselines: task === 'recall' && first ? recallLines(first.config.maxSeqLen) : [],
  };
}
