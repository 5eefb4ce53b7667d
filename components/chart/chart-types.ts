/** Room around a chart's plot for its axes, in px. */
export interface ChartMargin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * A position scale as the chart pieces use it: data value in, px along the axis out. Every continuous D3
 * scale (scaleLinear, scaleLog, …) is one.
 */
export type PositionScale = (value: number) => number;

/** A tick value's label. */
export type TickFormat = (value: number) => string;

/** Tick values on a scale: where grid lines and tick labels go. */
export interface ScaleTicks {
  scale: PositionScale;
  ticks: readonly number[];
}

/** Tick values on a scale with their labels: what an axis draws. */
export interface LabelledTicks extends ScaleTicks {
  format: TickFormat;
}
