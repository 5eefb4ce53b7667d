import type { CompareMode, PlaygroundConfig } from '../../config';
import type { AttentionKind } from '../../spec';
import { kvExplanation, kvSummary } from './kv-explanation';
import type { KvExplanation } from './kv-explanation';
import { kvRows, kvRowOf } from './kv-rows';
import type { KvRow } from './kv-rows';
import { cacheChartData } from './kv-series';
import type { CacheChartData } from './kv-series';

/** Everything the KV memory panel shows, derived from the config alone. No DOM, no React. */
export interface KvComparison {
  compare: CompareMode;
  currentKind: AttentionKind;
  /** every kind in ATTENTION_KINDS order, under the config's comparison mode */
  rows: KvRow[];
  /** the row of config.kind */
  current: KvRow;
  /** largest elementsPerToken of all rows: the shared bar scale's upper end */
  maxElementsPerToken: number;
  /** total cache against context length, budget lines, the context marker */
  chart: CacheChartData;
  /** head-matched vs parameter-matched, from the numbers of both */
  explanation: KvExplanation;
  /** one line for the aria-live region */
  summary: string;
}

export function kvComparison(config: PlaygroundConfig): KvComparison {
  const headRows = kvRows(config, 'head');
  const paramRows = kvRows(config, 'param');
  const rows = config.compare === 'param' ? paramRows : headRows;
  return {
    compare: config.compare,
    currentKind: config.kind,
    rows,
    current: kvRowOf(rows, config.kind),
    maxElementsPerToken: Math.max(...rows.map((r) => r.elementsPerToken)),
    chart: cacheChartData(config, rows),
    explanation: kvExplanation(config, headRows, paramRows),
    summary: kvSummary(config, rows),
  };
}
