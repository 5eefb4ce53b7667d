/**
 * Each run's gap to head-matched MHA against tokens (validation loss minus MHA's at the same step of the
 * curve budget, the longest once trained, else the long one with the extended one beside it, and at each
 * budget's end), with a verdict per run (the gap narrows, holds or widens from the full to the long
 * budget beyond the seed-to-seed spread), the gap between seed means where both runs have several seeds,
 * and sentences generated from these numbers.
 */
import type { Manifest, ManifestRun } from '../../sweep/manifest';
import type { Budget } from '../../sweep/protocol';
import { seedSpreadOf } from '../../sweep/manifest';
import { formatSignedNats, formatTokensCompact } from '../format';
import { budgetMarks, curveBudgetOf, curveOf, extendedCurveOf, finalsOf } from './budget-curves';
import type { BudgetFinal, BudgetMark, CurvePoint, CurveSeries } from './budget-curves';
import { scaleText } from './scale';

export type GapTrend = 'narrows' | 'holds' | 'widens';

/** A run's validation loss minus MHA's: at the same steps of each curve, and at each budget's end. */
export interface GapCurve extends CurveSeries {
  /** |gap| at the long budget's end − |gap| at the full budget's end; null without both budgets */
  readonly change: number | null;
  /**
   * How the gap moves from the full budget's end to the long budget's end: narrows or widens when its
   * size changes by more than the seed-to-seed spread, else holds; null without both budgets.
   */
  readonly trend: GapTrend | null;
  /** the gap between the means of the run's seeds and MHA's, at each budget where both have the same seeds */
  readonly seedMeans: readonly SeedMeanGap[];
}

/**
 * A run's gap to MHA at a budget's end as the mean of its seeds' finals minus the mean of MHA's, where
 * both were trained with the same number of seeds (two or more): one seed's final is as noisy as the
 * seed range says, the mean less so.
 */
export interface SeedMeanGap {
  readonly budget: Budget;
  readonly tokens: number;
  readonly seeds: number;
  readonly value: number;
  /** the wider of the two seed ranges (max − min) at this budget */
  readonly range: number;
}

export interface GapView {
  readonly available: boolean;
  /** the head-matched MHA run every gap is measured against */
  readonly reference: { readonly id: string; readonly label: string } | null;
  readonly curves: readonly GapCurve[];
  readonly seedSpread: number | null;
  /** one or two sentences generated from the curves */
  readonly summary: string;
  /** a sentence on the gaps between seed means ('' when no run and MHA share several seeds) */
  readonly seedSummary: string;
}

/** `run` − `reference` at the steps both curves have. */
function differenceCurve(run: readonly CurvePoint[], reference: readonly CurvePoint[]): CurvePoint[] {
  const byStep = new Map(reference.map((p) => [p.step, p.value]));
  return run.flatMap((p) => {
    const m = byStep.get(p.step);
    return m === undefined ? [] : [{ ...p, value: p.value - m }];
  });
}

/** The head-matched MHA run: the reference of every gap. */
export const isMha = (r: ManifestRun) => r.kind === 'mha' && r.matching.includes('head');

function gapFinals(manifest: Manifest, id: string, mhaId: string): BudgetFinal[] {
  const own = finalsOf(manifest, id);
  const ref = finalsOf(manifest, mhaId);
  return own.flatMap((f) => {
    const m = ref.find((r) => r.budget === f.budget);
    return m ? [{ budget: f.budget, tokens: f.tokens, value: f.value - m.value, seeds: null }] : [];
  });
}

function seedMeanGaps(manifest: Manifest, id: string, mhaId: string): SeedMeanGap[] {
  const ref = finalsOf(manifest, mhaId);
  return finalsOf(manifest, id).flatMap((f) => {
    const m = ref.find((r) => r.budget === f.budget)?.seeds;
    const own = f.seeds;
    if (!own || !m || own.seeds !== m.seeds) return [];
    return [
      {
        budget: f.budget,
        tokens: f.tokens,
        seeds: own.seeds,
        value: own.mean - m.mean,
        range: Math.max(own.max - own.min, m.max - m.min),
      },
    ];
  });
}

/**
 * "Mean over 3 seeds each, TPA R=(4,2,2) minus MHA: +0.032 at the full budget's end (one seed's final
 * spans up to 0.012 there), …". '' without seed means.
 */
function seedMeanSummary(curves: readonly GapCurve[], reference: string): string {
  const parts = curves.flatMap((c) => {
    if (c.seedMeans.length === 0) return [];
    const seeds = [...new Set(c.seedMeans.map((g) => g.seeds))];
    const each = c.seedMeans
      .map(
        (g) =>
          `${nats(g.value)} at the ${g.budget} budget's end (one seed's final spans up to ${g.range.toFixed(3)} there)`,
      )
      .join(', ');
    return [`mean over ${seeds.join(' or ')} seeds each, ${c.label} minus ${reference}: ${each}`];
  });
  if (parts.length === 0) return '';
  const text = parts.join('; ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
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

const nats = formatSignedNats;

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
    if (!f || !l || !c.trend) return [];
    const further = c.finals
      .filter((x) => x.budget === 'extended' || x.budget === 'longest')
      .map((x) => `, then ${nats(x.value)} at ${formatTokensCompact(x.tokens)} tokens (${x.budget} budget)`)
      .join('');
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
  const curve = curveBudgetOf(manifest);
  const section = curve?.section;
  const budgets = budgetMarks(manifest);
  const mha = section?.runs.find(isMha) ?? null;
  if (!section || !mha)
    return {
      available: false,
      reference: null,
      curves: [],
      seedSpread: null,
      summary: gapSummary([], budgets, null, ''),
      seedSummary: '',
    };
  // the verdict is from the full to the long budget, so the spread is the long budget's
  const spread = manifest.long ? seedSpreadOf(manifest.long.runs, manifest.long.replicas) : null;
  const curves = section.runs
    .filter((r) => r !== mha)
    .map((run) => {
      const finals = gapFinals(manifest, run.id, mha.id);
      const change = changeOf(finals);
      return {
        id: run.id,
        label: run.label,
        kind: run.kind,
        points: differenceCurve(curveOf(run, section.protocol), curveOf(mha, section.protocol)),
        extendedPoints: differenceCurve(extendedCurveOf(manifest, run.id), extendedCurveOf(manifest, mha.id)),
        finals,
        change,
        trend: trendOf(change, spread ?? 0),
        seedMeans: seedMeanGaps(manifest, run.id, mha.id),
      };
    });
  return {
    available: true,
    reference: { id: mha.id, label: mha.label },
    curves,
    seedSpread: spread,
    summary: gapSummary(curves, budgets, spread, scaleText(section.runs)),
    seedSummary: seedMeanSummary(curves, mha.label),
  };
}
