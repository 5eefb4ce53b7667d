/**
 * The quality panel's written summary, generated from the precomputed results: which run is best at
 * the reader's KV-cache budget after the chosen token budget, whether the gaps are larger than
 * seed-to-seed noise, what recall shows, and how far these tiny runs are from the paper's experiments.
 * Every number comes from the manifest, the paper's table (passed in) or src/runtime's recall task, and
 * every sentence says the model size and training budget it holds at (./scale).
 */
import type { AttentionKind } from '../../spec';
import { formatInteger, formatRoughDuration, formatSignificant, formatTokensCompact } from '../format';
import { sectionOf } from '../../sweep/live-runs';
import { seedSpreadOf } from '../../sweep/manifest';
import type { Manifest, ManifestRun } from '../../sweep/manifest';
import { bestWithin, paretoFrontier } from './pareto';
import { seedRangeOf } from './budget-curves';
import { recallBaselines } from '../../sweep/recall-baselines';
import type { Budget } from '../../sweep/protocol';
import { BUDGET_NAMES, budgetScope, scaleText } from './scale';
import { PAPER_TRAINING_TOKENS, paperSizeRange } from './paper-scale';

/** One row of the paper's results: average downstream accuracy (%) per kind at one model size. */
export interface PaperRow {
  /** e.g. "medium (353M)" */
  readonly size: string;
  readonly scores: Readonly<Record<AttentionKind, number>>;
}

export interface SummaryInput {
  readonly manifest: Manifest;
  /** the reader's memory budget: KV-cache bytes per token of the configured small model */
  readonly budgetBytes: number;
  /** the paper's 0-shot averages, smallest model first */
  readonly paper: readonly PaperRow[];
  /** whose corpus runs the first sentence speaks of: the shipped sweep's (default), the quick or long budget's */
  readonly budget?: Budget;
}

export interface QualitySummary {
  /** the best corpus run of the chosen token budget within the cache budget, vs MHA and noise */
  readonly budget: string;
  /** the same for associative-recall accuracy, or that nothing learned recall */
  readonly recall: string;
  /** what the paper found and what these runs can and cannot say about it */
  readonly paper: string;
}

const loss = (x: number) => x.toFixed(3);
const bytes = (x: number) => `${formatInteger(x)} B`;
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The head-matched MHA run of a task: the reference every other kind is measured against. */
const mhaOf = (runs: readonly ManifestRun[]) =>
  runs.find((r) => r.kind === 'mha' && r.matching.includes('head')) ?? null;

function budgetSentence(m: Manifest, budget: Budget, budgetBytes: number): string {
  const section = sectionOf(m, budget);
  const runs = section.runs.filter((r) => r.task === 'corpus');
  const after = `after ${budgetScope(m, budget)}`;
  if (runs.length === 0) return `There are no precomputed corpus runs at the ${BUDGET_NAMES[budget]} yet.`;
  const spread = seedSpreadOf(section.runs, section.replicas);
  const where = `at ${scaleText(runs)}, ${after}`;
  const points = runs.map((r) => ({ id: r.id, x: r.kvBytesPerToken, y: r.final.valLoss, run: r }));
  const best = bestWithin(paretoFrontier(points, 'min'), budgetBytes)?.run ?? null;
  if (!best) {
    const smallest = points.reduce((a, p) => (p.x < a.x ? p : a));
    return (
      `No precomputed run has a KV cache as small as ${bytes(budgetBytes)} per token; the smallest, ` +
      `${smallest.run.label} at ${bytes(smallest.x)}, reaches a validation loss of ${loss(smallest.y)} ${where}.`
    );
  }
  const fits = runs.filter((r) => r.kvBytesPerToken <= budgetBytes);
  let text =
    `With at most ${bytes(budgetBytes)} of KV cache per token (your configuration), the lowest validation ` +
    `loss among the ${fits.length} precomputed corpus run${fits.length === 1 ? ' that fits' : 's that fit'} ${where}, is ${best.label}'s ` +
    `${loss(best.final.valLoss)} (${bytes(best.kvBytesPerToken)} per token).`;
  const mha = mhaOf(runs);
  if (mha && mha !== best) {
    // with several seeds, the best is compared with MHA's mean: one seed of MHA may be its luckiest or worst
    const seeds = seedRangeOf(mha, section.replicas);
    const reference = seeds?.mean ?? mha.final.valLoss;
    const seedText = seeds
      ? ` (its ${seeds.seeds} seeds: ${loss(seeds.min)}–${loss(seeds.max)}, mean ${loss(reference)})`
      : '';
    const gap = best.final.valLoss - reference;
    const from = seeds ? ' from that mean' : '';
    const noise =
      spread === null
        ? ''
        : Math.abs(gap) <= spread
          ? `, a difference${from} within the seed-to-seed spread of ${loss(spread)}`
          : `, a difference${from} larger than the seed-to-seed spread of ${loss(spread)}`;
    text +=
      ` MHA reaches ${loss(mha.final.valLoss)}${seedText} with ` +
      `${formatSignificant(mha.kvBytesPerToken / best.kvBytesPerToken)}× that cache${noise}.`;
  }
  if (spread !== null) {
    const tied = fits.filter((r) => r !== best && r.final.valLoss - best.final.valLoss <= spread);
    if (tied.length > 0)
      text +=
        ` ${tied.length} other run${tied.length > 1 ? 's that fit are' : ' that fits is'} within ` +
        `that spread of the best (${tied.map((r) => r.label).join(', ')}): at this size and budget they tie.`;
  } else {
    text += ' No run was repeated with other seeds, so how much of a gap is noise is not known.';
  }
  return text;
}

