import type { ReactNode } from 'react';
import type { PositionScale, TickFormat } from './chart-types';

export interface AxisLeftProps {
  /** the group's class: the chart's own CSS styles the labels */
  className: string;
  scale: PositionScale;
  ticks: readonly number[];
  format?: TickFormat;
  /** gap between the plot's left edge and the labels' right ends, px */
  labelOffset?: number;
  /** more marks in the plot's coordinates, such as the axis title */
  children?: ReactNode;
}

/** A vertical axis left of the plot: a label right-aligned and vertically centred on each tick's position. */
export function AxisLeft({
  className,
  scale,
  ticks,
  format = String,
  labelOffset = 8,
  children,
}: AxisLeftProps) {
  return (
    <g className={className} aria-hidden="true">
      {ticks.map((t) => (
        <text key={t} x={-labelOffset} y={scale(t)} dy="0.32em" textAnchor="end">
          {format(t)}
        </text>
      ))}
      {children}
    </g>
  );
}
