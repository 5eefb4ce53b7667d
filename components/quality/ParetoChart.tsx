import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { KIND_COLOR_VAR } from '../../src/styles/kind-colors';
import type { QualityChartView, QualityRunView } from '../../src/view-models/quality/quality-view';
import { AxisBottom, AxisLeft, ChartFrame, GridLines, useMeasuredWidth, useSvgId } from '../chart';
import { formatBytesPerToken, formatY, pointDescription } from './format';
import {
  createParetoPlot,
  HIT_RADIUS,
  liveLabelPlacement,
  liveMarkerX,
  PARETO_MARGIN,
} from './pareto-layout';
import type { ParetoPlot } from './pareto-layout';
import { RunDetails } from './RunDetails';

interface ParetoChartProps {
  view: QualityChartView;
  /** id of the table with the same numbers (the chart's text alternative) */
  tableId: string;
  onLoad: (patch: Partial<PlaygroundConfig>) => void;
  /** trains the run again in this browser (absent: no re-run offered) */
  onRerun?: (run: QualityRunView) => void;
  /** a live run is in progress: no other can start */
  busy?: boolean;
}

/** A diamond of half-diagonal r around the origin: the mark of a run trained live. */
const diamond = (r: number) => `M0,${-r}L${r},0L0,${r}L${-r},0Z`;

const FALLBACK_WIDTH = 640;

/**
 * Quality against KV-cache bytes per token: one point per precomputed run (filled = head-matched,
 * hollow = parameter-matched only), the Pareto frontier as a staircase, and the reader's configuration
 * as a vertical marker (its quality is unknown until it is trained). Hover or focus a point for its
 * details; click or Enter loads it. Marks are drawn under a layer of hit areas (each point's Voronoi
 * cell near it), so a point hidden under a neighbour is still reachable. D3 computes scales, paths and
 * cells; React renders every element. A run trained live in this browser is a hollow diamond where it
 * landed, joined to its precomputed point; R on a focused point (or the button in its details) re-runs it.
 * A model of the reader's own trained live is a filled diamond (listed, with its numbers, in the live
 * results table).
 */
