/**
 * Compare mode: which runs of the sweep definition (src/sweep/runs) the reader can train live, one after
 * another, with the seed, data, token budget and optimiser of the precomputed runs; the jobs that train
 * them (src/runtime/live-runner); and how far a running sweep has got.
 */
import type { AttentionKind } from '../spec';
import type { ManifestRun, Manifest } from './manifest';
import { liveRunKey, sectionOf } from './live-runs';
import { manifestShape, pointPlanOf } from './point-plan';
import type { PlannedRun, PointPlan } from './point-plan';
import type { Budget, SweepTask, TrainingProtocol } from './protocol';
import { defaultSweep, extendedSweep, longestSweep, longSweep, quickSweep } from './runs';
import type { Matching, SweepRun } from './runs';

export interface CompareChoice {
  readonly task: SweepTask;
  /** head-matched (the playground's h) or parameter-matched (h for ≈ 4d² attention parameters) */
  readonly matching: Matching;
  readonly budget: Budget;
}

export const DEFAULT_CHOICE: CompareChoice = Object.freeze({
  task: 'corpus',
  matching: 'head',
  budget: 'full',
});

/** The quick budget exists for the corpus only (recall needs its long protocol to learn anything). */
export const budgetAllowed = (task: SweepTask, budget: Budget) => budget === 'full' || task === 'corpus';

/** Each budget's runs, under its protocol. */
const SWEEP_OF: Readonly<Record<Budget, () => SweepRun[]>> = {
  full: () => defaultSweep(),
  quick: () => quickSweep(),
  long: () => longSweep(),
  extended: () => extendedSweep(),
  longest: () => longestSweep(),
};

/** The runs of the sweep definition that a choice covers, in training order. */
export function compareCandidates(choice: CompareChoice): SweepRun[] {
  if (!budgetAllowed(choice.task, choice.budget)) return [];
  const sweep = SWEEP_OF[choice.budget]();
  return sweep.filter((r) => r.task === choice.task && r.matching.includes(choice.matching));
}

/** One run to train live. */
export interface LiveJob {
  /** liveRunKey(budget, runId) */
  readonly key: string;
  readonly budget: Budget;
  readonly runId: string;
  readonly task: SweepTask;
  readonly kind: AttentionKind;
  readonly label: string;
  /** the budget's protocol as the manifest records it (the precomputed runs were trained under it) */
  readonly protocol: TrainingProtocol;
  /** what the worker's run-point trains */
  readonly plan: PointPlan;
}

type JobRun = PlannedRun & { readonly id: string; readonly label: string; readonly kind: AttentionKind };

export function liveJob(manifest: Manifest, budget: Budget, run: JobRun): LiveJob {
  const protocol = sectionOf(manifest, budget).protocolOf(run.task);
  return {
    key: liveRunKey(budget, run.id),
    budget,
    runId: run.id,
    task: run.task,
    kind: run.kind,
    label: run.label,
    protocol,
    plan: pointPlanOf(run, protocol),
  };
}

/** "Re-run live" of a precomputed point: the same model, seed, data and protocol. */
export function rerunJob(manifest: Manifest, budget: Budget, run: ManifestRun): LiveJob {
  return liveJob(manifest, budget, { ...run, shape: manifestShape(run) });
}

// ── progress ──

export interface SweepProgress {
  /** 0-based index of the run in training */
  readonly index: number;
  readonly total: number;
  readonly label: string;
  /** steps the current run has taken, and will take */
  readonly step: number;
  readonly steps: number;
  /** steps taken in the whole sweep, and to take */
  readonly stepsDone: number;
  readonly stepsTotal: number;
  /** since the sweep started, ms */
  readonly elapsedMs: number;
}

/**
 * Time left for the whole sweep, ms: the time per step so far (validation and set-up included) times the
 * steps left. Null until a few steps give a rate.
 */
export function sweepEtaMs(p: Pick<SweepProgress, 'stepsDone' | 'stepsTotal' | 'elapsedMs'>): number | null {
  if (p.stepsDone < 3 || p.elapsedMs <= 0) return null;
  return (p.elapsedMs / p.stepsDone) * Math.max(0, p.stepsTotal - p.stepsDone);
}
