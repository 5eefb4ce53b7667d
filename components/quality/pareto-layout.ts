import { curveStepAfter, Delaunay, line, scaleLinear } from 'd3';
import type { ScaleLinear } from 'd3';
import type { QualityChartView } from '../../src/view-models/quality/quality-view';
import type { ChartMargin, LabelledTicks } from '../chart';
import { verdictText } from '../../src/view-models/quality/live-view';

const PARETO_HEIGHT = 300;
export const PARETO_MARGIN: Readonly<ChartMargin> = { top: 24, right: 16, bottom: 44, left: 52 };

export interface ParetoLayout {
  width: number;
  height: number;
  innerWidth: number;
  innerHeight: number;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** the x axis's ticks and labels (whole bytes) */
  xAxis: LabelledTicks;
  /** the y axis's ticks and labels (percent for a goal of 1) */
  yAxis: LabelledTicks;
  /** the frontier as a staircase, carried on to the right edge (a bigger budget keeps the best) */
  frontierPath: string;
  /**
   * Per run (view order): its position and its hover/click area, the run's Voronoi cell (every spot of
   * the plot belongs to the nearest point, so overlapping marks stay reachable), drawn clipped to a
   * circle of HIT_RADIUS around the point.
   */
  points: { cx: number; cy: number; cell: string }[];
  /** per run (view order): where its live run landed, or null */
  livePoints: ({ cx: number; cy: number } | null)[];
  /** per model of the reader's own trained live (view order): where it landed */
  yourPoints: { cx: number; cy: number }[];
}

/** How far from a point (px) a hover or click still reaches it. */
export const HIT_RADIUS = 18;

const circlePath = (cx: number, cy: number, r: number) =>
  `M${cx - r},${cy}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0Z`;

const BYTES = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Scales, ticks and the frontier path of a chart at a given width. D3 only computes; React draws. */
function paretoLayout(view: QualityChartView, width: number): ParetoLayout {
  const innerWidth = Math.max(120, width - PARETO_MARGIN.left - PARETO_MARGIN.right);
  const innerHeight = PARETO_HEIGHT - PARETO_MARGIN.top - PARETO_MARGIN.bottom;
  const xs = [...view.runs.map((r) => r.x), ...view.yours.map((r) => r.x), view.live.x];
  const x = scaleLinear()
    .domain([0, Math.max(1, ...xs) * 1.08])
    .range([0, innerWidth])
    .nice();
  const ys = [...view.runs.flatMap((r) => [r.y, r.liveY ?? NaN]), ...view.yours.map((r) => r.y)].filter(
    Number.isFinite,
  );
  let y: ScaleLinear<number, number>;
  if (view.goal === 'max') {
    y = scaleLinear().domain([0, 1]).range([innerHeight, 0]);
  } else {
    const lo = ys.length ? Math.min(...ys) : 0;
    const hi = ys.length ? Math.max(...ys) : 1;
    const pad = Math.max(0.02, (hi - lo) * 0.12);
    y = scaleLinear()
      .domain([lo - pad, hi + pad])
      .range([innerHeight, 0])
      .nice();
  }
  const [, xEnd] = x.domain() as [number, number];
  const stairs = view.frontier.map((r) => [x(r.x), y(r.y)] as [number, number]);
  const last = stairs.at(-1);
  if (last) stairs.push([x(xEnd), last[1]]);
  const frontierPath = line().curve(curveStepAfter)(stairs) ?? '';
  const xAxis = {
    scale: x,
    ticks: x.ticks(Math.max(2, Math.floor(innerWidth / 90))),
    format: (v: number) => BYTES.format(v),
  };
  const yFormat = view.goal === 'max' ? (v: number) => `${Math.round(v * 100)}%` : y.tickFormat(6);
  const yAxis = { scale: y, ticks: y.ticks(6), format: yFormat };
  const centres = view.runs.map((r) => ({ cx: x(r.x), cy: y(r.y) }));
  const voronoi = Delaunay.from(
    centres,
    (p) => p.cx,
    (p) => p.cy,
  ).voronoi([-HIT_RADIUS, -HIT_RADIUS, innerWidth + HIT_RADIUS, innerHeight + HIT_RADIUS]);
  // a point that coincides with another has no cell of its own: it keeps a plain circle
  const points = centres.map((c, i) => ({ ...c, cell: voronoi.renderCell(i) || circlePath(c.cx, c.cy, 6) }));
  return {
    width,
    height: PARETO_HEIGHT,
    innerWidth,
    innerHeight,
    x,
    y,
    xAxis,
    yAxis,
    frontierPath,
    points,
    livePoints: view.runs.map((r) =>
      r.liveY !== null && Number.isFinite(r.liveY) ? { cx: x(r.x), cy: y(r.liveY) } : null,
    ),
    yourPoints: view.yours.map((r) => ({ cx: x(r.x), cy: y(r.y) })),
  };
}

/** The live marker's x in `layout`'s plot, clamped into it. */
export function liveMarkerX(layout: ParetoLayout, bytesPerToken: number): number {
  return Math.min(layout.innerWidth, Math.max(0, layout.x(bytesPerToken)));
}

/**
 * Everything the chart draws apart from the live marker, as a string: two views with the same key
 * draw the same points, frontier, axes and hit areas. The live marker's bytes enter only through the
 * x axis's extent, which they widen when they lie beyond every run.
 */
function paretoPlotKey(view: QualityChartView, width: number): string {
  return JSON.stringify([
    width,
    view.id,
    view.goal,
    view.yLabel,
    view.baselines,
    Math.max(0, ...view.runs.map((r) => r.x), ...view.yours.map((r) => r.x), view.live.x),
    // what a point's mark, position and words (format.ts pointDescription) are made of
    view.runs.map((r) => [
      r.id,
      r.label,
      r.kind,
      r.matching,
      r.x,
      r.y,
      r.parameters,
      r.onFrontier,
      r.current,
      r.liveY,
      r.live ? [r.live.live.backend, verdictText(r.live)] : null,
    ]),
    view.frontier.map((r) => r.id),
    view.yours.map((r) => [r.key, r.kind, r.x, r.y, r.current]),
  ]);
}

/** A chart's view and its layout, kept together while what they draw stays the same. */
export interface ParetoPlot {
  view: QualityChartView;
  layout: ParetoLayout;
}

/**
 * `paretoLayout`, remembering its last result: while the key above is unchanged (a slider that moves
 * only the live marker, or nothing the chart shows) it returns the same object, holding the view it
 * was laid out for, so that the chart's memoised parts do not re-render and nothing is laid out again.
 */
export function createParetoPlot(): (view: QualityChartView, width: number) => ParetoPlot {
  let last: { key: string; plot: ParetoPlot } | null = null;
  return (view, width) => {
    const key = paretoPlotKey(view, width);
    if (last?.key !== key) last = { key, plot: { view, layout: paretoLayout(view, width) } };
    return last.plot;
  };
}

/** A generous width of one character of the chart's 11 px bold labels, px. */
const LABEL_CHAR_PX = 6.6;

/**
 * Where the live marker's label goes: beside the marker, on the side with more room, when it fits there;
 * otherwise (a phone) under the chart, so it is never cut off.
 */
export function liveLabelPlacement(
  liveX: number,
  innerWidth: number,
  text: string,
): { side: 'left' | 'right'; fits: boolean } {
  const side = liveX > innerWidth / 2 ? 'left' : 'right';
  const room = side === 'left' ? liveX : innerWidth - liveX;
  return { side, fits: text.length * LABEL_CHAR_PX + 8 <= room };
}
