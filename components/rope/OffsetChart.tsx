import { useMemo } from 'react';
import { line, scaleLinear } from 'd3';
import type { OffsetScores } from '../../src/factors';
import { AxisBottom, AxisLeft, ChartFrame, GridLines } from '../chart';

export interface OffsetChartProps {
  rows: readonly OffsetScores[];
  starts: readonly number[];
}

const W = 520;
const H = 200;
const M = { top: 10, right: 12, bottom: 30, left: 48 };
const INNER_W = W - M.left - M.right;
const INNER_H = H - M.top - M.bottom;
const DASHES = ['', '6 4', '2 3'];

/**
 * q·k/√d_h against the offset between query and key, one line per absolute start position. RoPE makes the
 * lines coincide: only the offset matters. D3 computes scales and paths; React draws.
 */
export function OffsetChart({ rows, starts }: OffsetChartProps) {
  const layout = useMemo(() => {
    const values = rows.flatMap((r) => r.scores);
    const lo = Math.min(0, ...values);
    const hi = Math.max(0, ...values);
    const x = scaleLinear()
      .domain([0, Math.max(1, rows.at(-1)?.offset ?? 1)])
      .range([0, INNER_W]);
    const y = scaleLinear()
      .domain([lo, hi === lo ? lo + 1 : hi])
      .range([INNER_H, 0])
      .nice();
    const paths = starts.map(
      (_, s) =>
        line<OffsetScores>()
          .x((r) => x(r.offset))
          .y((r) => y(r.scores[s] ?? 0))(rows) ?? '',
    );
    return { paths, xAxis: { scale: x, ticks: x.ticks(8) }, yAxis: { scale: y, ticks: y.ticks(5) } };
  }, [rows, starts]);
  return (
    <figure className="offset-chart">
      <ChartFrame
        width={W}
        height={H}
        margin={M}
        title={`q·k/√d_h against the offset between query and key, for key positions ${starts.join(', ')}: the lines lie on top of each other.`}
        data-testid="rope-offset-chart"
      >
        <GridLines className="offset-chart__grid" width={INNER_W} height={INNER_H} y={layout.yAxis} />
        <AxisLeft className="offset-chart__axis" {...layout.yAxis} labelOffset={6} />
        <AxisBottom className="offset-chart__axis" {...layout.xAxis} y={INNER_H}>
          <text x={INNER_W / 2} y={28} textAnchor="middle">
            offset (query position − key position)
          </text>
        </AxisBottom>
        {layout.paths.map((d, s) => (
          <path
            key={s}
            d={d}
            className={`offset-chart__line offset-chart__line--${s}`}
            strokeDasharray={DASHES[s % DASHES.length]}
          />
        ))}
      </ChartFrame>
      <figcaption className="offset-chart__legend">
        {starts.map((n, s) => (
          <span key={n}>
            <svg width="28" height="8" aria-hidden="true">
              <line
                x1="0"
                x2="28"
                y1="4"
                y2="4"
                className={`offset-chart__line offset-chart__line--${s}`}
                strokeDasharray={DASHES[s % DASHES.length]}
              />
            </svg>{' '}
            key at position {n}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
