import { useId } from 'react';
import type { ReactNode, SVGProps } from 'react';
import type { ChartMargin } from './chart-types';

type SvgAttributes = Omit<
  SVGProps<SVGSVGElement>,
  'ref' | 'viewBox' | 'width' | 'height' | 'role' | 'aria-labelledby' | 'title' | 'children'
>;

export interface ChartFrameProps extends SvgAttributes {
  /** the drawing's size in px: the viewBox, which CSS then scales to the container */
  width: number;
  height: number;
  /** room around the plot: children draw in the plot's coordinates, (0, 0) at its top left */
  margin: ChartMargin;
  /** the chart's accessible name, an SVG <title> the svg is labelled by */
  title: string;
  /** 'img' (the default) for a picture; 'group' when the chart holds focusable marks */
  role?: 'img' | 'group';
  children?: ReactNode;
}

/**
 * The SVG around a chart: the viewBox, the role and its <title>, and a group moved in by the margins.
 * Other attributes (class, aria-describedby, data-*) go on the svg as given.
 */
export function ChartFrame({
  width,
  height,
  margin,
  title,
  role = 'img',
  className,
  children,
  ...rest
}: ChartFrameProps) {
  const titleId = useId();
  return (
    <svg
      className={className}
      viewBox={`0 0 ${width} ${height}`}
      role={role}
      aria-labelledby={titleId}
      {...rest}
    >
      <title id={titleId}>{title}</title>
      <g transform={`translate(${margin.left},${margin.top})`}>{children}</g>
    </svg>
  );
}
