import { formatInteger, formatTokensCompact } from '../../src/explorer/format';
import type { QualityChartView, QualityRunView } from '../../src/sweep/quality-view';

/** A chart's y value as text: loss to 3 decimals, accuracy as a percentage. */
export function formatY(view: Pick<QualityChartView, 'goal'>, y: number): string {
  if (!Number.isFinite(y)) return '–';
  return view.goal === 'max' ? `${(100 * y).toFixed(1)}%` : y.toFixed(3);
}

export const formatBytesPerToken = (x: number) => `${formatInteger(x)} B/token`;

/** One line a screen reader hears for a point. */
export function pointDescription(view: QualityChartView, run: QualityRunView): string {
  const what = view.goal === 'max' ? 'recall accuracy' : 'validation loss';
  return (
    `${run.label}: ${what} ${formatY(view, run.y)} at ${formatBytesPerToken(run.x)}, ` +
    `${formatTokensCompact(run.parameters)} parameters${run.onFrontier ? ', on the frontier' : ''}. ` +
    'Press Enter to load this configuration.'
  );
}
