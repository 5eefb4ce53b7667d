import type { PlaygroundConfig } from '../../config';
import type { AttentionKind } from '../../spec';
import {
  formatBytes,
  formatComparison,
  formatGB,
  formatInteger,
  formatRatio,
  formatTokensCompact,
} from '../format';
import { kvRowOf } from './kv-rows';
import type { KvRow } from './kv-rows';

/** Any kind but MHA, the yardstick every sentence measures against. */
export type ExplainedKind = Exclude<AttentionKind, 'mha'>;

/** Sentences contrasting the two comparisons, written from the numbers of both. */
export interface KvExplanation {
  /** the kind the sentences are about: config.kind, or TPA when MHA (the yardstick) is selected */
  subject: ExplainedKind;
  head: string;
  param: string;
  /** why the two answers differ (or that they agree for this shape) */
  why: string;
}

/** "A", "A and B", "A, B and C". */
function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function headSentence(config: PlaygroundConfig, rows: readonly KvRow[], subject: ExplainedKind): string {
  const s = kvRowOf(rows, subject);
  const mha = kvRowOf(rows, 'mha');
  return (
    `Head-matched: every kind keeps h = ${config.heads} and d_h = ${config.headDim}, so ${s.label} caches ` +
    `${s.formula.filled} elements per token per layer, ` +
    `${formatComparison(s.ratioToMha, `MHA's ${mha.formula.filled}`)}.`
  );
}

function paramSentence(config: PlaygroundConfig, rows: readonly KvRow[], subject: ExplainedKind): string {
  const s = kvRowOf(rows, subject);
  const mha = kvRowOf(rows, 'mha');
  const d = config.dModel;
  const smaller = rows
    .filter((r) => r.kind !== subject && r.kind !== 'mha' && r.elementsPerToken < s.elementsPerToken)
    .sort((a, b) => a.elementsPerToken - b.elementsPerToken);
  const smallest = smaller[0];
  let versusOthers: string;
  if (smallest) {
    const rest = smaller.slice(1).map((r) => `${r.label}'s ${formatInteger(r.elementsPerToken)}`);
    versusOthers =
      `, yet ${formatComparison(s.elementsPerToken / smallest.elementsPerToken, `${smallest.label}'s ${formatInteger(smallest.elementsPerToken)}`)}` +
      (rest.length > 0 ? ` (and larger than ${listOf(rest)})` : '');
  } else {
    versusOthers = ', and no other kind caches less';
  }
  return (
    `Parameter-matched: each kind gets the h that gives about 4d² = 4·${d}² = ${formatInteger(4 * d * d)} ` +
    `attention parameters, so MHA gets h = ${mha.heads} and caches ${formatInteger(mha.elementsPerToken)} elements, while ${s.label} gets h = ${s.heads} and caches ` +
    `${formatInteger(s.elementsPerToken)}: ${formatComparison(s.ratioToMha, "MHA's")}${versusOthers}.`
  );
}

function whySentence(
  headRows: readonly KvRow[],
  paramRows: readonly KvRow[],
  subject: ExplainedKind,
): string {
  const sHead = kvRowOf(headRows, subject);
  const sParam = kvRowOf(paramRows, subject);
  const mhaParam = kvRowOf(paramRows, 'mha');
  const sameHeads = headRows.every((r) => r.heads === kvRowOf(paramRows, r.kind).heads);
  if (sameHeads) {
    return (
      `Here the two comparisons agree: h = ${sHead.heads} already gives every kind about the same attention ` +
      `parameters, so matching parameters changes no head count.`
    );
  }
  const mhaHead = kvRowOf(headRows, 'mha');
  const label = sParam.label;
  const cache = sParam.cacheGrowsWithHeads
    ? `${label}'s cache, ${sParam.formula.symbolic}, depends on h ` +
      `(${formatInteger(sHead.elementsPerToken)} → ${formatInteger(sParam.elementsPerToken)} elements)`
    : `${label}'s cache, ${sParam.formula.symbolic}, does not depend on h`;
  return (
    `The answers differ because each ${label} head costs ${formatInteger(sParam.paramsPerHead)} attention ` +
    `parameters against ${formatInteger(mhaParam.paramsPerHead)} for each MHA head, so at equal parameters ` +
    `${label} runs h = ${sParam.heads} and MHA h = ${mhaParam.heads} instead of both ${sHead.heads}. ` +
    `${cache} while MHA's 2·h·d_h goes from ${formatInteger(mhaHead.elementsPerToken)} to ` +
    `${formatInteger(mhaParam.elementsPerToken)}, so ${label}'s ratio to MHA moves from ` +
    `${formatRatio(sHead.ratioToMha)} to ${formatRatio(sParam.ratioToMha)}.`
  );
}

/** The three sentences: head-matched, parameter-matched, and why they differ. */
export function kvExplanation(
  config: PlaygroundConfig,
  headRows: readonly KvRow[],
  paramRows: readonly KvRow[],
): KvExplanation {
  const subject: ExplainedKind = config.kind === 'mha' ? 'tpa' : config.kind;
  return {
    subject,
    head: headSentence(config, headRows, subject),
    param: paramSentence(config, paramRows, subject),
    why: whySentence(headRows, paramRows, subject),
  };
}

/**
 * One line for the aria-live region, about the selected kind in the selected comparison, e.g.
 * "TPA (h = 34, head-matched): 392 elements per token per layer, 11.1× smaller than MHA; at 32,768 tokens
 * the cache is 308 MB; up to 2.55M tokens fit in 24 GB."
 */
export function kvSummary(config: PlaygroundConfig, rows: readonly KvRow[]): string {
  const s = kvRowOf(rows, config.kind);
  const mode = config.compare === 'head' ? 'head-matched' : 'parameter-matched';
  const versus = s.kind === 'mha' ? 'the MHA baseline' : formatComparison(s.ratioToMha, 'MHA');
  const sequences = config.batch > 1 ? ` × ${formatInteger(config.batch)} sequences` : '';
  const budget = formatGB(config.budgetGB);
  const fits =
    s.longestContextAtBudget > 0
      ? `up to ${formatTokensCompact(s.longestContextAtBudget)} tokens fit in ${budget}`
      : `not one token fits in ${budget}`;
  return (
    `${s.label} (h = ${s.heads}, ${mode}): ${formatInteger(s.elementsPerToken)} elements per token per layer, ` +
    `${versus}; at ${formatInteger(config.contextLength)} tokens${sequences} the cache is ` +
    `${formatBytes(s.totalBytesAtContext)}; ${fits}.`
  );
}
