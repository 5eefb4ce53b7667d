import type { FactorData } from './use-factor-data';

export interface FactorStatusProps {
  data: FactorData;
}

/** One line on what the factor panels are waiting for, and a button when the worker has not started. */
export function FactorStatus({ data }: FactorStatusProps) {
  const { phase, inspection, stale } = data;
  let text = '';
  if (phase === 'idle') text = 'The model loads when you reach this panel.';
  else if (phase === 'starting' || phase === 'restarting') text = 'Starting the model worker…';
  else if (phase === 'failed') text = 'The model worker stopped; see the training panel.';
  else if (phase === 'building') text = 'Rebuilding the model for the new settings…';
  else if (inspection.status === 'error') text = `Inspection failed: ${inspection.error ?? 'unknown error'}`;
  else if (inspection.status === 'loading' || inspection.status === 'idle') text = 'Inspecting the text…';
  else if (stale) text = 'Updating…';
  else if (phase === 'training' && inspection.source)
    text = `Model after ${inspection.source.step} training steps; the numbers refresh when training pauses or stops.`;
  else if (inspection.source)
    text = `Model after ${inspection.source.step} training step${inspection.source.step === 1 ? '' : 's'}${
      inspection.source.step < 50 ? ' (train it a while and the factors take shape)' : ''
    }.`;
  return (
    <div className="factor-status">
      <p className="factor-note" aria-live="polite" data-testid="factor-status">
        {text}
      </p>
      {phase === 'idle' ? (
        <button type="button" onClick={data.start}>
          Load the model
        </button>
      ) : null}
    </div>
  );
}
