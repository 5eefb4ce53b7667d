/**
 * Validation loss against tokens seen: each run's curve at the curve budget (the longest budget once
 * trained, else the long one; with the long one, its extended-budget curve where it has one), its final at
 * every budget, the flatness of each curve against the criterion (src/sweep/flatness.ts), its lowest point,
 * and sentences generated from these numbers, including (before the longest budget) where the criterion
 * would be met at the trend measured between the long and extended budgets.
 */
import { curveFlatness, FLAT_FRACTION, FLAT_TOLERANCE, stepsToFlat } from '../../sweep/flatness';
import type { Flatness } from '../../sweep/flatness';
import type { Manifest, ManifestRun } from '../../sweep/manifest';
import { seedSpreadOf } from '../../sweep/manifest';
import type { TrainingProtocol } from '../../sweep/protocol';
import { formatInteger, formatSignedNats, formatSignificant, formatTokensCompact } from '../format';
import { budgetMarks, curveBudgetOf, curveOf, extendedCurveOf, finalsOf } from './budget-curves';
import type { BudgetMark, CurveBudget, CurveSeries } from './budget-curves';
import { BUDGET_NAMES, tokensAt } from './scale';
import { isMha } from './gap-curves';
import { trainFitSummary } from './train-fit';

/** A run's validation loss against tokens, with the flatness of its curves. */
export interface RunCurve extends CurveSeries {
  readonly flatness: Flatness | null;
  /** its curve's lowest point minus head-matched MHA's (null for MHA itself or without the figures) */
  readonly lowestGap: number | null;
  /** the flatness of the run's extended-budget curve, if it was trained at the extended budget */
  readonly extendedFlatness: Flatness | null;
}

export interface LossCurvesView {
  /** false until the manifest has a long section (`PRETRAIN_PART=long npm run pretrain`) */
  readonly available: boolean;
  /** the budget whose curves are drawn: 'longest' once trained, else 'long' */
  readonly curveBudget: CurveBudget['budget'];
  /** "long budget" or "longest budget" */
  readonly curveBudgetName: string;
  readonly budgets: readonly BudgetMark[];
  readonly runs: readonly RunCurve[];
  /** the flatness criterion in words */
  readonly criterion: string;
  /** every run of the curve budget meets it */
  readonly allFlat: boolean;
  /**
   * whether the curve budget's runs meet the criterion, in words, with the figures of those that do not and of
   * those that meet it past their best
   */
  readonly flatSummary: string;
  /**
   * each curve's lowest validation point and its gap to MHA's, when some run is past its best (then
   * the gap at the budget's end is not the gap between runs each trained until it stops improving); ''
   * otherwise
   */
  readonly lowestSummary: string;
  /**
   * what the extended budget adds: each of its runs' last-fifth improvement at the long and extended
   * budgets, and where the criterion would be met at that trend (src/sweep/flatness.ts stepsToFlat);
   * '' before the extended budget is trained or once the longest budget is (it measures what this predicts)
   */
  readonly extendedSummary: string;
  /** the largest seed-to-seed spread of final validation loss at the curve budget, if measured */
  readonly seedSpread: number | null;
  /** validation minus training loss at each budget's end, and what it means (train-fit.ts) */
  readonly fitSummary: string;
}

const CRITERION =
  `a curve counts as flat when its last ${FLAT_FRACTION * 100}% of steps improve validation loss by ` +
  `less than ${FLAT_TOLERANCE * 100}%`;

const percent = (x: number) => `${(100 * x).toFixed(2)}%`;

/** A curve's state for a table cell: "yes, past its best", "no, still improving", or "–" without one. */
export const curveStateText = (f: Flatness | null) =>
  f === null
    ? '–'
    : f.state === 'improving'
      ? 'no, still improving'
      : f.state === 'levelled'
        ? 'yes, levelled off'
        : 'yes, past its best';

/** A curve's lowest point for a table cell: "1.514 at step 8,640", or "–" without one. */
export const lowestText = (f: Flatness | null) =>
  f ? `${f.lowest.loss.toFixed(3)} at step ${formatInteger(f.lowest.step)}` : '–';

/** A curve's flatness figure for a table cell: "1.96% (steps 2,560–3,200)", or "–" without one. */
export const flatnessText = (f: Flatness | null) =>
  f ? `${percent(f.improvement)} (steps ${formatInteger(f.from.step)}–${formatInteger(f.to.step)})` : '–';

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
  if (!long || !extended || extended.runs.length === 0 || curveBudgetOf(manifest)?.budget !== 'long')
    return '';
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

