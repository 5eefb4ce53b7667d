import { createElement } from 'react';
import type { ReactNode } from 'react';
import { formatInteger, formatSignedNats, formatTokensCompact } from '../../src/view-models/format';
import { verdictText } from '../../src/view-models/quality/live-view';
import type { QualityChartView, QualityRunView } from '../../src/view-models/quality/quality-view';

/** A chart's y value as text: loss to 3 decimals, accuracy as a percentage. */
export function formatY(view: Pick<QualityChartView, 'goal'>, y: number): string {
  if (!Number.isFinite(y)) return '–';
  return view.goal === 'max' ? `${(100 * y).toFixed(1)}%` : y.toFixed(3);
}

export const formatBytesPerToken = (x: number) => `${formatInteger(x)} B/token`;

/** What a run's live re-run gave, in words: "trained live on wasm: 1.951, within ±1e-4 nats". */
function liveDescription(view: QualityChartView, run: QualityRunView): string | null {
  if (!run.live || run.liveY === null) return null;
  return `trained live on ${run.live.live.backend}: ${formatY(view, run.liveY)}, ${verdictText(run.live)}`;
}

/** One line a screen reader hears for a point. */
export function pointDescription(view: QualityChartView, run: QualityRunView, canRerun = false): string {
  const what = view.goal === 'max' ? 'recall accuracy' : 'validation loss';
  const live = liveDescription(view, run);
  return (
    `${run.label}: ${what} ${formatY(view, run.y)} at ${formatBytesPerToken(run.x)}, ` +
    `${formatTokensCompact(run.parameters)} parameters${run.onFrontier ? ', on the frontier' : ''}` +
    `${live ? `; ${live}` : ''}. Press Enter to load this configuration${canRerun ? ', R to re-run it live' : ''}.`
  );
}

/** A loss to 3 decimals, '–' when missing. */
export const formatLoss = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3);

/** A signed difference in nats to 3 decimals: "+0.050", "−0.012", '–' when missing. */
export const formatSignedLoss = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : formatSignedNats(x);

/** `text` with every occurrence of `code` set in <code> (a command in a generated note). */
export function withCode(text: string, code: string): ReactNode[] {
  return text
    .split(code)
    .flatMap((part, i) => (i === 0 ? [part] : [createElement('code', { key: i }, code), part]));
}
