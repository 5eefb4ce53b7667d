import type { LiveOutcome } from '../../src/runtime/live-runner';
import { toleranceNotes } from '../../src/view-models/quality/live-view';
import type { Manifest } from '../../src/sweep/manifest';
import { CompareControls } from './CompareControls';
import { LiveProgress } from './LiveProgress';
import { LiveResults } from './LiveResults';
import type { LiveProps } from './live-types';

interface LiveSectionProps extends LiveProps {
  manifest: Manifest;
}

function outcomeText(o: LiveOutcome): string {
  const kept = `${o.finished} of ${o.total} run${o.total === 1 ? '' : 's'} finished`;
  switch (o.status) {
    case 'done':
      return `Done: ${kept}.`;
    case 'cancelled':
      return `Cancelled: ${kept}; ${o.finished === 1 ? 'it is' : 'they are'} kept.`;
    case 'failed':
      return `Stopped: ${o.message ?? 'the run failed'}. ${kept}; kept.`;
  }
}

/**
 * Compare mode and the live results: train runs of the sweep in this browser, see the sweep's progress,
 * and every finished run against its precomputed one with the tolerance that applies.
 */
export function LiveSection({ manifest, state, actions }: LiveSectionProps) {
  const { progress, outcome } = state;
  return (
    <section
      className="quality-section quality-live"
      aria-labelledby="quality-live-title"
      data-testid="quality-live"
    >
      <h3 id="quality-live-title">Train and compare in this browser</h3>
      <p className="quality-note">
        Each run trains in the model worker with a model of its own, from the same seed, on the same batches,
        with the same token budget, schedule and optimiser as its precomputed run: the code{' '}
        <code>{manifest.generator}</code> ran. The model in the training and generation panels is left as it
        is. Finished runs appear on the charts as diamonds next to their precomputed points and stay after a
        reload.
      </p>
      <CompareControls manifest={manifest} state={state} actions={actions} />
      {progress && <LiveProgress progress={progress} />}
      {outcome && !progress && (
        <p
          className="quality-note"
          role="status"
          data-testid="quality-live-outcome"
          data-status={outcome.status}
        >
          {outcomeText(outcome)}
        </p>
      )}
      <div className="quality-tolerance" data-testid="quality-tolerance">
        <p>
          <strong>How close counts as landing on the precomputed point:</strong>
        </p>
        <ul>
          {toleranceNotes(manifest).map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      </div>
      <LiveResults manifest={manifest} runs={state.runs} />
      {Object.keys(state.runs).length > 0 && (
        <button
          type="button"
          className="quality-button"
          disabled={progress !== null}
          onClick={() => actions.forget()}
          data-testid="quality-live-forget"
        >
          Forget the live runs
        </button>
      )}
    </section>
  );
}