export function ParetoChart({ view, tableId, onLoad, onRerun, busy = false }: ParetoChartProps) {
  const [frameRef, width] = useMeasuredWidth<HTMLDivElement>(FALLBACK_WIDTH);
  const [plots] = useState(createParetoPlot);
  const plot = useMemo(() => plots(view, width), [plots, view, width]);
  const { layout } = plot;
  const [activeId, setActiveId] = useState<string | null>(null);
  const active = view.runs.find((r) => r.id === activeId) ?? null;
  const { x, y, innerWidth, innerHeight } = layout;
  // the hit areas are memoised: their handlers reach the latest callbacks through a ref
  const latest = useRef({ onLoad, onRerun, busy });
  useEffect(() => {
    latest.current = { onLoad, onRerun, busy };
  });
  const actions = useMemo<PointActions>(
    () => ({
      activate: (id) => setActiveId(id),
      release: (id) => setActiveId((current) => (current === id ? null : current)),
      load: (run) => latest.current.onLoad(run.patch),
      key: (event, run) => {
        const { onLoad: load, onRerun: rerun, busy: running } = latest.current;
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          load(run.patch);
        } else if ((event.key === 'r' || event.key === 'R') && rerun && !running) {
          event.preventDefault();
          rerun(run);
        }
      },
    }),
    [],
  );
  const clipId = useSvgId('hit');
  const liveText = view.live.trained
    ? `your configuration: ${formatBytesPerToken(view.live.x)}, precomputed ${formatY(view, view.live.trained.y)}`
    : view.live.liveY !== null
      ? `your configuration: ${formatBytesPerToken(view.live.x)}, trained live ${formatY(view, view.live.liveY)}`
      : `your configuration: ${formatBytesPerToken(view.live.x)} (not trained)`;
  const liveX = liveMarkerX(layout, view.live.x);
  const label = liveLabelPlacement(liveX, innerWidth, liveText);
  const liveRight = label.side === 'left';
  // details open on the side of the point with more room
  const tooltipLeft = active !== null && x(active.x) > innerWidth / 2;

  return (
    <div ref={frameRef} className="quality-chart" onMouseLeave={() => setActiveId(null)}>
      <ChartFrame
        className="quality-chart__svg"
        width={layout.width}
        height={layout.height}
        margin={PARETO_MARGIN}
        title={`${view.yLabel} against KV-cache bytes per token, one point per precomputed run, with the Pareto frontier`}
        role="group"
        aria-describedby={tableId}
        data-testid={`pareto-chart-${view.id}`}
      >
        <PlotUnder plot={plot} />

        <g
          className="quality-chart__live"
          data-testid={`pareto-live-${view.id}`}
          data-value={view.live.x}
          data-label={liveText}
          aria-hidden="true"
        >
          <line x1={liveX} x2={liveX} y1={0} y2={innerHeight} />
          {label.fits && (
            <text x={liveX + (liveRight ? -4 : 4)} y={12} textAnchor={liveRight ? 'end' : 'start'}>
              {liveText}
            </text>
          )}
        </g>

        <PlotMarks plot={plot} clipId={clipId} activeId={activeId} />
        <PlotHits plot={plot} clipId={clipId} canRerun={onRerun !== undefined} actions={actions} />
      </ChartFrame>
      {!label.fits && (
        <p
          className="quality-chart__live-caption"
          aria-hidden="true"
          data-testid={`pareto-live-caption-${view.id}`}
        >
          {liveText}
        </p>
      )}
      {active && (
        <div
          className={`quality-chart__tooltip${tooltipLeft ? ' quality-chart__tooltip--left' : ''}`}
          onMouseEnter={() => setActiveId(active.id)}
          style={{
            ...(tooltipLeft
              ? { right: `${100 - (100 * (PARETO_MARGIN.left + x(active.x))) / layout.width}%` }
              : { left: `${(100 * (PARETO_MARGIN.left + x(active.x))) / layout.width}%` }),
            top: `${(100 * (PARETO_MARGIN.top + y(active.y))) / layout.height}%`,
          }}
        >
          <RunDetails view={view} run={active} onRerun={onRerun} busy={busy} />
        </div>
      )}
    </div>
  );
}

/** What a point's hit area does: hover or focus shows its details, click or Enter loads it. */
interface PointActions {
  activate(id: string): void;
  release(id: string): void;
  load(run: QualityRunView): void;
  key(event: KeyboardEvent, run: QualityRunView): void;
}

/**
 * The parts below change only with the plot (createParetoPlot): a slider that moves nothing but the
 * live marker re-renders none of them.
 */
const PlotUnder = memo(function PlotUnder({ plot }: { plot: ParetoPlot }) {
  const { view, layout } = plot;
  const { y, innerWidth, innerHeight } = layout;
  return (
    <>
      <GridLines className="quality-chart__grid" width={innerWidth} height={innerHeight} y={layout.yAxis} />
      <AxisLeft className="quality-chart__axis" {...layout.yAxis}>
        <text className="quality-chart__axis-title" x={0} y={-10}>
          {view.yLabel}
        </text>
      </AxisLeft>
      <AxisBottom className="quality-chart__axis" {...layout.xAxis} y={innerHeight} lineLength={innerWidth}>
        <text className="quality-chart__axis-title" x={innerWidth} y={36} textAnchor="end">
          KV-cache bytes per token (all layers, float32)
        </text>
      </AxisBottom>

      {view.baselines.map((b) => (
        <g
          key={b.label}
          className="quality-chart__baseline"
          aria-hidden="true"
          data-testid="pareto-baseline"
          data-value={b.value}
        >
          <line x1={0} x2={innerWidth} y1={y(b.value)} y2={y(b.value)} />
          <text x={innerWidth} y={y(b.value) - 4} textAnchor="end">
            {b.label}
          </text>
        </g>
      ))}

      <path
        className="quality-chart__frontier"
        d={layout.frontierPath}
        data-testid={`pareto-frontier-${view.id}`}
        data-ids={view.frontier.map((r) => r.id).join(' ')}
        aria-hidden="true"
      />
    </>
  );
});

