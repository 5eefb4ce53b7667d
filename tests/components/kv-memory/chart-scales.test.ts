import { describe, expect, it } from 'vitest';
import { cacheChartLayout, chartHeight, spreadLabels } from '../../../components/kv-memory/chart-scales';
import type { CacheChartData } from '../../../src/view-models/memory';
import type { LabelledTicks } from '../../../components/chart';

const labels = (axis: LabelledTicks) => axis.ticks.map((t) => axis.format(t));

function chartWith(bytesExtent: [number, number]): CacheChartData {
  return {
    contexts: [1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288, 1048576],
    series: [],
    budgets: [],
    contextLength: 32768,
    bytesExtent,
  };
}

describe('total-cache chart layout', () => {
  it('x: log₂ from 1K at the left edge to 1M at the right, labelled in binary shorthand', () => {
    const layout = cacheChartLayout(chartWith([3e6, 1.1e11]), 640);
    expect(layout.x(1024)).toBeCloseTo(0, 9);
    expect(layout.x(1 << 20)).toBeCloseTo(layout.innerWidth, 9);
    // 32K is 5 of the 10 doublings from 1K to 1M: the middle
    expect(layout.x(32768)).toBeCloseTo(layout.innerWidth / 2, 9);
    expect(labels(layout.xAxis)).toEqual(['1K', '4K', '16K', '64K', '256K', '1M']);
    // a phone-sized plot keeps three labels
    expect(labels(cacheChartLayout(chartWith([3e6, 1.1e11]), 320).xAxis)).toEqual(['1K', '32K', '1M']);
  });

  it('y: whole decades around the data, ticks at powers of ten with byte units', () => {
    // 3 MB … 110 GB → 1 MB … 1 TB
    const layout = cacheChartLayout(chartWith([3e6, 1.1e11]), 1000);
    expect(layout.y.domain()).toEqual([1e6, 1e12]);
    expect(layout.y(1e6)).toBeCloseTo(layout.innerHeight, 9);
    expect(layout.y(1e12)).toBeCloseTo(0, 9);
    expect(labels(layout.yAxis)).toEqual(['1 MB', '10 MB', '100 MB', '1 GB', '10 GB', '100 GB', '1 TB']);
  });

  it('thins y ticks when many decades share a short axis', () => {
    // 2 KB … 2 EB spans 16 decades
    const layout = cacheChartLayout(chartWith([2e3, 2e18]), 360);
    expect(layout.yAxis.ticks.length).toBeLessThanOrEqual(Math.floor(layout.innerHeight / 26));
    const exponents = layout.yAxis.ticks.map((t) => Math.round(Math.log10(t)));
    const steps = new Set(exponents.slice(1).map((e, i) => e - exponents[i]!));
    expect(steps.size).toBe(1);
  });

  it('height stays between 240 and 380 px', () => {
    expect(chartHeight(300)).toBe(240);
    expect(chartHeight(500)).toBe(310);
    expect(chartHeight(2000)).toBe(380);
  });

  it('spreads budget labels so none overlap, and leaves far-apart ones alone', () => {
    expect(spreadLabels([100, 50])).toEqual([96, 46]);
    const ys = spreadLabels([60, 66, 70]);
    expect(ys[0]).toBe(56);
    expect(ys[1]! - ys[0]!).toBeGreaterThanOrEqual(13);
    expect(ys[2]! - ys[1]!).toBeGreaterThanOrEqual(13);
  });
});