function recallSentence(m: Manifest, budgetBytes: number): string {
  const runs = m.runs.filter((r) => r.task === 'recall' && r.final.accuracy !== null);
  const first = runs[0];
  if (!first) return 'There are no precomputed associative-recall runs.';
  // recall is trained at one budget only (the quick and long budgets are corpus runs)
  const where = `at ${scaleText(runs)}, after ${budgetScope(m, 'full', 'recall')}`;
  const task = recallBaselines(first.config.maxSeqLen);
  const chance = task.guess;
  const protocol = m.protocols.recall;
  const answers = protocol.finalEvalBatches * protocol.finalEvalBatchSize * task.numQueries;
  // standard error of an accuracy p measured on `answers` independent answers
  const se = (p: number) => Math.sqrt((p * (1 - p)) / answers);
  const acc = (r: ManifestRun) => r.final.accuracy ?? 0;
  // the most accurate run; of equally accurate ones, the one with the smallest cache
  const top = runs.reduce((a, r) =>
    acc(r) > acc(a) || (acc(r) === acc(a) && r.kvBytesPerToken < a.kvBytesPerToken) ? r : a,
  );
  // a model that knows which values occur in the sequence, but not which key each belongs to
  const pick = task.pick;
  const odds = `guessing a value scores ${percent(chance)}; picking one of the ${task.numPairs} values in the sequence, ${percent(pick)}`;
  if (acc(top) <= chance + 3 * se(chance))
    return (
      `On associative recall no run learned to recall ${where}: every accuracy is ` +
      `within three standard errors of guessing (${percent(chance)} of ${formatInteger(answers)} answers), ` +
      `so this view cannot tell the kinds apart yet.`
    );
  if (acc(top) <= pick + 3 * se(pick))
    return (
      `On associative recall, ${where}, the runs learned which values occur in a sequence but not yet which key each ` +
      `belongs to: the best, ${top.label}, answers ${percent(acc(top))} of ${formatInteger(answers)} ` +
      `questions (${odds}), so this view cannot tell the kinds apart yet.`
    );
  const points = runs.map((r) => ({ id: r.id, x: r.kvBytesPerToken, y: acc(r), run: r }));
  const best = bestWithin(paretoFrontier(points, 'max'), budgetBytes)?.run ?? null;
  const mha = mhaOf(runs);
  const mhaText =
    mha && mha !== best ? `; MHA, with ${bytes(mha.kvBytesPerToken)}, recalls ${percent(acc(mha))}` : '';
  if (!best)
    return `On associative recall no precomputed run fits in ${bytes(budgetBytes)} per token (${odds}).`;
  // runs that recall clearly less than the top one: the gap is more than three standard errors of each
  const below = runs
    .filter((r) => acc(top) - acc(r) > 3 * (se(acc(top)) + se(acc(r))))
    .sort((a, b) => a.kvBytesPerToken - b.kvBytesPerToken || acc(a) - acc(b));
  // the smallest cache among the runs that are not below: if a run below has a larger cache, the gap
  // is not about cache size
  const good = runs.filter((r) => !below.includes(r));
  const smallestGood = good.reduce((a, r) => (r.kvBytesPerToken < a.kvBytesPerToken ? r : a), top);
  const notSize = below.some((r) => r.kvBytesPerToken > smallestGood.kvBytesPerToken);
  const kindText = !notSize
    ? ''
    : smallestGood === top
      ? ' So here the gap follows the attention kind, not the cache size.'
      : ` ${smallestGood.label} is not below it with only ${bytes(smallestGood.kvBytesPerToken)}, so here the ` +
        `gap follows the attention kind, not the cache size.`;
  const topText =
    notSize && smallestGood === top
      ? `${percent(acc(top))} with only ${bytes(top.kvBytesPerToken)}`
      : percent(acc(top));
  const belowText = below.length
    ? ` ${top.label} recalls the most, ${topText}; more than three standard errors below it: ` +
      `${below.map((r) => `${r.label} (${bytes(r.kvBytesPerToken)}, ${percent(acc(r))})`).join(', ')}.${kindText}`
    : '';
  return (
    `On associative recall, ${where}, the best accuracy with at most ${bytes(budgetBytes)} per token is ` +
    `${best.label}'s ${percent(acc(best))} of ${formatInteger(answers)} answers (±${percent(se(acc(best)))} standard error; ` +
    `${odds})${mhaText}.${belowText}`
  );
}

