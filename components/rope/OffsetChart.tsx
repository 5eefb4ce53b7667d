import { useId, useMemo } from 'react';
import { line, scaleLinear } from 'd3';
import type { OffsetScores } from '../../src/factors';

export interface OffsetChartProps {
  rows: readonly OffsetScores[];
  starts: readonly number[];
}

const W = 520;
const H = 200;
const M = { top: 10, right: 12, bottom: 30, left: 48 };
const DASHES = ['', '6 4', '2 3'];

/**
 * q·k/√d_h against the offset between query and key, one line per absolute start position. RoPE makes the
 * lines coincide: only the offset matters. D3 computes scales and paths; React draws.
 */
export function OffsetChart({ rows, starts }: OffsetChartProps) {
  const titleId = useId();
  const layout = useMemo(() => {
    const values = rows.flatMap((r) => r.scores);
    const lo = Math.min(0, ...values);
    const hi = Math.max(0, ...values);
    const x = scaleLinear()
      .domain([0, Math.max(1, rows.at(-1)?.offset ?? 1)])
      .range([0, W - M.left - M.right]);
    const y = scaleLinear()
      .domain([lo, hi === lo ? lo + 1 : hi])
      .range([H - M.top - M.bottom, 0])
      .nice();
    const paths = starts.map(
      (_, s) =>
        line<OffsetScores>()
          .x((r) => x(r.offset))
          .y((r) => y(r.scores[s] ?? 0))(rows) ?? '',
    );
    return { x, y, paths, xTicks: x.ticks(8), yTicks: y.ticks(5) };
  }, [rows, starts]);
  const innerH = H - M.top - M.bottom;
  return (
    <figure className="offset-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} data-testid="rope-offset-chart">
        <title id={titleId}>
          {`q·k/√d_h against the offset between query and key, for key positions ${starts.join(', ')}: the lines lie on top of each other.`}
        </title>
        <g transform={`translate(${M.left},${M.top})`}>
          <g className="offset-chart__grid" aria-hidden="true">
            {layout.yTicks.map((t) => (
              <line key={t} x1={0} x2={W - M.left - M.right} y1={layout.y(t)} y2={layout.y(t)} />
            ))}
          </g>
          <g className="offset-chart__axis" aria-hidden="true">
            {layout.yTicks.map((t) => (
              <text key={t} x={-6} y={layout.y(t)} dy="0.32em" textAnchor="end">
                {t}
              </text>
            ))}
            {layout.xTicks.map((t) => (
              <text key={t} x={layout.x(t)} y={innerH + 16} textAnchor="middle">
                {t}
              </text>
            ))}
            <text x={(W - M.left - M.right) / 2} y={innerH + 28} textAnchor="middle">
              offset (query position − key position)
            </text>
          </g>
          {layout.paths.map((d, s) => (
            <path
              key={s}
              d={d}
              className={`offset-chart__line offset-chart__line--${s}`}
              strokeDasharray={DASHES[s % DASHES.length]}
            />
          ))}
        </g>
      </svg>
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
