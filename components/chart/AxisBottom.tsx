import type { ReactNode } from 'react';
import type { PositionScale, TickFormat } from './chart-types';

export interface AxisBottomProps {
  /** the group's class: the chart's own CSS styles the line and the labels */
  className: string;
  scale: PositionScale;
  ticks: readonly number[];
  format?: TickFormat;
  /** where the axis sits, px below the plot's top (the plot's height) */
  y: number;
  /** length of the axis line from the plot's left edge (the plot's width); no line when absent */
  lineLength?: number;
  /** baseline of the tick labels below the axis, px */
  labelOffset?: number;
  /** more marks in the axis's own coordinates (the axis line at y = 0), such as its title */
  children?: ReactNode;
}

/** A horizontal axis under the plot: a label centred under each tick's position on the scale. */
export function AxisBottom({
  className,
  scale,
  ticks,
  format = String,
  y,
  lineLength,
  labelOffset = 16,
  children,
}: AxisBottomProps) {
  return (
    <g className={className} aria-hidden="true" transform={`translate(0,${y})`}>
      {lineLength !== undefined && <line x1={0} x2={lineLength} y1={0} y2={0} />}
      {ticks.map((t) => (
        <text key={t} x={scale(t)} y={labelOffset} textAnchor="middle">
          {format(t)}
        </text>
      ))}
      {children}
    </g>
  );
}
