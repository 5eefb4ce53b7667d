/**
 * What the quality panel's live section shows, as text and numbers: one row per run trained live (its
 * value next to the precomputed one, the difference, the tolerance and the verdict), the tolerance notes,
 * what a compare sweep will train, and how long it should take judging by earlier live runs here.
 */
import { formatInteger, formatRoughDuration } from '../format';
import { compareLive, toleranceOn } from '../../sweep/live-runs';
import type { LiveComparison, LiveRun } from '../../sweep/live-runs';
import type { Manifest } from '../../sweep/manifest';
import type { Budget, SweepTask, TrainingProtocol } from '../../sweep/protocol';
import { YOUR_RUN_PREFIX, yourLabel } from '../../sweep/your-run';

export const BUDGET_LABELS: Readonly<Record<Budget, string>> = {
  full: 'as precomputed',
  quick: 'quick',
  long: 'long',
  extended: 'extended',
  longest: 'longest',
};

/** A loss to 4 decimals, an accuracy as a percentage to 2. */
export function formatMetric(task: SweepTask, y: number | null): string {
  if (y === null || !Number.isFinite(y)) return '–';
  return task === 'corpus' ? y.toFixed(4) : `${(100 * y).toFixed(2)}%`;
}

/** A signed difference: "0 (the same bits)", "+3e-5", "−0.0123". */
export function formatDiff(d: number | null): string {
  if (d === null) return '–';
  if (d === 0) return '0 (the same bits)';
  const sign = d > 0 ? '+' : '−';
  const a = Math.abs(d);
  return `${sign}${a < 0.001 ? a.toExponential(0) : a.toFixed(4)}`;
}

export type Verdict = 'within' | 'outside' | 'not judged';

export function verdictOf(c: LiveComparison): Verdict {
  return c.within === null ? 'not judged' : c.within ? 'within' : 'outside';
}

/** Why a comparison has no verdict, or its verdict in words. */
export function verdictText(c: LiveComparison): string {
  if (!c.precomputed)
    return c.live.runId.startsWith(YOUR_RUN_PREFIX)
      ? 'your own model: the sweep has no precomputed run of it'
      : 'no precomputed run to compare with';
  if (!c.sameProtocol) return 'not judged: trained under another protocol than the precomputed run';
  const t = c.tolerance.nats;
  if (t === null || c.within === null) return 'not judged: no measured tolerance for this backend';
  const bound = `±${t < 0.001 ? t.toExponential(0) : t.toFixed(3)} nats`;
  return c.within ? `within ${bound}` : `outside ${bound}`;
}

export interface LiveRowView {
  readonly key: string;
  readonly budget: Budget;
  readonly runId: string;
  readonly label: string;
  readonly task: SweepTask;
  readonly backend: string;
  /** validation loss, live and precomputed, and their difference (nats) */
  readonly live: number;
  readonly precomputed: number | null;
  readonly diff: number | null;
  readonly tolerance: number | null;
  readonly verdict: Verdict;
  readonly verdictText: string;
  /** recall accuracy, live and precomputed (recall runs) */
  readonly accuracy: number | null;
  readonly precomputedAccuracy: number | null;
  readonly comparison: LiveComparison;
}

/** Every live run, the latest first. */
export function liveRows(manifest: Manifest, runs: Readonly<Record<string, LiveRun>>): LiveRowView[] {
  return Object.entries(runs)
    .sort(([, a], [, b]) => b.finishedAt - a.finishedAt)
    .map(([key, run]) => {
      const c = compareLive(manifest, run);
      return {
        key,
        budget: run.budget,
        runId: run.runId,
        label: c.precomputed?.label ?? (run.shape ? yourLabel(run.shape) : run.runId),
        task: run.task,
        backend: run.backend,
        live: run.valLoss,
        precomputed: c.precomputed?.final.valLoss ?? null,
        diff: c.diff,
        tolerance: c.tolerance.nats,
        verdict: verdictOf(c),
        verdictText: verdictText(c),
        accuracy: run.accuracy,
        precomputedAccuracy: c.precomputed?.final.accuracy ?? null,
        comparison: c,
      };
    });
}

/** The tolerances, as sentences: wasm, other backends, and the quick budget's own spread. */
export function toleranceNotes(manifest: Manifest): string[] {
  const others = 'webgl, webgpu and cpu';
  const notes = [
    toleranceOn(manifest, 'full', true, 'wasm').reason,
    toleranceOn(manifest, 'full', false, others).reason,
  ];
  const quick = toleranceOn(manifest, 'quick', false, others);
  if (quick.nats !== null)
    notes.push(
      `At the quick budget the largest spread between seeds is ${quick.nats.toFixed(3)} nats: ` +
        `±${quick.nats.toFixed(3)} there on ${others}.`,
    );
  return notes;
}

/** "300 steps × 16 sequences of 64 tokens (307,200 tokens)": what one run of a protocol trains on. */
export function budgetText(protocol: TrainingProtocol): string {
  const tokens = protocol.steps * protocol.batch * protocol.contextLength;
  return (
    `${formatInteger(protocol.steps)} steps × ${protocol.batch} sequences of ${protocol.contextLength} ` +
    `tokens (${formatInteger(tokens)} tokens)`
  );
}

/** "6 runs, each 300 steps × 16 sequences of 64 tokens (307,200 tokens), one after another". */
export function sweepText(count: number, protocol: TrainingProtocol): string {
  const runs = `${count} run${count === 1 ? '' : 's'}, each ${budgetText(protocol)}`;
  return count > 1 ? `${runs}, one after another` : runs;
}

/**
 * How long `count` runs of a budget and task should take here, from the live runs already trained here
 * (their training time); null when there are none to go by.
 */
export function estimateText(
  runs: readonly LiveRun[],
  budget: Budget,
  task: SweepTask,
  count: number,
): string | null {
  const same = runs.filter((r) => r.budget === budget && r.task === task);
  if (same.length === 0 || count === 0) return null;
  const mean = same.reduce((s, r) => s + r.wallMs, 0) / same.length;
  return `about ${formatRoughDuration(mean * count)} here, judging by ${same.length} earlier live run${same.length === 1 ? '' : 's'}`;
}
