import { attentionOf } from '../../config';
import type { PlaygroundConfig } from '../../config';
import { kvComparison, kvRows, kvRowOf } from '../memory';
import type { KvExplanation, KvRow } from '../memory';
import { BYTES_PER_ELEMENT, DTYPE_LABELS, kvCacheElementsPerToken } from '../../memory';

/**
 * Every number the article prints, from the config through src/explorer and src/memory. The article is
 * written head-matched (every kind with the config's h and d_h), as the paper's "same shape" argument is;
 * the fairness section brings in the parameter-matched view through `explanation`.
 */
export interface ArticleNumbers {
  config: PlaygroundConfig;
  mha: KvRow;
  mqa: KvRow;
  gqa: KvRow;
  mla: KvRow;
  tpaKvOnly: KvRow;
  tpa: KvRow;
  bytesPerElement: number;
  dtypeLabel: string;
  /** cache elements per token per layer that one more key rank (R_K + 1) adds to TPA: h + d_h */
  perExtraRank: number;
  explanation: KvExplanation;
}

export function articleNumbers(config: PlaygroundConfig): ArticleNumbers {
  const rows = kvRows(config, 'head');
  const tpaAttention = attentionOf(config, 'tpa');
  const oneMoreRank = attentionOf({ ...config, rankK: config.rankK + 1 }, 'tpa');
  return {
    config,
    mha: kvRowOf(rows, 'mha'),
    mqa: kvRowOf(rows, 'mqa'),
    gqa: kvRowOf(rows, 'gqa'),
    mla: kvRowOf(rows, 'mla'),
    tpaKvOnly: kvRowOf(rows, 'tpa-kvonly'),
    tpa: kvRowOf(rows, 'tpa'),
    bytesPerElement: BYTES_PER_ELEMENT[config.dtype],
    dtypeLabel: DTYPE_LABELS[config.dtype],
    perExtraRank: kvCacheElementsPerToken(oneMoreRank) - kvCacheElementsPerToken(tpaAttention),
    explanation: kvComparison(config).explanation,
  };
}

/** A filled formula ("2·34·64 = 4352") as TeX ("2\cdot 34\cdot 64 = 4352"). */
export function filledTex(filled: string): string {
  return filled.replace(/·/g, '\\cdot ');
}

/** A formatted number ("32,768") as TeX, where a bare comma would add a space after it. */
export function texNumber(formatted: string): string {
  return formatted.replace(/,/g, '{,}');
}
