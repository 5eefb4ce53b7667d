/**
 * How far each budget's runs have gone into fitting their training text itself: validation loss minus
 * training loss at the end of the budget (the manifest's final training loss is the mean over its last
 * steps). Near zero or below, held-out text is predicted as well as the text trained on; clearly above,
 * the run has started to learn its training text by heart, and a longer budget lowers the training loss
 * more than the validation loss. A gap to MHA that narrows with training can then be MHA fitting the
 * training text more rather than the other kind catching up: the sentence says so when the data show it.
 * docs/quality-budgets.md#validation-minus-training-loss.
 */
import type { Manifest, ManifestRun } from '../../sweep/manifest';
import { sectionOf } from '../../sweep/live-runs';
import type { Budget } from '../../sweep/protocol';
import { budgetMarks } from './budget-curves';
import { formatSignedNats } from '../format';
import { isMha } from './gap-curves';

/** The "validation minus training" difference of a run at the end of its budget. */
const overfitOf = (run: ManifestRun) => run.final.valLoss - run.final.trainLoss;

const signed = formatSignedNats;

/** Runs of the curves' ids at one budget (corpus runs only), in the manifest's order. */
function runsAt(manifest: Manifest, budget: Budget, ids: readonly string[]): ManifestRun[] {
  return sectionOf(manifest, budget).runs.filter((r) => r.task === 'corpus' && ids.includes(r.id));
}

/**
 * "Validation minus training loss at the end of each budget …: quick …; full −0.009 to +0.007 (MHA −0.009,
 * TPA R=(4,2,2) −0.007); long …. Above zero a run …", budgets in token order. '' without runs.
 */
export function trainFitSummary(
  manifest: Manifest,
  ids: readonly string[],
  reference: string | null,
): string {
  const parts: string[] = [];
  let last: { mha: ManifestRun; other: ManifestRun; budget: Budget } | null = null;
  for (const { budget } of budgetMarks(manifest)) {
    const runs = runsAt(manifest, budget, ids);
    if (runs.length === 0) continue;
    const values = runs.map(overfitOf);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const mha = runs.find(isMha);
    const other = reference ? runs.find((r) => r.id === reference) : undefined;
    const pair =
      mha && other && other !== mha
        ? ` (${mha.label} ${signed(overfitOf(mha))}, ${other.label} ${signed(overfitOf(other))})`
        : '';
    const range = signed(lo) === signed(hi) ? signed(lo) : `${signed(lo)} to ${signed(hi)}`;
    parts.push(`${budget} ${range}${pair}`);
    if (mha && other && other !== mha) last = { mha, other, budget };
  }
  if (parts.length === 0) return '';
  const head =
    'Validation minus training loss at the end of each budget (training loss: the mean of the last steps): ' +
    `${parts.join('; ')}.`;
  const meaning =
    ' Above zero a run predicts the text it trains on better than held-out text: it has begun to learn its ' +
    'training text by heart, and more training lowers its training loss faster than its validation loss.';
  if (!last) return head + meaning;
  const m = overfitOf(last.mha);
  const o = overfitOf(last.other);
  const who =
    m > o
      ? ` At the ${last.budget} budget ${last.mha.label} does so more than ${last.other.label} (by ${(m - o).toFixed(3)}), ` +
        'so part of a gap that narrows with training is MHA fitting the training text more, not only the other ' +
        'kind catching up.'
      : ` At the ${last.budget} budget ${last.other.label} does so at least as much as ${last.mha.label}.`;
  return head + meaning + who;
}
