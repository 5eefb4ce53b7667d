/**
 * How quality moves with training: each run's validation loss against tokens seen (the long budget's
 * curves, with the quick and full budgets' final values on the same axis), and each run's gap to
 * head-matched MHA against tokens, with a verdict per run (the gap narrows, holds or widens beyond the
 * seed-to-seed spread) and a sentence generated from these numbers.
 */
import type { AttentionKind } from '../../spec';
import { curveFlatness, FLAT_FRACTION, FLAT_TOLERANCE, stepsToFlat } from '../../sweep/flatness';
import type { Flatness } from '../../sweep/flatness';
import { sectionOf } from '../../sweep/live-runs';
import type { Manifest, ManifestRun } from '../../sweep/manifest';
import { seedSpreadOf } from '../../sweep/manifest';
import { BUDGETS } from '../../sweep/protocol';
import type { Budget, TrainingProtocol } from '../../sweep/protocol';
import { formatInteger, formatSignificant, formatTokensCompact } from '../format';
import { scaleText, tokensAt } from './scale';

export interface BudgetMark {
  readonly budget: Budget;
  /** tokens seen by the end of the budget */
  readonly tokens: number;
  readonly steps: number;
}

export interface CurvePoint {
  readonly step: number;
  readonly tokens: number;
  readonly value: number;
}

/** The final validation losses of one configuration trained with several seeds. */
export interface SeedRange {
  readonly min: number;
  readonly max: number;
  /** how many seeds (the run and its replicas) */
  readonly seeds: number;
}

/** A run's final value at a budget (its own training run under that budget's protocol). */
export interface BudgetFinal {
  readonly budget: Budget;
  readonly tokens: number;
  readonly value: number;
  /** the run's final with its seed replicas at this budget; null if it was trained with one seed */
  readonly seeds: SeedRange | null;
}

export interface RunCurve {
  readonly id: string;
  readonly label: string;
  readonly kind: AttentionKind;
  /** the long budget's validation curve */
  readonly points: readonly CurvePoint[];
  /** the extended budget's validation curve; empty if the run was not trained at it */
  readonly extendedPoints: readonly CurvePoint[];
  /** final validation loss at each budget the run was trained at, in token order */
  readonly finals: readonly BudgetFinal[];
  readonly flatness: Flatness | null;
  /** the flatness of the run's extended-budget curve, if it was trained at the extended budget */
  readonly extendedFlatness: Flatness | null;
}

export interface LossCurvesView {
  /** false until the manifest has a long section (`PRETRAIN_PART=long npm run pretrain`) */
  readonly available: boolean;
  readonly budgets: readonly BudgetMark[];
  readonly runs: readonly RunCurve[];
  /** the flatness criterion in words */
  readonly criterion: string;
  /** every long run meets it */
  readonly allFlat: boolean;
  /** whether the long runs meet the criterion, in words, with the figures of those that do not */
  readonly flatSummary: string;
  /**
   * what the extended budget adds: each of its runs' last-fifth improvement at the long and extended
   * budgets, and where the criterion would be met at that trend (src/sweep/flatness.ts stepsToFlat);
   * '' before the extended budget is trained
   */
  readonly extendedSummary: string;
  /** the largest seed-to-seed spread of final validation loss at the long budget, if measured */
  readonly seedSpread: number | null;
}

const CRITERION =
  `a curve counts as flat when its last ${FLAT_FRACTION * 100}% of steps improve validation loss by ` +
  `less than ${FLAT_TOLERANCE * 100}%`;

function budgetMarks(manifest: Manifest): BudgetMark[] {
  const marks: BudgetMark[] = [];
  for (const budget of BUDGETS) {
    const section = sectionOf(manifest, budget);
    if (section.runs.length === 0) continue;
    const p = section.protocolOf('corpus');
    marks.push({ budget, steps: p.steps, tokens: tokensAt(p, p.steps) });
  }
  return marks.sort((a, b) => a.tokens - b.tokens);
}

function seedRangeOf(run: ManifestRun, replicas: Manifest['replicas']): SeedRange | null {
  const values = [run.final.valLoss, ...replicas.filter((r) => r.id === run.id).map((r) => r.valLoss)];
  if (values.length < 2) return null;
  return { min: Math.min(...values), max: Math.max(...values), seeds: values.length };
}

function finalsOf(manifest: Manifest, id: string): BudgetFinal[] {
  const finals: BudgetFinal[] = [];
  for (const budget of BUDGETS) {
    const section = sectionOf(manifest, budget);
    const run = section.runs.find((r) => r.id === id);
    if (!run) continue;
    const p = section.protocolOf('corpus');
    finals.push({
      budget,
      tokens: tokensAt(p, run.steps),
      value: run.final.valLoss,
      seeds: seedRangeOf(run, section.replicas),
    });
  }
  return finals.sort((a, b) => a.tokens - b.tokens);
}

function curveOf(run: ManifestRun, protocol: TrainingProtocol): CurvePoint[] {
  return run.curve.valid.map((p) => ({ step: p.step, tokens: tokensAt(protocol, p.step), value: p.loss }));
}

