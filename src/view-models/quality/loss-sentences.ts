/**
 * The loss chart's words: table cells for a curve's flatness, state and lowest point, and the sentences
 * under the chart (whether the curve budget's runs meet the flatness criterion, their lowest points, and
 * what the extended budget's trend predicts), each generated from the manifest's numbers.
 */
import { curveFlatness, FLAT_TOLERANCE, stepsToFlat } from '../../sweep/flatness';
import type { Flatness } from '../../sweep/flatness';
import type { Manifest, ManifestReplica, ManifestRun } from '../../sweep/manifest';
import type { TrainingProtocol } from '../../sweep/protocol';
import { formatInteger, formatSignedNats, formatSignificant, formatTokensCompact } from '../format';
import { curveBudgetOf } from './budget-curves';
import type { CurveBudget } from './budget-curves';
import { BUDGET_NAMES, tokensAt } from './scale';
import { isMha } from './gap-curves';

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

/**
 * "Trained 2× as long as the long budget (…), the last fifth improves validation loss by MHA 0.50% (1.96% at
 * the long budget), …; … the criterion would be met at: MHA: met at the extended budget; TPA …: about
 * 7,600 steps (2.38× the long budget)".
 */
export function extendedSummary(manifest: Manifest): string {
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

export function flatSummary({ budget, section }: CurveBudget): string {
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
export function lowestSummary(
  runs: readonly ManifestRun[],
  protocol: TrainingProtocol,
  replicas: readonly ManifestReplica[] = [],
): string {
  const figures = runs.map((run) => ({ run, f: curveFlatness(run.curve.valid, run.steps) }));
  if (!figures.some(({ f }) => f?.state === 'past-best')) return '';
  const mha = figures.find(({ run }) => isMha(run))?.f ?? null;
  const tokens = protocol.curveEvalBatches * protocol.batch * protocol.contextLength;
  const each = figures.flatMap(({ run, f }) => {
    if (!f) return [];
    const notes = [
      ...(mha && !isMha(run) ? [formatSignedNats(f.lowest.loss - mha.lowest.loss)] : []),
      ...lowestSeedsText(
        f.lowest.loss,
        replicas.filter((r) => r.id === run.id),
      ),
    ];
    return [`${run.label} ${lowestText(f)}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`];
  });
  return (
    `Each run's lowest point on its validation curve (the curve's ${formatInteger(tokens)} validation ` +
    `tokens, every ${formatInteger(curveEvery(runs))} steps)${mha ? " and its gap to MHA's lowest" : ''}: ` +
    `the comparison of runs each trained until it stops improving, where the finals compare runs some of ` +
    `which are past their best. ${each.join('; ')}.`
  );
}

/**
 * "3 seeds: 1.520–1.526": the range of a run's lowest point over its seeds, from the replicas that
 * recorded theirs; nothing when none did.
 */
function lowestSeedsText(own: number, replicas: readonly ManifestReplica[]): string[] {
  const values = [own, ...replicas.flatMap((r) => (r.lowest ? [r.lowest.loss] : []))];
  if (values.length < 2) return [];
  return [`${values.length} seeds: ${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)}`];
}

/** The steps between a run's validation points (the first run's first two after step 1). */
function curveEvery(runs: readonly ManifestRun[]): number {
  const valid = runs[0]?.curve.valid.filter((p) => p.step > 1) ?? [];
  return valid.length >= 2 ? valid[1]!.step - valid[0]!.step : 0;
}
