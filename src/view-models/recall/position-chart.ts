/**
 * Recall accuracy by query position: MHA, official TPA and (labelled as a variant) the fix, next to the
 * elimination score on the same answers, for the panel's dot chart and its caption.
 */
import type { ManifestRecallDiagnosis } from '../../sweep/manifest';
import { eliminationScore, keyRuns, nameOf, ordinal, percent, percents } from './diagnosis-runs';

export interface PositionSeries {
  /** a run id, or 'elimination' */
  readonly id: string;
  readonly label: string;
  /** [j]: accuracy at the j-th query */
  readonly values: readonly number[];
  /** the elimination baseline is drawn apart from the runs */
  readonly baseline: boolean;
}

export interface PositionChartData {
  /** "1st query", … */
  readonly queries: readonly string[];
  readonly series: readonly PositionSeries[];
  /** what the chart shows, in words (its caption and accessible description) */
  readonly caption: string;
}

/** The chart's data, or null when the section lacks the official TPA or MHA. */
export function positionChart(section: ManifestRecallDiagnosis): PositionChartData | null {
  const { official, mha, fix } = keyRuns(section);
  if (!official || !mha) return null;
  const runs = [mha, official, ...(fix ? [fix] : [])];
  const series: PositionSeries[] = runs.map((r) => ({
    id: r.id,
    label: nameOf(r),
    values: r.byQuery,
    baseline: false,
  }));
  series.push({
    id: 'elimination',
    label: 'Elimination (knows which values are unused, not which key they belong to)',
    values: official.elimination,
    baseline: true,
  });
  const queries = official.byQuery.map((_, j) => `${ordinal(j + 1)} query`);
  const caption =
    `Accuracy by the order a query is asked in. ${mha.label}: ${percents(mha.byQuery)}. ` +
    `${official.label}, the official configuration: ${percents(official.byQuery)}; the elimination ` +
    `strategy scores ${percents(official.elimination)} on the same answers (${percent(eliminationScore(official))} ` +
    `overall, ${official.label} ${percent(official.final.accuracy)}).` +
    (fix ? ` ${nameOf(fix)}: ${percents(fix.byQuery)}.` : '');
  return { queries, series, caption };
}