const percent = (x: number) => `${(100 * x).toFixed(2)}%`;

function extendedCurveOf(manifest: Manifest, id: string): CurvePoint[] {
  const ext = manifest.extended;
  const run = ext?.runs.find((r) => r.id === id);
  return ext && run ? curveOf(run, ext.protocol) : [];
}

function extendedFlatnessOf(manifest: Manifest, id: string): Flatness | null {
  const run = manifest.extended?.runs.find((r) => r.id === id);
  return run ? curveFlatness(run.curve.valid, run.steps) : null;
}

/**
 * "Trained 2× as long as the long budget (…), the last fifth improves validation loss by MHA 0.50% (1.96% at
 * the long budget), …; … the criterion would be met at: MHA: met at the extended budget; TPA …: about
 * 7,600 steps (2.38× the long budget)".
 */
function extendedSummary(manifest: Manifest): string {
  const { long, extended } = manifest;
  if (!long || !extended || extended.runs.length === 0) return '';
  const figures = extended.runs.map((run) => {
    const atLong = long.runs.find((r) => r.id === run.id);
    const l = atLong ? curveFlatness(atLong.curve.valid, atLong.steps) : null;
    const e = curveFlatness(run.curve.valid, run.steps);
    const steps =
      l && e
        ? stepsToFlat(
            { steps: l.to.step, improvement: l.improvement },
            { steps: e.to.step, improvement: e.improvement },
          )
        : null;
    return { run, l, e, steps };
  });
  const each = figures
    .map(({ run, l, e }) =>
      e
        ? `${run.label} ${percent(e.improvement)}${l ? ` (${percent(l.improvement)} at the long budget)` : ''}`
        : `${run.label} (too few validation points)`,
    )
    .join(', ');
  const p = extended.protocol;
  const head =
    `Trained ${formatSignificant(p.steps / long.protocol.steps)}× as long as the long budget (extended budget: ${formatInteger(p.steps)} steps, ` +
    `${formatTokensCompact(tokensAt(p, p.steps))} tokens), the last fifth improves validation loss by ${each}.`;
  const trend = figures.map(({ run, steps }) =>
    steps === null
      ? `${run.label}: no falling trend to follow`
      : steps <= p.steps
        ? `${run.label}: met at the extended budget`
        : `${run.label}: about ${formatInteger(roundTo(steps))} steps (${formatSignificant(roundTo(steps) / long.protocol.steps)}× the long budget)`,
  );
  return (
    `${head} If that improvement keeps falling with the budget as it fell from the long to the extended ` +
    `budget (a power of the steps through the two figures), the criterion would be met at: ${trend.join('; ')}.`
  );
}

/** Rounds a step estimate to two significant figures (it is an extrapolation, not a count). */
const roundTo = (x: number) => {
  const p = 10 ** Math.max(0, Math.floor(Math.log10(x)) - 1);
  return Math.round(x / p) * p;
};

function flatSummary(runs: readonly ManifestRun[], protocol: TrainingProtocol): string {
  const figures = runs.map((r) => ({ run: r, f: curveFlatness(r.curve.valid, r.steps) }));
  const notFlat = figures.filter((x) => x.f?.flat !== true);
  const after = `after ${formatTokensCompact(tokensAt(protocol, protocol.steps))} tokens`;
  if (notFlat.length === 0) return `All ${runs.length} long runs meet it ${after}.`;
  const list = notFlat
    .map(({ run, f }) => `${run.label} (${f ? percent(f.improvement) : 'too few validation points'})`)
    .join(', ');
  return `${notFlat.length} of ${runs.length} long runs do not meet it ${after}: ${list}.`;
}

/** Validation loss against tokens for the long budget's runs (all of them, or those in `ids`). */
export function lossCurvesView(manifest: Manifest, ids?: readonly string[]): LossCurvesView {
  const long = manifest.long;
  if (!long)
    return {
      available: false,
      budgets: budgetMarks(manifest),
      runs: [],
      criterion: CRITERION,
      allFlat: false,
      flatSummary: '',
      extendedSummary: '',
      seedSpread: null,
    };
  const chosen = long.runs.filter((r) => !ids || ids.includes(r.id));
  const runs = chosen.map((run) => ({
    id: run.id,
    label: run.label,
    kind: run.kind,
    points: curveOf(run, long.protocol),
    extendedPoints: extendedCurveOf(manifest, run.id),
    finals: finalsOf(manifest, run.id),
    flatness: curveFlatness(run.curve.valid, run.steps),
    extendedFlatness: extendedFlatnessOf(manifest, run.id),
  }));
  return {
    available: true,
    budgets: budgetMarks(manifest),
    runs,
    criterion: CRITERION,
    allFlat: long.runs.every((r) => curveFlatness(r.curve.valid, r.steps)?.flat === true),
    flatSummary: flatSummary(long.runs, long.protocol),
    extendedSummary: extendedSummary(manifest),
    seedSpread: seedSpreadOf(long.runs, long.replicas),
  };
}

export type GapTrend = 'narrows' | 'holds' | 'widens';

