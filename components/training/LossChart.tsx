import { useMemo } from 'react';
import { line, scaleLinear } from 'd3';
import type { LossSeries, SeriesPoint } from '../../src/view-models/training/loss-series';
import { AxisBottom, AxisLeft, ChartFrame, GridLines, useMeasuredWidth } from '../chart';

export interface LossChartProps {
  series: LossSeries;
}

const FALLBACK_WIDTH = 560;
const HEIGHT = 220;
const MARGIN = { top: 10, right: 12, bottom: 30, left: 44 };

/**
 * Training loss (line) and validation loss (dashed, with dots) against steps. D3 computes the scales,
 * ticks and paths; React renders the elements. The text alternative summarises the curve; the numbers
 * are in the progress list and the validation table next to it.
 */
export function LossChart({ series }: LossChartProps) {
  const [frameRef, width] = useMeasuredWidth<HTMLDivElement>(FALLBACK_WIDTH);
  const innerW = Math.max(80, width - MARGIN.left - MARGIN.right);
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;

  const layout = useMemo(() => {
    const lo = series.yMin ?? 0;
    const hi = series.yMax ?? 1;
    const pad = Math.max(0.05, (hi - lo) * 0.08);
    const x = scaleLinear().domain([0, series.maxStep]).range([0, innerW]);
    const y = scaleLinear()
      .domain([Math.max(0, lo - pad), hi + pad])
      .range([innerH, 0])
      .nice();
    const path = line<SeriesPoint>()
      .x((p) => x(p.step))
      .y((p) => y(p.value));
    return {
      x,
      y,
      train: path(series.train) ?? '',
      valid: path(series.valid) ?? '',
      xAxis: { scale: x, ticks: x.ticks(Math.max(2, Math.floor(innerW / 80))) },
      yAxis: { scale: y, ticks: y.ticks(5) },
    };
  }, [series, innerW, innerH]);

  const first = series.train[0];
  const last = series.train.at(-1);
  const summary =
    first && last
      ? `Training loss from ${first.value.toFixed(3)} at step ${first.step} to ${last.value.toFixed(3)} at step ${last.step}` +
        (series.valid.length > 0 ? `; latest validation loss ${series.valid.at(-1)!.value.toFixed(3)}.` : '.')
      : 'No training yet: the chart fills in as the model trains.';

  return (
    <figure className="loss-chart" ref={frameRef}>
      <ChartFrame
        width={width}
        height={HEIGHT}
        margin={MARGIN}
        title={summary}
        data-testid="loss-chart"
        data-points={series.train.length}
      >
        <GridLines className="loss-chart__grid" width={innerW} height={innerH} y={layout.yAxis} />
        <AxisLeft className="loss-chart__axis" {...layout.yAxis} labelOffset={6} />
        <AxisBottom className="loss-chart__axis" {...layout.xAxis} y={innerH} lineLength={innerW}>
          <text x={innerW} y={28} textAnchor="end" className="loss-chart__axis-label">
            step
          </text>
        </AxisBottom>
        <path className="loss-chart__train" d={layout.train} />
        <path className="loss-chart__valid" d={layout.valid} />
        {series.valid.map((p) => (
          <circle
            key={p.step}
            className="loss-chart__dot"
            cx={layout.x(p.step)}
            cy={layout.y(p.value)}
            r={3}
          />
        ))}
      </ChartFrame>
      <figcaption className="loss-chart__legend">
        <span className="loss-chart__key loss-chart__key--train">training loss</span>
        <span className="loss-chart__key loss-chart__key--valid">validation loss</span>
        <span className="training-note">cross-entropy in nats per character</span>
      </figcaption>
    </figure>
  );
}
