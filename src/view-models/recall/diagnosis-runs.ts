/**
 * The recall diagnosis's runs as the panel reads them (the manifest's `recallDiagnosis` section,
 * src/sweep/recall-diagnosis.ts): which run is which, what each one's figures say, and the words every
 * view of the panel shares. Pure: reads the manifest, no React.
 */
import type { ManifestDiagnosisRun, ManifestRecallDiagnosis } from '../../sweep/manifest';
import type { DiagnosisRole } from '../../sweep/recall-diagnosis';

/** Accuracy from which a run counts as recalling (the shipped MHA, MQA and GQA runs reach 100%). */
export const RECALLS_FROM = 0.95;
/** How close to the elimination score (in accuracy) a run counts as "at" it. */
const ELIMINATION_BAND = 0.06;

/** What a run's accuracy says about it. */
export type Verdict = 'recalls' | 'elimination' | 'below-elimination' | 'between';

export const VERDICT_TEXT: Readonly<Record<Verdict, string>> = {
  recalls: 'recalls',
  elimination: 'at the elimination score',
  'below-elimination': 'below the elimination score',
  between: 'above elimination, short of recall',
};

export const ROLE_TEXT: Readonly<Record<DiagnosisRole, string>> = {
  baseline: 'baseline kind',
  official: 'official T6',
  variant: 'variant',
  fix: 'variant (the fix)',
  control: 'control',
};

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The elimination strategy's expected accuracy over all queries. */
export const eliminationScore = (run: ManifestDiagnosisRun): number => mean(run.elimination);

/** Where a run's accuracy stands: recall, the elimination score, below it, or between. */
export function verdictOf(run: ManifestDiagnosisRun): Verdict {
  const accuracy = run.final.accuracy;
  if (accuracy >= RECALLS_FROM) return 'recalls';
  const elimination = eliminationScore(run);
  if (Math.abs(accuracy - elimination) <= ELIMINATION_BAND) return 'elimination';
  return accuracy < elimination ? 'below-elimination' : 'between';
}

/** Share of a run's wrong answers that named a value still in play (NaN when it has none wrong). */
export const inPlayShare = (run: ManifestDiagnosisRun): number =>
  run.wrong.total === 0 ? Number.NaN : run.wrong.stillInPlay / run.wrong.total;

/**
 * The two steps of the induction circuit at their best heads: the layer-1 head whose pairs' values look
 * most at their keys (previous token), and the last-layer head whose query keys look most at the asked
 * value (reads the value).
 */
export function circuitOf(run: ManifestDiagnosisRun): { previousToken: number; readsValue: number } {
  const last = run.config.layers - 1;
  const best = (layer: number, score: (h: ManifestDiagnosisRun['heads'][number]) => number) =>
    Math.max(...run.heads.filter((h) => h.layer === layer).map(score));
  return { previousToken: best(0, (h) => h.previousToken), readsValue: best(last, (h) => h.onValue) };
}

/**
 * The previous-token score of a head that spreads evenly over what it can see: pair i's value sits at
 * position 2i + 1 and sees 2i + 2 tokens, so the mean over the pairs of 1/(2i + 2).
 */
export function uniformPreviousToken(numPairs: number): number {
  let sum = 0;
  for (let i = 0; i < numPairs; i++) sum += 1 / (2 * i + 2);
  return sum / numPairs;
}

/** The runs the panel sets side by side. */
export interface KeyRuns {
  readonly official: ManifestDiagnosisRun | null;
  readonly mha: ManifestDiagnosisRun | null;
  readonly fix: ManifestDiagnosisRun | null;
}

export function keyRuns(section: ManifestRecallDiagnosis): KeyRuns {
  return {
    official: section.runs.find((r) => r.role === 'official') ?? null,
    mha: section.runs.find((r) => r.role === 'baseline' && r.kind === 'mha') ?? null,
    fix: section.runs.find((r) => r.role === 'fix') ?? null,
  };
}

/** A run's name with what it is: "TPA R=(4,2,2) (official T6)", "TPA, QK norm (variant)". */
export const nameOf = (run: ManifestDiagnosisRun): string => `${run.label} (${ROLE_TEXT[run.role]})`;

/** 0.57890625 → "57.9%". */
export const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;
/** [0.353, 0.409, 0.553, 1] → "35 / 41 / 55 / 100%". */
export const percents = (xs: readonly number[]): string =>
  `${xs.map((x) => Math.round(100 * x)).join(' / ')}%`;
/** Attention weights and head scores: two decimals. */
export const weight = (x: number): string => x.toFixed(2);
/** "1st", "2nd", "3rd", "4th" query. */
export const ordinal = (n: number): string => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
};
