import type { LossPoint } from '../../spec';

export interface SeriesPoint {
  step: number;
  value: number;
}

export interface LossSeries {
  train: SeriesPoint[];
  valid: SeriesPoint[];
  /** x extent: 0 to the larger of the last step and the run's target */
  maxStep: number;
  /** y extent over both series (null when there is nothing to draw) */
  yMin: number | null;
  yMax: number | null;
}

/** At most this many training-loss points are drawn; longer histories are averaged in buckets. */
export const MAX_DRAWN_POINTS = 400;

/**
 * What the loss chart draws: the training loss (averaged in equal buckets of steps when the history is
 * longer than MAX_DRAWN_POINTS, so a long run stays cheap to redraw every step) and every validation
 * point.
 */
export function lossSeries(history: readonly LossPoint[], untilStep: number): LossSeries {
  const bucket = Math.max(1, Math.ceil(history.length / MAX_DRAWN_POINTS));
  const train: SeriesPoint[] = [];
  for (let i = 0; i < history.length; i += bucket) {
    const chunk = history.slice(i, i + bucket);
    const value = chunk.reduce((s, p) => s + p.loss, 0) / chunk.length;
    train.push({ step: chunk.at(-1)!.step, value });
  }
  const valid = history.flatMap((p) => (p.valLoss === null ? [] : [{ step: p.step, value: p.valLoss }]));
  const values = [...train, ...valid].map((p) => p.value);
  return {
    train,
    valid,
    maxStep: Math.max(untilStep, history.at(-1)?.step ?? 0, 1),
    yMin: values.length > 0 ? Math.min(...values) : null,
    yMax: values.length > 0 ? Math.max(...values) : null,
  };
}
