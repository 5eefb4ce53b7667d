import { formatInteger, formatTokensCompact } from '../../src/view-models/format';
import { formatDiff, verdictOf, verdictText } from '../../src/view-models/quality/live-view';
import type { QualityChartView, QualityRunView } from '../../src/view-models/quality/quality-view';
import { CurveThumbnail } from './CurveThumbnail';
import { formatBytesPerToken, formatY } from './format';

interface RunDetailsProps {
  view: QualityChartView;
  run: QualityRunView;
  /** trains the run again in this browser (absent: not offered) */
  onRerun?: ((run: QualityRunView) => void) | undefined;
  busy?: boolean;
}

const MATCHING_TEXT = { head: 'head-matched', param: 'parameter-matched' } as const;

/**
 * What hover or focus shows for a run: its config, parameters, result and loss-curve thumbnail, and, if it
 * was trained live here, where that run landed against the precomputed one.
 */
export function RunDetails({ view, run, onRerun, busy = false }: RunDetailsProps) {
  const live = run.live;
  return (
    <div className="quality-details" data-testid="quality-details" data-run-id={run.id}>
      <p className="quality-details__title">
        <strong>{run.label}</strong> <span className="quality-badge">precomputed</span>
        {live && <span className="quality-badge quality-badge--live">live</span>}
      </p>
      <p className="quality-details__shape">{run.shapeText}</p>
      <dl>
        <dt>{view.goal === 'max' ? 'recall accuracy' : 'validation loss'}</dt>
        <dd>{formatY(view, run.y)}</dd>
        {live && run.liveY !== null && (
          <>
            <dt>trained live ({live.live.backend})</dt>
            <dd data-testid="quality-details-live" data-verdict={verdictOf(live)}>
              {formatY(view, run.liveY)}, {verdictText(live)} (Δ loss {formatDiff(live.diff)})
            </dd>
          </>
        )}
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
      {onRerun && (
        <button
          type="button"
          className="quality-button"
          disabled={busy}
          onClick={() => onRerun(run)}
          data-testid="quality-details-rerun"
        >
          Re-run live
        </button>
      )}
      <p className="quality-details__hint">
        Click or press Enter to load this configuration{onRerun ? '; R re-runs it live in this browser' : ''}.
      </p>
    </div>
  );
}
