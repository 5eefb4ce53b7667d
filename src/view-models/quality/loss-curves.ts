/**
 * Validation loss against tokens seen: each run's curve at the curve budget (the longest budget once
 * trained, else the long one; with the long one, its extended-budget curve where it has one), its final at
 * every budget, the flatness of each curve against the criterion (src/sweep/flatness.ts), its lowest point,
 * and sentences generated from these numbers, including (before the longest budget) where the criterion
 * would be met at the trend measured between the long and extended budgets.
 */
import { curveFlatness, FLAT_FRACTION, FLAT_TOLERANCE } from '../../sweep/flatness';
import type { Flatness } from '../../sweep/flatness';
import type { Manifest } from '../../sweep/manifest';
import { seedSpreadOf } from '../../sweep/manifest';
import { budgetMarks, curveBudgetOf, curveOf, extendedCurveOf, finalsOf } from './budget-curves';
import type { BudgetMark, CurveBudget, CurveSeries } from './budget-curves';
import { BUDGET_NAMES } from './scale';
import { isMha } from './gap-curves';
import { extendedSummary, flatSummary, lowestSummary } from './loss-sentences';
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

function extendedFlatnessOf(manifest: Manifest, id: string): Flatness | null {
  const run = manifest.extended?.runs.find((r) => r.id === id);
  return run ? curveFlatness(run.curve.valid, run.steps) : null;
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
    lowestSummary: lowestSummary(section.runs, section.protocol, section.replicas),
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
