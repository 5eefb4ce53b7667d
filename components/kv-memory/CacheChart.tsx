import { memo, useMemo } from 'react';
import { line } from 'd3';
import type { BudgetLine, CacheChartData, CachePoint, CacheSeries } from '../../src/view-models/memory';
import { formatGB, formatInteger, formatTokensCompact } from '../../src/view-models/memory';
import { KIND_COLOR_VAR } from '../../src/styles/kind-colors';
import { AxisBottom, AxisLeft, ChartFrame, GridLines, useMeasuredWidth } from '../chart';
import { CHART_MARGIN, cacheChartLayout } from './chart-scales';
import type { CacheChartLayout } from './chart-scales';

interface CacheChartProps {
  chart: CacheChartData;
  /** id of the table that carries the same numbers (the chart's text alternative) */
  tableId: string;
}

/** Width used until the container has been measured (and in jsdom); the viewBox scales it. */
const FALLBACK_WIDTH = 640;

interface ChartPlotProps {
  layout: CacheChartLayout;
  series: readonly CacheSeries[];
  budgets: readonly BudgetLine[];
}

/**
 * Grid, axes, budget lines and one line per kind: memoised on the layout and the
 * series, so a tick that moves only the context marker does not lay them out again.
 */
const ChartPlot = memo(function ChartPlot({ layout, series, budgets }: ChartPlotProps) {
  const { x, y, innerWidth, innerHeight } = layout;
  const paths = useMemo(() => {
    const toPath = line<CachePoint>()
      .x((p) => x(p.tokens))
      .y((p) => y(p.bytes));
    return series.map((s) => ({ series: s, d: toPath(s.points) ?? '' }));
  }, [series, x, y]);
  // the current kind's line is drawn last so it sits on top
  const ordered = [...paths.filter((p) => !p.series.current), ...paths.filter((p) => p.series.current)];
  return (
    <>
      <GridLines
        className="kv-chart__grid"
        width={innerWidth}
        height={innerHeight}
        y={layout.yAxis}
        x={layout.xAxis}
      />
      <AxisLeft className="kv-chart__axis kv-chart__axis--y" {...layout.yAxis} />
      <AxisBottom
        className="kv-chart__axis kv-chart__axis--x"
        {...layout.xAxis}
        y={innerHeight}
        lineLength={innerWidth}
      >
        <text className="kv-chart__axis-title" x={innerWidth} y={34} textAnchor="end">
          context length (tokens, 1K = 1,024)
        </text>
      </AxisBottom>

      {budgets.map((b, i) => (
        <g
          key={b.gb}
          className={b.chosen ? 'kv-chart__budget kv-chart__budget--chosen' : 'kv-chart__budget'}
          data-testid="kv-budget-line"
          data-gb={b.gb}
          data-chosen={b.chosen}
        >
          <line x1={0} x2={innerWidth} y1={layout.budgetYs[i]?.line} y2={layout.budgetYs[i]?.line} />
          <text x={4} y={layout.budgetYs[i]?.label}>
            {b.label}
          </text>
        </g>
      ))}

      <g className="kv-chart__lines">
        {ordered.map(({ series: s, d }) => (
          <path
            key={s.kind}
            d={d}
            data-kind={s.kind}
            data-current={s.current}
            className={s.current ? 'kv-chart__line kv-chart__line--current' : 'kv-chart__line'}
            style={{ stroke: KIND_COLOR_VAR[s.kind] }}
          />
        ))}
      </g>
    </>
  );
});

/** Per kind, a dot where its line crosses the chosen budget; memoised like ChartPlot. */
const FitPoints = memo(function FitPoints({ layout, series, budgets }: ChartPlotProps) {
  const { x, y } = layout;
  const [xMin, xMax] = x.domain() as [number, number];
  const chosen = budgets.find((b) => b.chosen);
  const crossings = chosen ? series.filter((s) => s.longestContext >= xMin && s.longestContext <= xMax) : [];
  return (
    <>
      {chosen &&
        crossings.map((s) => (
          <circle
            key={s.kind}
            className="kv-chart__fit"
            data-testid="kv-fit-point"
            data-kind={s.kind}
            data-value={s.longestContext}
            cx={x(s.longestContext)}
            cy={y(chosen.bytes)}
            r={s.current ? 5 : 3.5}
            style={{ fill: KIND_COLOR_VAR[s.kind] }}
          >
            <title>{`${s.label}: up to ${formatTokensCompact(s.longestContext)} tokens fit in ${formatGB(chosen.gb)}`}</title>
          </circle>
        ))}
    </>
  );
});

/** The colour key, memoised on the series. */
const Legend = memo(function Legend({ series }: { series: readonly CacheSeries[] }) {
  return (
    <ul className="kv-legend" aria-label="Line colours">
      {series.map((s) => (
        <li
          key={s.kind}
          className={s.current ? 'kv-legend__item kv-legend__item--current' : 'kv-legend__item'}
        >
          <svg className="kv-legend__swatch" viewBox="0 0 28 8" aria-hidden="true">
            <line
              x1={2}
              x2={26}
              y1={4}
              y2={4}
              data-kind={s.kind}
              className={s.current ? 'kv-chart__line kv-chart__line--current' : 'kv-chart__line'}
              style={{ stroke: KIND_COLOR_VAR[s.kind] }}
            />
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
});

/**
 * Total KV cache against context length, log-log: one line per kind, the budget lines, the current context
 * as a vertical marker and, per kind, a dot where its line crosses the chosen budget. D3 computes scales,
 * ticks and path strings; React renders every element. The plot is laid out again only when the series,
 * the budgets or the width changed (a context-length tick moves the marker alone).
 */
export function CacheChart({ chart, tableId }: CacheChartProps) {
  const [frameRef, width] = useMeasuredWidth<HTMLDivElement>(FALLBACK_WIDTH);
  const { contexts, bytesExtent, budgets, series } = chart;
  const layout = useMemo(
    () => cacheChartLayout({ contexts, bytesExtent, budgets }, width),
    [contexts, bytesExtent, budgets, width],
  );
  const { x, innerWidth, innerHeight } = layout;
  const [xMin, xMax] = x.domain() as [number, number];
  const markerTokens = Math.min(xMax, Math.max(xMin, chart.contextLength));
  const markerX = x(markerTokens);

  return (
    <div ref={frameRef} className="kv-chart">
      <ChartFrame
        className="kv-chart__svg"
        width={layout.width}
        height={layout.height}
        margin={CHART_MARGIN}
        title="Total KV cache in bytes against context length, log scales, for every attention kind"
        aria-describedby={tableId}
        data-testid="kv-total-chart"
      >
        <ChartPlot layout={layout} series={series} budgets={budgets} />
        <g className="kv-chart__marker" data-testid="kv-context-marker" data-value={chart.contextLength}>
          <line x1={markerX} x2={markerX} y1={0} y2={innerHeight} />
          <text
            x={markerX}
            y={-6}
            textAnchor={markerX > innerWidth / 2 ? 'end' : 'start'}
          >{`T = ${formatInteger(chart.contextLength)}`}</text>
        </g>
        <FitPoints layout={layout} series={series} budgets={budgets} />
      </ChartFrame>
      <Legend series={series} />
    </div>
  );
}
