/**
 * The table of the runs tried, one row each with its figures as the panel prints them, and the caption
 * that says how to read the columns.
 */
import type { ManifestRecallDiagnosis } from '../../sweep/manifest';
import { formatDuration, formatInteger } from '../format';
import {
  circuitOf,
  eliminationScore,
  inPlayShare,
  keyRuns,
  percent,
  percents,
  ROLE_TEXT,
  uniformPreviousToken,
  VERDICT_TEXT,
  verdictOf,
  weight,
} from './diagnosis-runs';
import type { Verdict } from './diagnosis-runs';

export interface DiagnosisRow {
  readonly id: string;
  readonly label: string;
  readonly role: string;
  readonly official: boolean;
  readonly change: string;
  readonly steps: string;
  readonly learningRate: string;
  readonly accuracy: string;
  readonly byQuery: string;
  readonly inPlay: string;
  readonly previousToken: string;
  readonly readsValue: string;
  readonly verdict: Verdict;
  readonly verdictText: string;
  readonly wall: string;
}

export interface DiagnosisTable {
  readonly rows: readonly DiagnosisRow[];
  readonly caption: string;
}

export function diagnosisTable(section: ManifestRecallDiagnosis): DiagnosisTable {
  const rows = section.runs.map((r): DiagnosisRow => {
    const circuit = circuitOf(r);
    const share = inPlayShare(r);
    const verdict = verdictOf(r);
    return {
      id: r.id,
      label: r.label,
      role: ROLE_TEXT[r.role],
      official: r.role === 'official',
      change: r.change,
      steps: formatInteger(r.steps),
      learningRate: r.learningRate.toExponential(0),
      accuracy: percent(r.final.accuracy),
      byQuery: percents(r.byQuery),
      inPlay: Number.isNaN(share) ? '–' : percent(share),
      previousToken: weight(circuit.previousToken),
      readsValue: weight(circuit.readsValue),
      verdict,
      verdictText: VERDICT_TEXT[verdict],
      wall: formatDuration(r.wallMs),
    };
  });
  const reference = keyRuns(section).official ?? section.runs[0];
  const elimination = reference
    ? ` The elimination strategy scores ${percents(reference.elimination)} by query on the same answers ` +
      `(${percent(eliminationScore(reference))}).`
    : '';
  const caption =
    `Every run the diagnosis trained (${section.runs.length}), one seed each, with ` +
    `${formatInteger(reference?.answers ?? 0)} validation answers.${elimination} ` +
    `"Still in play": wrong answers that name a value of the pairs not yet asked. "Previous token": ` +
    `the best layer-1 head's weight from a pair's value on its key (spread evenly: ` +
    `${weight(uniformPreviousToken(section.sequence.numPairs))}); "reads value": the best last-layer ` +
    `head's weight from a query key on the asked value; both over ${section.headSequences} sequences. ` +
    `Wall time is training only, on a shared machine.`;
  return { rows, caption };
}
