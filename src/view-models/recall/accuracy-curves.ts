/**
 * Recall accuracy along training for the diagnosis's runs: one series per run (validation accuracy at
 * the sweep's cadence), the key runs first, and the elimination score as a level to read them against.
 */
import type { ManifestRecallDiagnosis } from '../../sweep/manifest';
import {
  eliminationScore,
  keyRuns,
  nameOf,
  percent,
  RECALLS_FROM,
  VERDICT_TEXT,
  verdictOf,
} from './diagnosis-runs';

export interface CurveSeries {
  readonly id: string;
  readonly label: string;
  /** the run's label alone, e.g. "TPA R=(4,2,2)" */
  readonly short: string;
  readonly points: readonly { readonly step: number; readonly accuracy: number }[];
  /** MHA, official TPA and the fix: drawn by default */
  readonly key: boolean;
  /** the first step at which it reached RECALLS_FROM, or null */
  readonly recalledAt: number | null;
}

export interface AccuracyCurves {
  readonly series: readonly CurveSeries[];
  /** the elimination strategy's accuracy (official TPA's validation answers) */
  readonly elimination: number;
  readonly maxStep: number;
  /** the curves in words */
  readonly caption: string;
}

export function accuracyCurves(section: ManifestRecallDiagnosis): AccuracyCurves | null {
  const { official, mha, fix } = keyRuns(section);
  if (!official) return null;
  const keyIds = new Set([mha?.id, official.id, fix?.id].filter((x) => x !== undefined));
  const ordered = [
    ...section.runs.filter((r) => keyIds.has(r.id)),
    ...section.runs.filter((r) => !keyIds.has(r.id)),
  ];
  const series = ordered.map((r) => ({
    id: r.id,
    label: nameOf(r),
    short: r.label,
    points: r.curve.map((p) => ({ step: p.step, accuracy: p.accuracy })),
    key: keyIds.has(r.id),
    recalledAt: r.curve.find((p) => p.accuracy >= RECALLS_FROM)?.step ?? null,
  }));
  const elimination = eliminationScore(official);
  const reached = series.filter((s) => s.recalledAt !== null);
  const caption =
    `Validation recall accuracy along training (${official.curve.length} points per run). ` +
    (reached.length > 0
      ? `Reaching ${percent(RECALLS_FROM)}: ` +
        reached.map((s) => `${s.short} at step ${s.recalledAt}`).join(', ') +
        '. '
      : `No run reaches ${percent(RECALLS_FROM)}. `) +
    `${official.label} ends at ${percent(official.final.accuracy)}, ${VERDICT_TEXT[verdictOf(official)]} ` +
    `(elimination: ${percent(elimination)}).`;
  return { series, elimination, maxStep: Math.max(...section.runs.map((r) => r.steps)), caption };
}
