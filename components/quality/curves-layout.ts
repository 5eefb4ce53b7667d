import { line, scaleLinear, scaleLog } from 'd3';
import type { ScaleContinuousNumeric, ScaleLinear } from 'd3';
import type { AttentionKind } from '../../src/spec';
import { formatTokensCompact } from '../../src/view-models/format';
import type { Budget } from '../../src/sweep/protocol';
import type { BudgetFinal, CurvePoint } from '../../src/view-models/quality/budget-curves';
import type { GapCurve } from '../../src/view-models/quality/gap-curves';
import type { LossCurvesView, RunCurve } from '../../src/view-models/quality/loss-curves';
import type { ChartMargin, LabelledTicks } from '../chart';

const CURVES_HEIGHT = 280;
export const CURVES_MARGIN: Readonly<ChartMargin> = { top: 24, right: 16, bottom: 44, left: 52 };

/** Line patterns that tell runs of one kind apart (TPA at three ranks): the n-th run of a kind gets the n-th. */
const DASHES = ['', '7 3', '2 3', '9 3 2 3'] as const;

/** Each run's dash pattern ('' for solid), by id: runs of one kind get different patterns, in view order. */
export function dashesOf(runs: readonly { id: string; kind: AttentionKind }[]): Record<string, string> {
  const seen = new Map<AttentionKind, number>();
  const out: Record<string, string> = {};
  for (const r of runs) {
    const n = seen.get(r.kind) ?? 0;
    seen.set(r.kind, n + 1);
    out[r.id] = DASHES[n % DASHES.length]!;
  }
  return out;
}

/**
 * How the token axis is scaled: log shows every budget (they span three decades); linear gives each step
 * the same width, so the end of the longest runs, where curves level off or turn up, is not squeezed into
 * the last few pixels.
 */
export type TokenScale = 'log' | 'linear';

export interface BudgetRule {
  budget: Budget;
  tokens: number;
  x: number;
  /** the label sits left of the rule when the rule is near the right edge */
  anchor: 'start' | 'end';
  /** the label's line from the top (0, 1, …): a label that would overlap the one before it moves down */
  row: number;
}

/** Height of a row of budget labels, and the room a label's characters take (11 px text). */
export const BUDGET_LABEL_ROW = 12;
const LABEL_CHAR_PX = 6.5;
/** The least room between two labels on a row (the width estimate is an average: bold labels run wider). */
const LABEL_GAP_PX = 10;

export interface MarkPosition {
  id: string;
  budget: Budget;
  tokens: number;
  value: number;
  cx: number;
  cy: number;
}

/** A seed range drawn as an error bar: from the lowest final (y1) to the highest (y2). */
export interface SeedBar {
  id: string;
  budget: Budget;
  cx: number;
  y1: number;
  y2: number;
}

export interface CurvesLayout {
  width: number;
  height: number;
  innerWidth: number;
  innerHeight: number;
  x: ScaleContinuousNumeric<number, number>;
  y: ScaleLinear<number, number>;
  xAxis: LabelledTicks;
  yAxis: LabelledTicks;
  /** tokens at each budget's end, as vertical rules */
  budgets: BudgetRule[];
  /** one path per drawn run (its curve at the curve budget: the longest once trained, else the long one) */
  lines: { id: string; d: string }[];
  /** one path per drawn run trained at the extended budget (its curve there) */
  extendedLines: { id: string; d: string }[];
  /** each drawn run's final at each budget */
  finals: MarkPosition[];
  /** the seed range of each drawn run at each budget it was repeated at */
  bars: SeedBar[];
}

/**
 * The token counts the axis must show: every budget's end and every final (all runs, drawn or not, so the
 * axis stays put as runs toggle), and the curves' ends. Not the curves' first points (step 1, a loss far
 * above the axis, clipped anyway): the axis starts near the shortest budget instead of at one step's
 * tokens, which leaves the training the budgets compare most of the width.
 */
const tokensOf = (view: LossCurvesView) => [
  ...view.budgets.map((b) => b.tokens),
  ...view.runs.flatMap((r) => [
    ...[r.points.at(-1), r.extendedPoints.at(-1)].flatMap((p) => (p ? [p.tokens] : [])),
    ...r.finals.map((f) => f.tokens),
  ]),
];

/**
 * Log-scaled tokens, a fifth of a decade of room either side, ticks at the powers of ten inside; or linear
 * from zero to a little past the last token count, with round ticks.
 */
function tokenAxis(view: LossCurvesView, innerWidth: number, scale: TokenScale) {
  const tokens = tokensOf(view).filter((t) => t > 0);
  const lo = tokens.length ? Math.min(...tokens) : 1_000;
  const hi = tokens.length ? Math.max(...tokens) : 1_000_000;
  let x: ScaleContinuousNumeric<number, number>;
  let ticks: number[];
  if (scale === 'linear') {
    x = scaleLinear()
      .domain([0, hi * 1.04])
      .range([0, innerWidth]);
    ticks = x.ticks(innerWidth < 360 ? 3 : 6).filter((t) => t > 0);
  } else {
    const pad = 10 ** 0.2;
    x = scaleLog()
      .domain([lo / pad, Math.max(hi, lo * 10) * pad])
      .range([0, innerWidth]);
    const [d0, d1] = x.domain() as [number, number];
    ticks = [];
    for (let t = 10 ** Math.ceil(Math.log10(d0)); t <= d1; t *= 10) ticks.push(t);
  }
  const xAxis: LabelledTicks = { scale: x, ticks, format: formatTokensCompact };
  const budgets = labelRows(
    view.budgets.map((b) => {
      const bx = x(b.tokens);
      return {
        budget: b.budget,
        tokens: b.tokens,
        x: bx,
        anchor: bx > innerWidth - 48 ? 'end' : 'start',
      } as const;
    }),
  );
  return { x, xAxis, budgets };
}

