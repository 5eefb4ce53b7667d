import { formatInteger, formatTokensCompact } from '../../src/explorer/format';
import type { QualityChartView, QualityRunView } from '../../src/sweep/quality-view';
import { CurveThumbnail } from './CurveThumbnail';
import { formatBytesPerToken, formatY } from './format';

interface RunDetailsProps {
  view: QualityChartView;
  run: QualityRunView;
}

const MATCHING_TEXT = { head: 'head-matched', param: 'parameter-matched' } as const;

/** What hover or focus shows for a run: its config, parameters, result and loss-curve thumbnail. */
export function RunDetails({ view, run }: RunDetailsProps) {
  return (
    <div className="quality-details" data-testid="quality-details" data-run-id={run.id}>
      <p className="quality-details__title">
        <strong>{run.label}</strong> <span className="quality-badge">precomputed</span>
      </p>
      <p className="quality-details__shape">{run.shapeText}</p>
      <dl>
        <dt>{view.goal === 'max' ? 'recall accuracy' : 'validation loss'}</dt>
        <dd>{formatY(view, run.y)}</dd>
        <dt>KV cache</dt>
        <dd>{formatBytesPerToken(run.x)}</dd>
        <dt>parameters</dt>
        <dd>
          {formatInteger(run.parameters)} ({formatInteger(run.attentionParamsPerLayer)} attention / layer)
        </dd>
        <dt>training</dt>
        <dd>
          {formatInteger(run.steps)} steps, {formatTokensCompact(run.tokens)} tokens
        </dd>
        <dt>heads</dt>
        <dd>{run.matching.map((m) => MATCHING_TEXT[m]).join(', ') || 'neither matching'}</dd>
      </dl>
      <CurveThumbnail run={run.run} />
      <p className="quality-details__hint">Click or press Enter to load this configuration.</p>
    </div>
  );
}
