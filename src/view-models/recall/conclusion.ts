/**
 * The panel's conclusion, written from the diagnosis's figures: at what scale it holds, what official
 * TPA learns instead of recall, which changes fix it and which do not, the circuit the recalling runs
 * grow, and what remains open. Each sentence is chosen by the data (a run that recalls is said to, one
 * that does not is not), so a retrained manifest with other outcomes gets other words.
 */
import type { ManifestDiagnosisRun, ManifestRecallDiagnosis } from '../../sweep/manifest';
import { SINGLE_OBSTACLE_RUNS } from '../../sweep/recall-diagnosis';
import { formatInteger } from '../format';
import {
  circuitOf,
  eliminationScore,
  inPlayShare,
  keyRuns,
  percent,
  percents,
  uniformPreviousToken,
  VERDICT_TEXT,
  verdictOf,
  weight,
} from './diagnosis-runs';

export interface RecallConclusion {
  /** the scale and budget the runs were trained at */
  readonly scale: string;
  /** what official TPA learns instead of recall */
  readonly mechanism: string;
  /** what removing each obstacle does, and the fix */
  readonly obstacles: string;
  /** the induction circuit of the runs that recall, and official TPA's heads */
  readonly circuit: string;
  /** the other changes tried */
  readonly others: string;
  /** what these runs do not settle */
  readonly open: readonly string[];
}

const recalls = (r: ManifestDiagnosisRun) => verdictOf(r) === 'recalls';
const figure = (r: ManifestDiagnosisRun) => `${r.label} ${percent(r.final.accuracy)}`;
const sentenceCase = (x: string) => `${x.charAt(0).toUpperCase()}${x.slice(1)}`;
const list = (xs: readonly string[]) =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;

function scaleSentence(section: ManifestRecallDiagnosis): string {
  const { protocol, sequence } = section;
  const official = keyRuns(section).official ?? section.runs[0]!;
  const { dModel, layers, attention } = official.config;
  const seeds = [...new Set(section.runs.map((r) => r.seed))];
  return (
    `These runs hold at one small scale and budget only: d = ${dModel}, ${layers} layers, ` +
    `${attention.heads} heads of ${attention.headDim}, associative recall with ${sequence.numPairs} ` +
    `key–value pairs at T = ${protocol.contextLength}, ${formatInteger(protocol.steps)} AdamW steps of ` +
    `${protocol.batch} sequences at peak learning rate ${protocol.learningRate.toExponential(0)} ` +
    `(runs that change the model or the protocol say so), ` +
    `${seeds.length === 1 ? `one seed (${seeds[0]}) each` : `seeds ${seeds.join(', ')}`}.`
  );
}

function mechanismSentence(official: ManifestDiagnosisRun): string {
  const verdict = verdictOf(official);
  const share = inPlayShare(official);
  const head =
    `Official TPA ends at ${percent(official.final.accuracy)}, ${VERDICT_TEXT[verdict]}: by query it answers ` +
    `${percents(official.byQuery)}, and a strategy that knows which values are in the sequence and which ` +
    `were already asked, but not which key a value belongs to, scores ${percents(official.elimination)} ` +
    `(${percent(eliminationScore(official))}).`;
  const wrong = Number.isNaN(share)
    ? ''
    : ` ${percent(share)} of its wrong answers name a value not yet asked.`;
  const reading =
    verdict === 'elimination' && share >= 0.9
      ? ' It has learnt which values are still in play, not the key → value binding: elimination, not partial recall.'
      : '';
  return `${head}${wrong}${reading}`;
}