export interface GapCurve {
  readonly id: string;
  readonly label: string;
  readonly kind: AttentionKind;
  /** run − MHA validation loss at the same step of the long budget */
  readonly points: readonly CurvePoint[];
  /** run − MHA at the same step of the extended budget; empty unless both were trained at it */
  readonly extendedPoints: readonly CurvePoint[];
  /** run − MHA final validation loss at each budget both were trained at */
  readonly finals: readonly BudgetFinal[];
  /** |gap| at the long budget's end − |gap| at the full budget's end; null without both budgets */
  readonly change: number | null;
  /**
   * How the gap moves from the full budget's end to the long budget's end: narrows or widens when its
   * size changes by more than the seed-to-seed spread, else holds; null without both budgets.
   */
  readonly trend: GapTrend | null;
}

export interface GapView {
  readonly available: boolean;
  /** the head-matched MHA run every gap is measured against */
  readonly reference: { readonly id: string; readonly label: string } | null;
  readonly curves: readonly GapCurve[];
  readonly seedSpread: number | null;
  /** one or two sentences generated from the curves */
  readonly summary: string;
}

/** `run` − `reference` at the steps both curves have. */
function differenceCurve(run: readonly CurvePoint[], reference: readonly CurvePoint[]): CurvePoint[] {
  const byStep = new Map(reference.map((p) => [p.step, p.value]));
  return run.flatMap((p) => {
    const m = byStep.get(p.step);
    return m === undefined ? [] : [{ ...p, value: p.value - m }];
  });
}

const isMha = (r: ManifestRun) => r.kind === 'mha' && r.matching.includes('head');

function gapFinals(manifest: Manifest, id: string, mhaId: string): BudgetFinal[] {
  const own = finalsOf(manifest, id);
  const ref = finalsOf(manifest, mhaId);
  return own.flatMap((f) => {
    const m = ref.find((r) => r.budget === f.budget);
    return m ? [{ budget: f.budget, tokens: f.tokens, value: f.value - m.value, seeds: null }] : [];
  });
}

function changeOf(finals: readonly BudgetFinal[]): number | null {
  const full = finals.find((f) => f.budget === 'full');
  const long = finals.find((f) => f.budget === 'long');
  return full && long ? Math.abs(long.value) - Math.abs(full.value) : null;
}

function trendOf(change: number | null, spread: number): GapTrend | null {
  if (change === null) return null;
  return change < -spread ? 'narrows' : change > spread ? 'widens' : 'holds';
}

const nats = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

function gapSummary(
  curves: readonly GapCurve[],
  budgets: readonly BudgetMark[],
  spread: number | null,
  scale: string,
): string {
  const long = budgets.find((b) => b.budget === 'long');
  const full = budgets.find((b) => b.budget === 'full');
  if (!long || !full || curves.length === 0) return 'The long budget has not been trained yet.';
  const spreadText = spread === null ? 'no seed spread measured' : `seed-to-seed spread ${spread.toFixed(3)}`;
  const parts = curves.flatMap((c) => {
    const f = c.finals.find((x) => x.budget === 'full');
    const l = c.finals.find((x) => x.budget === 'long');
    const e = c.finals.find((x) => x.budget === 'extended');
    if (!f || !l || !c.trend) return [];
    const further = e
      ? `, then ${nats(e.value)} at ${formatTokensCompact(e.tokens)} tokens (extended budget)`
      : '';
    return [`${c.label} ${nats(f.value)} → ${nats(l.value)} (${c.trend})${further}`];
  });
  return (
    `Validation loss minus MHA's, from ${formatTokensCompact(full.tokens)} tokens (full budget) to ` +
    `${formatTokensCompact(long.tokens)} tokens (long budget), at ${scale} (${spreadText}): ` +
    `${parts.join('; ')}.`
  );
}

/** Each long run's gap to head-matched MHA against tokens, its trend, and a sentence. */
export function gapView(manifest: Manifest): GapView {
  const long = manifest.long;
  const budgets = budgetMarks(manifest);
  const mha = long?.runs.find(isMha) ?? null;
  if (!long || !mha)
    return {
      available: false,
      reference: null,
      curves: [],
      seedSpread: null,
      summary: gapSummary([], budgets, null, ''),
    };
  const spread = seedSpreadOf(long.runs, long.replicas);
  const curves = long.runs
    .filter((r) => r !== mha)
    .map((run) => {
      const finals = gapFinals(manifest, run.id, mha.id);
      const change = changeOf(finals);
      return {
        id: run.id,
        label: run.label,
        kind: run.kind,
        points: differenceCurve(curveOf(run, long.protocol), curveOf(mha, long.protocol)),
        extendedPoints: differenceCurve(extendedCurveOf(manifest, run.id), extendedCurveOf(manifest, mha.id)),
        finals,
        change,
        trend: trendOf(change, spread ?? 0),
      };
    });
  return {
    available: true,
    reference: { id: mha.id, label: mha.label },
    curves,
    seedSpread: spread,
    summary: gapSummary(curves, budgets, spread, scaleText(long.runs)),
  };
}
