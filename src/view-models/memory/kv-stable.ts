import type { PlaygroundConfig } from '../../config';
import { kvComparison } from './kv-comparison';
import type { KvComparison } from './kv-comparison';
import type { CacheChartData, CacheSeries } from './kv-series';
import type { KvRow } from './kv-rows';

/**
 * Structural sharing for the memory panel: a slider tick changes a few numbers of the comparison, and
 * the panel's memoised parts (rows, chart lines, tables) re-render only when their own object changed.
 * Every part of the new comparison that equals the same part of the previous one is replaced by the
 * previous object; equality is by value (the parts are plain data, a few kilobytes at most).
 */

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** `next`'s items, each replaced by the item of `prev` with the same key when equal; `prev` itself when all are. */
function reuseItems<T extends { kind: string }>(prev: readonly T[] | undefined, next: T[]): T[] {
  if (!prev) return next;
  const byKind = new Map(prev.map((item) => [item.kind, item]));
  const out = next.map((item) => {
    const old = byKind.get(item.kind);
    return old && same(old, item) ? old : item;
  });
  const unchanged = out.length === prev.length && out.every((item, i) => item === prev[i]);
  return unchanged ? (prev as T[]) : out;
}

function reuseChart(prev: CacheChartData | undefined, next: CacheChartData): CacheChartData {
  if (!prev) return next;
  const series: CacheSeries[] = reuseItems(prev.series, next.series);
  const budgets = same(prev.budgets, next.budgets) ? prev.budgets : next.budgets;
  const bytesExtent = same(prev.bytesExtent, next.bytesExtent) ? prev.bytesExtent : next.bytesExtent;
  const contexts = same(prev.contexts, next.contexts) ? prev.contexts : next.contexts;
  const chart = { ...next, series, budgets, bytesExtent, contexts };
  const unchanged =
    series === prev.series &&
    budgets === prev.budgets &&
    bytesExtent === prev.bytesExtent &&
    contexts === prev.contexts &&
    next.contextLength === prev.contextLength;
  return unchanged ? prev : chart;
}

/** `next` with every part equal to `prev`'s replaced by `prev`'s object. */
function reuseEqualParts(prev: KvComparison | null, next: KvComparison): KvComparison {
  if (!prev) return next;
  const rows: KvRow[] = reuseItems(prev.rows, next.rows);
  const current = rows.find((r) => r.kind === next.currentKind) ?? next.current;
  const explanation = same(prev.explanation, next.explanation) ? prev.explanation : next.explanation;
  return { ...next, rows, current, chart: reuseChart(prev.chart, next.chart), explanation };
}

/** `kvComparison`, remembering its last result to share the parts that did not change. */
export function createKvComparison(): (config: PlaygroundConfig) => KvComparison {
  let last: KvComparison | null = null;
  return (config) => {
    last = reuseEqualParts(last, kvComparison(config));
    return last;
  };
}
