import type { ScaleTicks } from './chart-types';

export interface GridLinesProps {
  /** the group's class: the chart's own CSS styles the lines */
  className: string;
  /** the plot's size, px */
  width: number;
  height: number;
  /** a horizontal line across the plot at each of these ticks */
  y?: ScaleTicks;
  /** a vertical line down the plot at each of these ticks */
  x?: ScaleTicks;
}

/** Grid lines behind a plot, at tick positions of its scales. */
export function GridLines({ className, width, height, y, x }: GridLinesProps) {
  return (
    <g className={className} aria-hidden="true">
      {y?.ticks.map((t) => (
        <line key={t} x1={0} x2={width} y1={y.scale(t)} y2={y.scale(t)} />
      ))}
      {x?.ticks.map((t) => (
        <line key={t} x1={x.scale(t)} x2={x.scale(t)} y1={0} y2={height} />
      ))}
    </g>
  );
}
