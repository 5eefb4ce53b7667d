import { useId, useState } from 'react';
import { line, scaleLinear } from 'd3';
import { AxisBottom, AxisLeft, ChartFrame, GridLines, useMeasuredWidth } from '../chart';
import type { AccuracyCurves } from '../../src/view-models/recall';
import { formatInteger } from '../../src/view-models/format';
import { Swatch } from './Marker';
import { seriesColor } from './series-style';

const HEIGHT = 240;
const MARGIN = { top: 10, right: 14, bottom: 42, left: 44 };
const Y_TICKS = [0, 0.25, 0.5, 0.75, 1];
const pct = (x: number) => `${Math.round(100 * x)}%`;

/**
 * Validation recall accuracy against steps: MHA, official TPA and the fix by default; every other run
 * of the diagnosis (thin, grey) on request. The elimination score is a dashed level.
 */
export function AccuracyCurvesChart({ curves }: { curves: AccuracyCurves }) {
  const [all, setAll] = useState(false);
  const captionId = useId();
  const toggleId = useId();
  const [ref, measured] = useMeasuredWidth<HTMLDivElement>(560);
  const width = Math.max(280, Math.min(720, measured));
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = scaleLinear().domain([0, curves.maxStep]).range([0, plotW]);
  const y = scaleLinear().domain([0, 1]).range([plotH, 0]);
  const xTicks = x.ticks(width < 420 ? 3 : 6);
  const path = line<{ step: number; accuracy: number }>()
    .x((p) => x(p.step))
    .y((p) => y(p.accuracy));
  const shown = curves.series.filter((s) => all || s.key);
  // grey runs first, so the key runs are drawn over them
  const drawn = [...shown.filter((s) => !s.key), ...shown.filter((s) => s.key)];
  return (
    <figure className="recall-figure" data-testid="recall-curves">
      <div className="recall-toggle">
        <input id={toggleId} type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
        <label htmlFor={toggleId}>Show every run tried ({curves.series.length})</label>
      </div>
      <div ref={ref} className="recall-chart">
        <ChartFrame
          width={width}
          height={HEIGHT}
          margin={MARGIN}
          title="Recall accuracy along training"
          aria-describedby={captionId}
        >
          <GridLines className="recall-grid" width={plotW} height={plotH} y={{ scale: y, ticks: Y_TICKS }} />
          <AxisLeft className="recall-axis" scale={y} ticks={Y_TICKS} format={pct} />
          <AxisBottom
            className="recall-axis"
            scale={x}
            ticks={xTicks}
            format={formatInteger}
            y={plotH}
            lineLength={plotW}
          >
            <text x={plotW / 2} y={34} textAnchor="middle">
              training step
            </text>
          </AxisBottom>
          <line
            className="recall-level"
            x1={0}
            x2={plotW}
            y1={y(curves.elimination)}
            y2={y(curves.elimination)}
            data-testid="recall-elimination-level"
          />
          {drawn.map((s) => (
            <path
              key={s.id}
              d={path(s.points) ?? ''}
              fill="none"
              stroke={seriesColor(s.id, s.key)}
              strokeWidth={s.key ? 2.25 : 1.25}
              data-testid="recall-curve"
              data-series={s.id}
            />
          ))}
        </ChartFrame>
      </div>
      <ul className="recall-legend">
        {shown
          .filter((s) => s.key)
          .map((s) => (
            <li key={s.id}>
              <Swatch shape="line" color={seriesColor(s.id)} /> {s.label}
            </li>
          ))}
        {all ? (
          <li>
            <Swatch shape="line" color={seriesColor('', false)} /> the other runs (table below)
          </li>
        ) : null}
        <li>
          <Swatch shape="dash" color="var(--muted)" /> the elimination score
        </li>
      </ul>
      <figcaption id={captionId} className="recall-caption">
        {curves.caption}
      </figcaption>
    </figure>
  );
}
