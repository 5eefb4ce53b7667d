/**
 * What the quality panel draws, computed from the manifest and the reader's config: per task and budget,
 * one point per precomputed run (x = KV-cache bytes per token from src/memory, y = final validation loss
 * or recall accuracy), the Pareto frontier of the precomputed runs, the runs trained live in this browser
 * beside their precomputed points, and the reader's configuration as a live x position. Components only
 * lay this out.
 */
import type { PlaygroundConfig } from '../../config';
import { KIND_LABELS } from '../../spec';
import type { AttentionKind } from '../../spec';
import { attentionLabel } from '../../config/model-spec';
import { compareLive, liveRunKey, sameProtocol, sectionOf } from '../../sweep/live-runs';
import type { LiveComparison, LiveRun } from '../../sweep/live-runs';
import type { Manifest, ManifestRun } from '../../sweep/manifest';
import { manifestShape } from '../../sweep/point-plan';
import { bestWithin, paretoFrontier } from './pareto';
import { recallBaselines } from '../../sweep/recall-baselines';
import type { Goal } from './pareto';
import type { Budget, SweepTask } from '../../sweep/protocol';
import { cacheBytesPerToken, protocolPatch, shapePatch } from '../../sweep/runs';
import type { Matching } from '../../sweep/runs';
import { sameModel, YOUR_RUN_PREFIX, yourLabel, yourShape } from '../../sweep/your-run';

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
  /** y of this model trained live here (a re-run of its precomputed run, or a model of the reader's own) */
  readonly liveY: number | null;
}

/** A model of the reader's own (not in the sweep), trained live here under this chart's protocol. */
export interface YourRunView {
  /** its live-run key */
  readonly key: string;
  readonly label: string;
  readonly kind: AttentionKind;
  readonly x: number;
  readonly y: number;
  /** it is the model the reader's knobs describe now */
  readonly current: boolean;
  readonly live: LiveRun;
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
  /** the reader's own models trained live here (not runs of the sweep) */
  readonly yours: readonly YourRunView[];
  /** scores that need no memory, drawn as horizontal lines (recall: guessing, picking a seen value) */
  readonly baselines: readonly { readonly value: number; readonly label: string }[];
}

export interface ChartOptions {
  /** whose runs: the shipped sweep's (default) or the quick budget's */
  readonly budget?: Budget;
  /** finished live runs by key (src/sweep/live-runs liveRunKey) */
  readonly live?: Readonly<Record<string, LiveRun>>;
}

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
  const section = sectionOf(manifest, budget);
  const live = yourShape(config, section.protocolOf(task));
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
      current: sameModel(shape, live),
      patch: { ...shapePatch(shape), ...protocolPatch(task, section.protocolOf(task)) },
      run,
      live: comparison,
      liveY: comparison ? yOf(task, comparison.live) : null,
    };
  });
  const frontier = paretoFrontier(runs, goal).filter((r) => r.onFrontier);
  const x = cacheBytesPerToken(live);
  const first = taskRuns[0];
  const protocol = section.protocolOf(task);
  const yours = Object.entries(options.live ?? {}).flatMap(([key, run]): YourRunView[] =>
    run.budget === budget &&
    run.task === task &&
    run.runId.startsWith(YOUR_RUN_PREFIX) &&
    run.shape !== null &&
    sameProtocol(run.protocol, protocol)
      ? [
          {
            key,
            label: yourLabel(run.shape),
            kind: run.shape.attention.kind,
            x: cacheBytesPerToken(run.shape),
            y: yOf(task, run),
            current: sameModel(run.shape, live),
            live: run,
          },
        ]
      : [],
  );
  const trained = runs.find((r) => r.current) ?? null;
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
      trained,
      bestWithin: bestWithin(frontier, x),
      liveY: trained?.liveY ?? yours.find((r) => r.current)?.y ?? null,
    },
    yours,
    baselines: task === 'recall' && first ? recallLines(first.config.maxSeqLen) : [],
  };
}