function flatSummary({ budget, section }: CurveBudget): string {
  const { runs, protocol } = section;
  const name = BUDGET_NAMES[budget];
  const figures = runs.map((r) => ({ run: r, f: curveFlatness(r.curve.valid, r.steps) }));
  const notFlat = figures.filter((x) => x.f?.flat !== true);
  const past = figures.flatMap(({ run, f }) => (f?.state === 'past-best' ? [{ run, f }] : []));
  const after = `after ${formatTokensCompact(tokensAt(protocol, protocol.steps))} tokens`;
  const pastText =
    past.length === 0
      ? ''
      : ` ${past.length} of ${runs.length} meet it past their best, ending more than ` +
        `${FLAT_TOLERANCE * 100}% above their lowest point (validation rose while training went on): ` +
        past
          .map(
            ({ run, f }) =>
              `${run.label} ${percent(f.rise)} above its lowest, at step ${formatInteger(f.lowest.step)}`,
          )
          .join(', ') +
        '.';
  if (notFlat.length === 0) return `All ${runs.length} runs of the ${name} meet it ${after}.${pastText}`;
  const list = notFlat
    .map(({ run, f }) => `${run.label} (${f ? percent(f.improvement) : 'too few validation points'})`)
    .join(', ');
  return `${notFlat.length} of ${runs.length} runs of the ${name} do not meet it ${after}: ${list}.${pastText}`;
}

/**
 * "Each run's lowest point on its validation curve (…) and its gap to MHA's lowest, the comparison of runs
 * each trained until it stops improving: MHA 1.513 at step 8,320; TPA R=(4,4,4) 1.514 at step 8,640
 * (+0.001); …". Empty unless some run is past its best.
 */
function lowestSummary(runs: readonly ManifestRun[], protocol: TrainingProtocol): string {
  const figures = runs.map((run) => ({ run, f: curveFlatness(run.curve.valid, run.steps) }));
  if (!figures.some(({ f }) => f?.state === 'past-best')) return '';
  const mha = figures.find(({ run }) => isMha(run))?.f ?? null;
  const tokens = protocol.curveEvalBatches * protocol.batch * protocol.contextLength;
  const each = figures.flatMap(({ run, f }) => {
    if (!f) return [];
    const gap = mha && !isMha(run) ? ` (${formatSignedNats(f.lowest.loss - mha.lowest.loss)})` : '';
    return [`${run.label} ${lowestText(f)}${gap}`];
  });
  return (
    `Each run's lowest point on its validation curve (the curve's ${formatInteger(tokens)} validation ` +
    `tokens, every ${formatInteger(curveEvery(runs))} steps)${mha ? " and its gap to MHA's lowest" : ''}: ` +
    `the comparison of runs each trained until it stops improving, where the finals compare runs some of ` +
    `which are past their best. ${each.join('; ')}.`
  );
}

/** The steps between a run's validation points (the first run's first two after step 1). */
function curveEvery(runs: readonly ManifestRun[]): number {
  const valid = runs[0]?.curve.valid.filter((p) => p.step > 1) ?? [];
  return valid.length >= 2 ? valid[1]!.step - valid[0]!.step : 0;
}

/** Validation loss against tokens for the curve budget's runs (all of them, or those in `ids`). */
export function lossCurvesView(manifest: Manifest, ids?: readonly string[]): LossCurvesView {
  const curve = curveBudgetOf(manifest);
  if (!curve)
    return {
      available: false,
      curveBudget: 'long',
      curveBudgetName: BUDGET_NAMES.long,
      budgets: budgetMarks(manifest),
      runs: [],
      criterion: CRITERION,
      allFlat: false,
      flatSummary: '',
      lowestSummary: '',
      extendedSummary: '',
      seedSpread: null,
      fitSummary: '',
    };
  const { section } = curve;
  const chosen = section.runs.filter((r) => !ids || ids.includes(r.id));
  const mha = section.runs.find(isMha);
  const mhaLowest = mha ? (curveFlatness(mha.curve.valid, mha.steps)?.lowest ?? null) : null;
  const runs = chosen.map((run) => {
    const flatness = curveFlatness(run.curve.valid, run.steps);
    return {
      id: run.id,
      label: run.label,
      kind: run.kind,
      points: curveOf(run, section.protocol),
      extendedPoints: extendedCurveOf(manifest, run.id),
      finals: finalsOf(manifest, run.id),
      flatness,
      lowestGap: flatness && mhaLowest && run !== mha ? flatness.lowest.loss - mhaLowest.loss : null,
      extendedFlatness: curve.budget === 'long' ? extendedFlatnessOf(manifest, run.id) : null,
    };
  });
  return {
    available: true,
    curveBudget: curve.budget,
    curveBudgetName: BUDGET_NAMES[curve.budget],
    budgets: budgetMarks(manifest),
    runs,
    criterion: CRITERION,
    allFlat: section.runs.every((r) => curveFlatness(r.curve.valid, r.steps)?.flat === true),
    flatSummary: flatSummary(curve),
    lowestSummary: lowestSummary(section.runs, section.protocol),
    extendedSummary: extendedSummary(manifest),
    seedSpread: seedSpreadOf(section.runs, section.replicas),
    // the default TPA: the run besides MHA that the curve budget repeats with other seeds
    fitSummary: trainFitSummary(
      manifest,
      chosen.map((r) => r.id),
      section.runs.find((r) => !isMha(r) && section.replicas.some((x) => x.id === r.id))?.id ?? null,
    ),
  };
}