/**
 * Puts each budget's label on the first row where it does not overlap a label already there (left to
 * right): budgets a few pixels apart (the long and extended ones on a narrow chart) get a row each.
 */
function labelRows(rules: readonly Omit<BudgetRule, 'row'>[]): BudgetRule[] {
  const rowEnds: number[] = [];
  return rules
    .slice()
    .sort((a, b) => a.x - b.x)
    .map((r) => {
      const w = r.budget.length * LABEL_CHAR_PX + 3;
      const [from, to] = r.anchor === 'start' ? [r.x, r.x + w] : [r.x - w, r.x];
      let row = rowEnds.findIndex((end) => end + LABEL_GAP_PX <= from);
      if (row < 0) row = rowEnds.length;
      rowEnds[row] = to;
      return { ...r, row };
    });
}

function valueAxis(values: readonly number[], innerHeight: number) {
  const finite = values.filter(Number.isFinite);
  const lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 1;
  const pad = Math.max(0.01, (hi - lo) * 0.06);
  const y = scaleLinear()
    .domain([lo - pad, hi + pad])
    .range([innerHeight, 0])
    .nice();
  const yAxis: LabelledTicks = { scale: y, ticks: y.ticks(6), format: y.tickFormat(6) };
  return { y, yAxis };
}

interface Series {
  id: string;
  points: readonly CurvePoint[];
  extendedPoints: readonly CurvePoint[];
  finals: readonly BudgetFinal[];
}

/** The values a series' finals (and their seed ranges) take. */
const finalValues = (s: Series) =>
  s.finals.flatMap((f) => [f.value, f.seeds?.min ?? NaN, f.seeds?.max ?? NaN]);

const seriesValues = (s: Series) => [
  ...s.points.map((p) => p.value),
  ...s.extendedPoints.map((p) => p.value),
  ...finalValues(s),
];

/**
 * `values` is what the y axis spans; curve points outside it leave the plot (the chart clips its lines to
 * the plot area).
 */
function layoutOf(
  view: LossCurvesView,
  drawn: readonly Series[],
  values: readonly number[],
  width: number,
  scale: TokenScale,
) {
  const innerWidth = Math.max(120, width - CURVES_MARGIN.left - CURVES_MARGIN.right);
  const innerHeight = CURVES_HEIGHT - CURVES_MARGIN.top - CURVES_MARGIN.bottom;
  const { x, xAxis, budgets } = tokenAxis(view, innerWidth, scale);
  const { y, yAxis } = valueAxis(values, innerHeight);
  const path = line<CurvePoint>()
    .x((p) => x(p.tokens))
    .y((p) => y(p.value));
  const layout: CurvesLayout = {
    width,
    height: CURVES_HEIGHT,
    innerWidth,
    innerHeight,
    x,
    y,
    xAxis,
    yAxis,
    budgets,
    lines: drawn.map((s) => ({ id: s.id, d: path(s.points.slice()) ?? '' })),
    extendedLines: drawn
      .filter((s) => s.extendedPoints.length > 0)
      .map((s) => ({ id: s.id, d: path(s.extendedPoints.slice()) ?? '' })),
    finals: drawn.flatMap((s) =>
      s.finals.map((f) => ({
        id: s.id,
        budget: f.budget,
        tokens: f.tokens,
        value: f.value,
        cx: x(f.tokens),
        cy: y(f.value),
      })),
    ),
    bars: drawn.flatMap((s) =>
      s.finals.flatMap((f) =>
        f.seeds
          ? [{ id: s.id, budget: f.budget, cx: x(f.tokens), y1: y(f.seeds.min), y2: y(f.seeds.max) }]
          : [],
      ),
    ),
  };
  return layout;
}

/**
 * The loss chart of the drawn runs at a width; the x axis covers every run so it stays put as runs toggle.
 * The y axis spans the drawn runs' finals and whatever their curves reach below the highest final: the
 * first steps (6 nats and more, against finals between 1.5 and 2.5) would squash the part that tells the
 * runs apart into a few pixels, so they come in from the top.
 */
export function lossCurvesLayout(
  view: LossCurvesView,
  drawn: readonly RunCurve[],
  width: number,
  scale: TokenScale = 'log',
): CurvesLayout {
  const finals = drawn.flatMap(finalValues).filter(Number.isFinite);
  const top = finals.length ? Math.max(...finals) : Infinity;
  const values = [...finals, ...drawn.flatMap(seriesValues).filter((v) => v <= top)];
  return layoutOf(view, drawn, values, width, scale);
}

/** The gap chart: the same token axis as the loss chart; y covers the drawn gaps, zero and the seed band. */
export function gapLayout(
  view: LossCurvesView,
  drawn: readonly GapCurve[],
  seedSpread: number | null,
  width: number,
  scale: TokenScale = 'log',
): CurvesLayout {
  const band = seedSpread ?? 0;
  return layoutOf(view, drawn, [...drawn.flatMap(seriesValues), 0, band, -band], width, scale);
}