function obstaclesSentence(section: ManifestRecallDiagnosis): string {
  const { fix } = keyRuns(section);
  const byId = (id: string) => section.runs.find((r) => r.id === id) ?? null;
  const init = byId(SINGLE_OBSTACLE_RUNS.init);
  const key = byId(SINGLE_OBSTACLE_RUNS.keyHeadFactor);
  const control = section.runs.find((r) => r.role === 'control') ?? null;
  const parts: string[] = [];
  if (fix) {
    const at = fix.curve.find((p) => p.accuracy >= 0.95)?.step;
    parts.push(
      recalls(fix)
        ? `${fix.label}, a labelled variant (${fix.change}), recalls: ${percent(fix.final.accuracy)}` +
            `${at ? `, past 95% by step ${formatInteger(at)}` : ''}.`
        : `${fix.label} (${fix.change}) does not recall either: ${percent(fix.final.accuracy)}.`,
    );
  }
  const singles = [init, key].filter((r) => r !== null);
  if (singles.length > 0) {
    const failing = singles.filter((r) => !recalls(r));
    const passing = singles.filter(recalls);
    if (failing.length > 0)
      parts.push(
        `Either change alone is ${failing.length === singles.length ? 'not' : 'not always'} enough: ` +
          `${list(failing.map(figure))}` +
          `${failing.length === singles.length && fix && recalls(fix) ? ', so each of the two is an obstacle on its own' : ''}.`,
      );
    if (passing.length > 0)
      parts.push(`Alone, ${list(passing.map(figure))} recall${passing.length === 1 ? 's' : ''}.`);
  }
  if (control)
    parts.push(
      `The control, ${control.label} (${control.change}), ${recalls(control) ? 'still recalls' : 'fails too'}: ` +
        `${percent(control.final.accuracy)}, ${VERDICT_TEXT[verdictOf(control)]}` +
        `${recalls(control) ? '.' : ', so a small init blocks recall without any factorisation.'}`,
    );
  return parts.join(' ');
}

function circuitSentence(section: ManifestRecallDiagnosis, official: ManifestDiagnosisRun): string {
  const recalling = section.runs.filter(recalls);
  const uniform = weight(uniformPreviousToken(section.sequence.numPairs));
  const own = circuitOf(official);
  const officialPart =
    `Official TPA's best heads score ${weight(own.previousToken)} and ${weight(own.readsValue)} ` +
    `(an even spread gives ${uniform} for the first).`;
  if (recalling.length === 0) return `No run recalls, so none shows the circuit. ${officialPart}`;
  const scores = recalling.map((r) => {
    const c = circuitOf(r);
    return `${r.label} ${weight(c.previousToken)} and ${weight(c.readsValue)}`;
  });
  return (
    `The runs that recall have the two steps of an induction circuit: a layer-1 head in which each ` +
    `value looks back at its key (previous token), and a last-layer head in which the query key reads ` +
    `the value stored beside its key (${list(scores)}). ${officialPart}`
  );
}

function othersSentence(section: ManifestRecallDiagnosis): string {
  const single = new Set<string>(Object.values(SINGLE_OBSTACLE_RUNS));
  const others = section.runs.filter(
    (r) => (r.role === 'variant' || r.role === 'baseline') && !single.has(r.id),
  );
  const failing = others.filter((r) => !recalls(r) && r.kind !== 'mha');
  const passing = others.filter((r) => recalls(r) && r.kind !== 'mha');
  const parts: string[] = [];
  for (const verdict of ['elimination', 'below-elimination', 'between'] as const) {
    const these = failing.filter((r) => verdictOf(r) === verdict);
    if (these.length > 0) parts.push(`${sentenceCase(VERDICT_TEXT[verdict])}: ${list(these.map(figure))}.`);
  }
  if (passing.length > 0) parts.push(`Also recalling: ${list(passing.map(figure))}.`);
  return parts.join(' ');
}

function openQuestions(section: ManifestRecallDiagnosis): string[] {
  const { fix } = keyRuns(section);
  const seeds = new Set(section.runs.map((r) => r.seed));
  const open: string[] = [];
  if (fix && recalls(fix) && fix.config.attention.kind === 'tpa') {
    const on = fix.config.attention.variant?.headFactorOn;
    if (on && on.length === 1 && on[0] === 'k')
      open.push(
        'Why a token-dependent A_K blocks the circuit while token-dependent A_Q and A_V do not: these runs show that it does, not why.',
      );
  }
  if (seeds.size === 1)
    open.push('How much the outcome moves from seed to seed: every run here is one seed.');
  open.push(
    'Whether any of this holds at the paper’s scale (models of 124M parameters and more, trained on text): it was not tried here.',
  );
  open.push(
    'More heads, more pairs or a longer context, and a learning-rate sweep per variant were not tried.',
  );
  return open;
}

/** The conclusion, or null when the section lacks the official run. */
export function recallConclusion(section: ManifestRecallDiagnosis): RecallConclusion | null {
  const { official } = keyRuns(section);
  if (!official) return null;
  return {
    scale: scaleSentence(section),
    mechanism: mechanismSentence(official),
    obstacles: obstaclesSentence(section),
    circuit: circuitSentence(section, official),
    others: othersSentence(section),
    open: openQuestions(section),
  };
}