const PlotMarks = memo(function PlotMarks({
  plot,
  clipId,
  activeId,
}: {
  plot: ParetoPlot;
  clipId: string;
  activeId: string | null;
}) {
  const { view, layout } = plot;
  // the active point's mark is drawn last so its ring is on top
  const indexed = view.runs.map((run, i) => ({ run, i }));
  const ordered = [
    ...indexed.filter((p) => p.run.id !== activeId),
    ...indexed.filter((p) => p.run.id === activeId),
  ];
  return (
    <>
      <defs>
        {layout.points.map((p, i) => (
          <clipPath key={i} id={`${clipId}-${i}`}>
            <circle cx={p.cx} cy={p.cy} r={HIT_RADIUS} />
          </clipPath>
        ))}
      </defs>

      <g className="quality-chart__marks" aria-hidden="true">
        {ordered.map(({ run, i }) => {
          const p = layout.points[i]!;
          const filled = run.matching.includes('head');
          return (
            <g
              key={run.id}
              className={run.id === activeId ? 'quality-mark quality-mark--active' : 'quality-mark'}
              data-mark-id={run.id}
              transform={`translate(${p.cx},${p.cy})`}
            >
              <circle
                className="quality-mark__dot"
                r={run.current ? 7 : 5.5}
                style={{
                  stroke: KIND_COLOR_VAR[run.kind],
                  fill: filled ? KIND_COLOR_VAR[run.kind] : 'var(--bg)',
                }}
              />
              {run.current && <circle className="quality-mark__current" r={11} />}
              {run.id === activeId && <circle className="quality-mark__ring" r={13} />}
            </g>
          );
        })}
      </g>

      <g className="quality-chart__live-runs" aria-hidden="true">
        {view.runs.map((run, i) => {
          const lp = layout.livePoints[i];
          const p = layout.points[i]!;
          if (!lp || !run.live) return null;
          return (
            <g
              key={run.id}
              className="quality-live-mark"
              data-testid="pareto-live-point"
              data-run-id={run.id}
              data-y={run.liveY ?? ''}
              data-within={String(run.live.within)}
            >
              <line x1={p.cx} y1={p.cy} x2={lp.cx} y2={lp.cy} />
              <path
                d={diamond(9)}
                transform={`translate(${lp.cx},${lp.cy})`}
                style={{ stroke: KIND_COLOR_VAR[run.kind] }}
              />
            </g>
          );
        })}
      </g>

      <g className="quality-chart__yours" aria-hidden="true">
        {view.yours.map((r, i) => {
          const p = layout.yourPoints[i]!;
          return (
            <g
              key={r.key}
              className={r.current ? 'quality-your-mark quality-your-mark--current' : 'quality-your-mark'}
              data-testid="pareto-your-point"
              data-key={r.key}
              data-x={r.x}
              data-y={r.y}
              data-current={r.current}
              transform={`translate(${p.cx},${p.cy})`}
            >
              <path
                d={diamond(r.current ? 9 : 7)}
                style={{
                  stroke: r.current ? 'var(--focus)' : KIND_COLOR_VAR[r.kind],
                  fill: KIND_COLOR_VAR[r.kind],
                }}
              />
            </g>
          );
        })}
      </g>
    </>
  );
});

const PlotHits = memo(function PlotHits({
  plot,
  clipId,
  canRerun,
  actions,
}: {
  plot: ParetoPlot;
  clipId: string;
  canRerun: boolean;
  actions: PointActions;
}) {
  const { view, layout } = plot;
  return (
    <g className="quality-chart__hits">
      {view.runs.map((run, i) => (
        <g
          key={run.id}
          role="button"
          tabIndex={0}
          aria-label={pointDescription(view, run, canRerun)}
          className="quality-point"
          data-testid="pareto-point"
          data-run-id={run.id}
          data-x={run.x}
          data-y={run.y}
          data-frontier={run.onFrontier}
          data-current={run.current}
          onMouseEnter={() => actions.activate(run.id)}
          onFocus={() => actions.activate(run.id)}
          onBlur={() => actions.release(run.id)}
          onClick={() => actions.load(run)}
          onKeyDown={(e) => actions.key(e, run)}
        >
          <path className="quality-point__hit" d={layout.points[i]!.cell} clipPath={`url(#${clipId}-${i})`} />
        </g>
      ))}
    </g>
  );
});
