import type { PlaygroundConfig } from '../../config';
import { BYTES_PER_ELEMENT, kvCacheBytes } from '../../memory';
import type { AttentionKind } from '../../spec';
import { budgetLines } from './kv-budgets';
import type { BudgetLine } from './kv-budgets';
import type { KvRow } from './kv-rows';

/** Context lengths the total-cache chart samples: 2^10 (1K) to 2^20 (1M) tokens, one per power of two. */
export const CHART_CONTEXTS: readonly number[] = Array.from({ length: 11 }, (_, i) => 2 ** (10 + i));

export interface CachePoint {
  tokens: number;
  bytes: number;
}

export interface CacheSeries {
  kind: AttentionKind;
  label: string;
  current: boolean;
  /** total cache (all layers, config.batch sequences, chosen dtype) at each of CHART_CONTEXTS */
  points: CachePoint[];
  /** where the line meets the chosen budget: tokens that fit (may lie outside the chart's range) */
  longestContext: number;
}

export interface CacheChartData {
  contexts: readonly number[];
  series: CacheSeries[];
  budgets: BudgetLine[];
  /** the vertical marker */
  contextLength: number;
  /** smallest and largest byte value the chart must show (every point and every budget line) */
  bytesExtent: [number, number];
}

/** Total cache against context length for every row, plus the budget lines and the extent to draw. */
export function cacheChartData(config: PlaygroundConfig, rows: readonly KvRow[]): CacheChartData {
  const bytesPerElement = BYTES_PER_ELEMENT[config.dtype];
  const { layers, batch } = config;
  const series = rows.map((row) => ({
    kind: row.kind,
    label: row.label,
    current: row.current,
    points: CHART_CONTEXTS.map((tokens) => ({
      tokens,
      bytes: kvCacheBytes(row.attention, { layers, batch, bytesPerElement, tokens }),
    })),
    longestContext: row.longestContextAtBudget,
  }));
  const budgets = budgetLines(config.budgetGB);
  const values = [
    ...series.flatMap((s) => s.points.map((p) => p.bytes)),
    ...budgets.map((b) => b.bytes),
  ].filter((v) => v > 0);
  return {
    contexts: CHART_CONTEXTS,
    series,
    budgets,
    contextLength: config.contextLength,
    bytesExtent: [Math.min(...values), Math.max(...values)],
  };
}
