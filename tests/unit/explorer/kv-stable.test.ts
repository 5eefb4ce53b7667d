import { describe, expect, it } from 'vitest';
import { createKvComparison, kvComparison } from '../../../src/view-models/memory';
import { T6_SMALL } from './t6-small';

// The memory panel re-renders only the parts whose objects changed: the memoising comparison must hand
// back the previous object for every part that is equal, and a new one for every part that is not.

describe('createKvComparison shares the unchanged parts between slider ticks', () => {
  it('gives back the same objects when nothing changed, and equal numbers to kvComparison', () => {
    const compare = createKvComparison();
    const first = compare(T6_SMALL);
    const again = compare({ ...T6_SMALL });
    expect(first).toEqual(kvComparison(T6_SMALL));
    expect(again.rows).toBe(first.rows);
    expect(again.chart).toBe(first.chart);
    expect(again.explanation).toBe(first.explanation);
  });

  it('a context-length tick keeps the chart lines and budgets, renews the rows (totals at T change)', () => {
    const compare = createKvComparison();
    const first = compare(T6_SMALL);
    const next = compare({ ...T6_SMALL, contextLength: T6_SMALL.contextLength * 2 });
    expect(next).toEqual(kvComparison({ ...T6_SMALL, contextLength: T6_SMALL.contextLength * 2 }));
    expect(next.chart.series).toBe(first.chart.series);
    expect(next.chart.budgets).toBe(first.chart.budgets);
    expect(next.chart).not.toBe(first.chart);
    expect(next.chart.contextLength).toBe(T6_SMALL.contextLength * 2);
    for (const [i, row] of next.rows.entries()) expect(row).not.toBe(first.rows[i]);
  });

  it('a TPA rank tick renews the TPA rows and lines only', () => {
    const compare = createKvComparison();
    const first = compare(T6_SMALL);
    const config = { ...T6_SMALL, rankK: T6_SMALL.rankK + 1 };
    const next = compare(config);
    expect(next).toEqual(kvComparison(config));
    const changed = next.rows.filter((row, i) => row !== first.rows[i]).map((r) => r.kind);
    expect(changed.sort()).toEqual(['tpa', 'tpa-kvonly']);
    const lines = next.chart.series.filter((s, i) => s !== first.chart.series[i]).map((s) => s.kind);
    expect(lines.sort()).toEqual(['tpa', 'tpa-kvonly']);
    expect(next.current).toBe(next.rows.find((r) => r.kind === config.kind));
  });
});