/** "326K–509K", or one number when all are equal. */
function compactRange(values: readonly number[]): string {
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  return lo === hi ? formatTokensCompact(lo) : `${formatTokensCompact(lo)}–${formatTokensCompact(hi)}`;
}

const TPA_FAMILY: readonly AttentionKind[] = ['tpa', 'tpa-kvonly'];

function paperSentence(m: Manifest, paper: readonly PaperRow[]): string {
  const budgetRuns = [m.quick, m.long, m.extended, m.longest].flatMap((section) => section?.runs ?? []);
  const all = [...m.runs, ...budgetRuns];
  const margins = paper.map((row) => {
    const entries = Object.entries(row.scores) as [AttentionKind, number][];
    const family = Math.max(...entries.filter(([k]) => TPA_FAMILY.includes(k)).map(([, s]) => s));
    const others = Math.max(...entries.filter(([k]) => !TPA_FAMILY.includes(k)).map(([, s]) => s));
    return family - others;
  });
  const wins = margins.filter((d) => d > 0);
  const range = paperSizeRange(paper);
  const claim =
    `The paper trained ${range}-parameter models on about ${formatTokensCompact(PAPER_TRAINING_TOKENS)} tokens; ` +
    `there TPA or TPA-KVonly has the best average downstream accuracy at ${wins.length} of ${paper.length} sizes` +
    (wins.length > 0
      ? `, by ${formatSignificant(Math.min(...wins))}–${formatSignificant(Math.max(...wins))} points.`
      : '.');
  const paramText = compactRange(all.map((r) => r.parameters));
  const mostTokens = Math.max(...all.map((r) => r.tokens));
  const tokenText = compactRange(all.map((r) => r.tokens));
  const longest = Math.max(...all.map((r) => r.wallMs));
  const ours =
    ` These runs have ${paramText} parameters and saw ${tokenText} tokens each (at most ${formatRoughDuration(longest)} of training): ` +
    `at least ${formatTokensCompact(PAPER_TRAINING_TOKENS / mostTokens)} times fewer tokens. They show what each kind's cache ` +
    `costs and how the kinds compare at this size after so few tokens; they cannot confirm or refute the ` +
    `paper's ranking, whose margins are about a point of accuracy at scale.`;
  return claim + ours;
}

export function qualitySummary({
  manifest,
  budgetBytes,
  paper,
  budget = 'full',
}: SummaryInput): QualitySummary {
  return {
    budget: budgetSentence(manifest, budget, budgetBytes),
    recall: recallSentence(manifest, budgetBytes),
    paper: paperSentence(manifest, paper),
  };
}
