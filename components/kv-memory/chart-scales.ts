import { scaleLog } from 'd3';
import type { ScaleLogarithmic } from 'd3';
import type { CacheChartData } from '../../src/view-models/memory';
import { formatBytes, formatContextLength } from '../../src/view-models/memory';
import type { ChartMargin, LabelledTicks } from '../chart';

/** Room around the plot for axis labels, in px. */
export const CHART_MARGIN: Readonly<ChartMargin> = { top: 20, right: 12, bottom: 40, left: 60 };

/** Smallest vertical distance between two budget labels, in px. */
const LABEL_GAP = 13;

/**
 * Baselines for labels that sit just above their lines (`lineYs`, any order), pushed down where two
 * would overlap. Returned in the order given.
 */
export function spreadLabels(lineYs: readonly number[], gap: number = LABEL_GAP): number[] {
  const order = lineYs.map((y, i) => ({ y: y - 4, i })).sort((a, b) => a.y - b.y);
  const out = new Array<number>(lineYs.length).fill(0);
  let previous = Number.NEGATIVE_INFINITY;
  for (const item of order) {
    const y = Math.max(item.y, previous + gap);
    out[item.i] = y;
    previous = y;
  }
  return out;
}

export interface CacheChartLayout {
  width: number;
  height: number;
  innerWidth: number;
  innerHeight: number;
  x: ScaleLogarithmic<number, number>;
  y: ScaleLogarithmic<number, number>;
  /** the x axis's ticks (every other sampled context, fewer on a narrow plot) and their labels */
  xAxis: LabelledTicks;
  /** the y axis's ticks (powers of ten) and their labels */
  yAxis: LabelledTicks;
  /** y of each budget line and of its label baseline, in chart.budgets order */
  budgetYs: { line: number; label: number }[];
}

/** Chart height for a width: a little wider than tall, never too flat on a phone or too tall on a monitor. */
export function chartHeight(width: number): number {
  return Math.round(Math.min(380, Math.max(240, width * 0.62)));
}

/** Powers of ten covering [lo, hi], thinned to every k-th decade so at most `maxTicks` remain. */
function decadeTicks(lo: number, hi: number, maxTicks: number): number[] {
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  const decades = last - first;
  const step = Math.max(1, Math.ceil((decades + 1) / Math.max(2, maxTicks)));
  const ticks: number[] = [];
  for (let e = first; e <= last; e += step) ticks.push(10 ** e);
  return ticks;
}

/**
 * D3 scales and tick positions for the total-cache chart: log₂ x over the sampled contexts, log₁₀ y in
 * bytes spanning whole decades around every point and budget line. React draws the marks from these.
 */
export function cacheChartLayout(
  chart: Pick<CacheChartData, 'contexts' | 'bytesExtent' | 'budgets'>,
  width: number,
): CacheChartLayout {
  const height = chartHeight(width);
  const innerWidth = Math.max(40, width - CHART_MARGIN.left - CHART_MARGIN.right);
  const innerHeight = Math.max(40, height - CHART_MARGIN.top - CHART_MARGIN.bottom);
  const firstContext = chart.contexts[0] ?? 1024;
  const lastContext = chart.contexts[chart.contexts.length - 1] ?? 1 << 20;
  const x = scaleLog().base(2).domain([firstContext, lastContext]).range([0, innerWidth]);

  const [minBytes, maxBytes] = chart.bytesExtent;
  const lo = 10 ** Math.floor(Math.log10(minBytes));
  const hi = Math.max(10 ** Math.ceil(Math.log10(maxBytes)), lo * 10);
  const y = scaleLog().domain([lo, hi]).range([innerHeight, 0]);

  const xStep = innerWidth < 300 ? 5 : 2;
  const xAxis = {
    scale: x,
    ticks: chart.contexts.filter((_, i) => i % xStep === 0),
    format: formatContextLength,
  };
  const yAxis = { scale: y, ticks: decadeTicks(lo, hi, Math.floor(innerHeight / 26)), format: formatBytes };
  const lineYs = chart.budgets.map((b) => y(b.bytes));
  const labelYs = spreadLabels(lineYs);
  const budgetYs = lineYs.map((line, i) => ({ line, label: labelYs[i] ?? line }));
  return { width, height, innerWidth, innerHeight, x, y, xAxis, yAxis, budgetYs };
}
