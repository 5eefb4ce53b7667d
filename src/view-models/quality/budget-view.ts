/**
 * The token budgets the corpus Pareto chart can show (quick, full, long, extended, longest): what each offers, what
 * the chart's note says about the chosen one, and which budget a live run that starts belongs on.
 */
import { sectionOf } from '../../sweep/live-runs';
import type { Manifest } from '../../sweep/manifest';
import type { Budget } from '../../sweep/protocol';
import { formatInteger, formatSignificant, formatTokensCompact } from '../format';
import { BUDGET_NAMES, runTokens, scaleText, stepsText } from './scale';

/** The command that trains a budget's section into the manifest (notes show it as code). */
export const pretrainCommand = (budget: Budget) =>
  budget === 'full' ? 'npm run pretrain' : `PRETRAIN_PART=${budget} npm run pretrain`;

/** Budgets too long to offer for live re-runs in the page. */
export const offeredLive = (budget: Budget) => budget === 'full' || budget === 'quick';

/** The switch's order: fewest tokens first, as the budgets are defined (a trial manifest may differ). */
const SWITCH_BUDGETS: readonly Budget[] = ['quick', 'full', 'long', 'extended', 'longest'];

export interface BudgetOption {
  readonly budget: Budget;
  /** "quick", "full", "long", "extended", "longest" */
  readonly label: string;
  /** tokens per corpus run at this budget */
  readonly tokens: number;
  /** "24.6K tokens", or "not trained yet" */
  readonly hint: string;
  /** the manifest holds this budget's corpus runs */
  readonly available: boolean;
}

export function budgetOptions(manifest: Manifest): BudgetOption[] {
  return SWITCH_BUDGETS.map((budget) => {
    const section = sectionOf(manifest, budget);
    const tokens = runTokens(section.protocolOf('corpus'));
    const available = section.runs.some((r) => r.task === 'corpus');
    return {
      budget,
      label: budget,
      tokens,
      hint: available ? `${formatTokensCompact(tokens)} tokens` : 'not trained yet',
      available,
    };
  });
}

function why(manifest: Manifest, budget: Budget): string {
  switch (budget) {
    case 'quick':
      return 'A live re-run at this budget takes seconds instead of minutes, so a run trained here can be checked against its precomputed value.';
    case 'full':
      return 'The sweep shipped with the playground: every kind, head- and parameter-matched, TPA at several ranks.';
    case 'long': {
      const times =
        runTokens(sectionOf(manifest, 'long').protocolOf('corpus')) / runTokens(manifest.protocols.corpus);
      return (
        `The head-matched runs again with ${formatSignificant(times)}× the full budget's tokens, to see whether ` +
        'their validation curves flatten and how the gap to MHA moves (the charts below); not offered for live re-runs.'
      );
    }
    case 'extended': {
      const times =
        runTokens(sectionOf(manifest, 'extended').protocolOf('corpus')) /
        runTokens(sectionOf(manifest, 'long').protocolOf('corpus'));
      return (
        `MHA and the default TPA only, with ${formatSignificant(times)}× the long budget's tokens: one more ` +
        'point on the gap against training, and how much flatter the curves get (the charts below); not offered for live re-runs.'
      );
    }
    case 'longest': {
      const times =
        runTokens(sectionOf(manifest, 'longest').protocolOf('corpus')) /
        runTokens(sectionOf(manifest, 'long').protocolOf('corpus'));
      return (
        `The long budget's runs and seeds with ${formatSignificant(times)}× its tokens, to see where each ` +
        'validation curve levels off or turns up (the charts below); not offered for live re-runs.'
      );
    }
  }
}

/** What the chosen budget is, from the manifest: its runs, protocol and scale, and why it exists. */
export function budgetNote(manifest: Manifest, budget: Budget): string {
  const section = sectionOf(manifest, budget);
  const p = section.protocolOf('corpus');
  const runs = section.runs.filter((r) => r.task === 'corpus');
  const what = `${stepsText(p, 'corpus')} (${formatInteger(runTokens(p))} tokens per run)`;
  if (runs.length === 0)
    return (
      `The ${BUDGET_NAMES[budget]}, ${what}, has not been trained yet: ` +
      `${pretrainCommand(budget)} adds it to the precomputed results.`
    );
  return (
    `${BUDGET_NAMES[budget][0]!.toUpperCase()}${BUDGET_NAMES[budget].slice(1)}: ${runs.length} corpus runs ` +
    `at ${scaleText(runs)}, each ${what}, seed ${p.seed}, peak learning rate ${p.learningRate}. ${why(manifest, budget)}`
  );
}

/**
 * The budget whose chart a live run belongs on, from its key ("quick:corpus-mha-h4"): a quick run (the
 * quick budget is corpus only), or a full-budget run of a corpus run of the sweep; null for anything else
 * (recall runs, models of the reader's own at the full budget, whose task the key does not say).
 */
export function chartBudgetOfJob(manifest: Manifest, key: string): Budget | null {
  const at = key.indexOf(':');
  const budget = key.slice(0, at);
  const id = key.slice(at + 1);
  if (budget === 'quick') return 'quick';
  if (budget === 'full' && manifest.runs.some((r) => r.id === id && r.task === 'corpus')) return 'full';
  return null;
}
