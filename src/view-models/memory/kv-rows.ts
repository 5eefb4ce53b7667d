import { comparedAttentions } from '../../config';
import type { CompareMode, PlaygroundConfig } from '../../config';
import {
  BYTES_PER_ELEMENT,
  attentionParamCount,
  cacheFormulaText,
  kvCacheBytes,
  kvCacheElementsPerToken,
  longestContext,
} from '../../memory';
import { KIND_LABELS } from '../../spec';
import type { FormulaText } from '../../memory';
import type { AttentionConfig, AttentionKind } from '../../spec';
import { formatComparison, formatRatio } from '../format';
import { BYTES_PER_GB } from './kv-budgets';

/** One attention kind's KV-cache numbers under the config's shape, as the memory panel shows them. */
export interface KvRow {
  kind: AttentionKind;
  /** display name, e.g. "TPA-KVonly" */
  label: string;
  /** the layer shape compared (heads already parameter-matched in 'param' mode) */
  attention: AttentionConfig;
  /** h: query heads of this kind in this comparison */
  heads: number;
  /** cache elements per token per layer (paper Table 1) */
  elementsPerToken: number;
  /** the cache formula in symbols and with this row's numbers filled in */
  formula: FormulaText;
  /**
   * elementsPerToken divided by the MHA row's of the same comparison. Head-matched this is the paper's
   * same-h ratio; parameter-matched the MHA yardstick has its own (parameter-matched) h too.
   */
  ratioToMha: number;
  /** e.g. "0.0901× MHA" */
  ratioText: string;
  /** e.g. "11.1× smaller than MHA", "1.2× larger than MHA", or "baseline" for MHA itself */
  reductionText: string;
  /** bytes one token of one sequence occupies across all layers at the chosen dtype */
  bytesPerTokenAllLayers: number;
  /** whole cache at config.contextLength tokens × config.batch sequences */
  totalBytesAtContext: number;
  /** longest context (tokens per sequence, batch included) whose cache fits in config.budgetGB */
  longestContextAtBudget: number;
  /** whether totalBytesAtContext fits in the budget */
  fitsAtContext: boolean;
  /** attention parameters of one layer, W_O included (paper Table 1) */
  attentionParams: number;
  /** extra attention parameters one more query head costs (the slope the parameter matching trades on) */
  paramsPerHead: number;
  /** whether this kind's cache grows with h */
  cacheGrowsWithHeads: boolean;
  /** this is config.kind */
  current: boolean;
}

function withHeads(attn: AttentionConfig, heads: number): AttentionConfig {
  return { ...attn, heads };
}

/** Every kind's row, in ATTENTION_KINDS order, for the given comparison mode (default: the config's). */
export function kvRows(config: PlaygroundConfig, compare: CompareMode = config.compare): KvRow[] {
  const attentions = comparedAttentions({ ...config, compare });
  const mha = attentions.find((a) => a.kind === 'mha');
  const mhaElements = mha ? kvCacheElementsPerToken(mha) : Number.NaN;
  const bytesPerElement = BYTES_PER_ELEMENT[config.dtype];
  const { layers, batch, contextLength, dModel } = config;
  const budgetBytes = config.budgetGB * BYTES_PER_GB;

  return attentions.map((attention) => {
    const elementsPerToken = kvCacheElementsPerToken(attention);
    const ratioToMha = elementsPerToken / mhaElements;
    const totalBytesAtContext = kvCacheBytes(attention, {
      layers,
      batch,
      bytesPerElement,
      tokens: contextLength,
    });
    const attentionParams = attentionParamCount(attention, dModel);
    const onceMore = withHeads(attention, attention.heads + 1);
    return {
      kind: attention.kind,
      label: KIND_LABELS[attention.kind],
      attention,
      heads: attention.heads,
      elementsPerToken,
      formula: cacheFormulaText(attention),
      ratioToMha,
      ratioText: `${formatRatio(ratioToMha)} MHA`,
      reductionText: attention.kind === 'mha' ? 'baseline' : formatComparison(ratioToMha, 'MHA'),
      bytesPerTokenAllLayers: kvCacheBytes(attention, { layers, bytesPerElement, batch: 1, tokens: 1 }),
      totalBytesAtContext,
      longestContextAtBudget: longestContext(attention, { layers, batch, bytesPerElement, budgetBytes }),
      fitsAtContext: totalBytesAtContext <= budgetBytes,
      attentionParams,
      paramsPerHead: attentionParamCount(onceMore, dModel) - attentionParams,
      cacheGrowsWithHeads: kvCacheElementsPerToken(onceMore) !== elementsPerToken,
      current: attention.kind === config.kind,
    };
  });
}

/** The row of `kind` (every kind has one). */
export function kvRowOf(rows: readonly KvRow[], kind: AttentionKind): KvRow {
  const row = rows.find((r) => r.kind === kind);
  if (!row) throw new Error(`no KV row for ${kind}`);
  return row;
}
