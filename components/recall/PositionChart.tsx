import { useId } from 'react';
import { scaleBand, scaleLinear } from 'd3';
import { AxisBottom, AxisLeft, ChartFrame, GridLines, useMeasuredWidth } from '../chart';
import type { PositionChartData } from '../../src/view-models/recall';
import { Marker, Swatch } from './Marker';
import { markerOf, seriesColor } from './series-style';

const HEIGHT = 220;
const MARGIN = { top: 10, right: 12, bottom: 30, left: 44 };
const TICKS = [0, 0.25, 0.5, 0.75, 1];
const pct = (x: number) => `${Math.round(100 * x)}%`;

/** Accuracy by query position: one column of markers per query, the elimination score as a dash. */
export function PositionChart({ data }: { data: PositionChartData }) {
  const captionId = useId();
  const [ref, measured] = useMeasuredWidth<HTMLDivElement>(480);
  const width = Math.max(280, Math.min(640, measured));
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = scaleBand<number>()
    .domain(data.queries.map((_, j) => j))
    .range([0, plotW])
    .padding(0.2);
  const y = scaleLinear().domain([0, 1]).range([plotH, 0]);
  const runs = data.series.filter((s) => !s.baseline);
  const step = x.bandwidth() / (runs.length + 1);
  return (
    <figure className="recall-figure" data-testid="recall-positions">
      <div ref={ref} className="recall-chart">
        <ChartFrame
          width={width}
          height={HEIGHT}
          margin={MARGIN}
          title="Recall accuracy by query position"
          aria-describedby={captionId}
        >
          <GridLines className="recall-grid" width={plotW} height={plotH} y={{ scale: y, ticks: TICKS }} />
          <AxisLeft className="recall-axis" scale={y} ticks={TICKS} format={pct} />
          <AxisBottom
            className="recall-axis"
            scale={(j) => (x(j) ?? 0) + x.bandwidth() / 2}
            ticks={data.queries.map((_, j) => j)}
            format={(j) => data.queries[j]!.replace(' query', '')}
            y={plotH}
            lineLength={plotW}
          />
          {data.series.map((s) => {
            const slot = runs.indexOf(s);
            return (
              <g key={s.id} data-testid="recall-position-series" data-series={s.id}>
                {s.values.map((v, j) => (
                  <g key={j} data-value={v}>
                    <Marker
                      shape={markerOf(s.id)}
                      x={(x(j) ?? 0) + (s.baseline ? x.bandwidth() / 2 : step * (slot + 1))}
                      y={y(v)}
                      size={s.baseline ? x.bandwidth() / 2 - 2 : 9}
                      color={seriesColor(s.id)}
                    />
                  </g>
                ))}
              </g>
            );
          })}
        </ChartFrame>
      </div>
      <ul className="recall-legend">
        {data.series.map((s) => (
          <li key={s.id}>
            <Swatch shape={markerOf(s.id)} color={seriesColor(s.id)} /> {s.label}
          </li>
        ))}
      </ul>
      <figcaption id={captionId} className="recall-caption">
        {data.caption}
      </figcaption>
    </figure>
  );
}
