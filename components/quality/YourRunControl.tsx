import { useMemo } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { budgetText } from '../../src/view-models/quality/live-view';
import type { Manifest } from '../../src/sweep/manifest';
import type { QualityChartView } from '../../src/view-models/quality/quality-view';
import { yourRunJob } from '../../src/sweep/your-run';
import type { LiveProps } from './live-types';

interface YourRunControlProps extends LiveProps {
  manifest: Manifest;
  view: QualityChartView;
  config: PlaygroundConfig;
}

/**
 * "Train your configuration live": the model the knobs describe now, trained in the worker under this
 * chart's protocol, lands on the chart as a filled diamond (or, if the sweep has that very model, as its
 * re-run beside the precomputed point). Which model and how much training come from src/sweep/your-run.
 */
export function YourRunControl({ manifest, view, config, state, actions }: YourRunControlProps) {
  const { job, precomputed, protocol } = useMemo(
    () => yourRunJob(manifest, view.budget, view.task, config),
    [manifest, view.budget, view.task, config],
  );
  const busy = state.progress !== null;
  const what = precomputed
    ? `Your knobs build ${precomputed.label}, a precomputed run: this trains it again.`
    : `${job.label}: not in the precomputed sweep.`;
  return (
    <div className="quality-yours" data-testid={`quality-yours-${view.id}`} data-run-id={job.runId}>
      <button
        type="button"
        className="quality-button"
        disabled={busy}
        onClick={() => actions.start([job])}
        data-testid={`quality-yours-start-${view.id}`}
      >
        Train your configuration live
      </button>
      <p className="quality-note">
        {what} It trains {budgetText(protocol)}, seed {protocol.seed}.
      </p>
    </div>
  );
}
