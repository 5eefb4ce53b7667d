import { useState } from 'react';
import type { RuntimePhase } from '../../src/runtime/runtime-state';

export interface TrainingButtonsProps {
  phase: RuntimePhase;
  hasModel: boolean;
  step: number;
  /** the configured number of steps */
  target: number;
  onLoad: () => void;
  onStart: () => void;
  onPause: () => void;
  onResume: () => void;
  onStep: () => void;
  onReset: () => void;
  onRestart: () => void;
}

/** Start / pause / resume, a single step, and reset (with a confirmation, since it discards training). */
export function TrainingButtons(p: TrainingButtonsProps) {
  const [confirming, setConfirming] = useState(false);
  if (p.phase === 'idle') {
    return (
      <div className="training-buttons">
        <button type="button" onClick={p.onLoad} data-testid="load-model">
          Load the model
        </button>
      </div>
    );
  }
  if (p.phase === 'failed') {
    return (
      <div className="training-buttons">
        <button type="button" onClick={p.onRestart} data-testid="restart-model">
          Restart model
        </button>
      </div>
    );
  }
  const ready = p.phase === 'ready' && p.hasModel;
  const done = p.step >= p.target;
  if (confirming) {
    return (
      <div className="training-buttons" role="group" aria-label="Confirm reset">
        <span>
          Discard {p.step} trained step{p.step === 1 ? '' : 's'} and the saved weights?
        </span>
        <button
          type="button"
          onClick={() => {
            setConfirming(false);
            p.onReset();
          }}
          data-testid="reset-confirm"
        >
          Discard
        </button>
        <button type="button" className="button--quiet" onClick={() => setConfirming(false)}>
          Keep
        </button>
      </div>
    );
  }
  return (
    <div className="training-buttons">
      {p.phase === 'training' ? (
        <button type="button" onClick={p.onPause} data-testid="train-pause">
          Pause
        </button>
      ) : p.phase === 'paused' ? (
        <button type="button" onClick={p.onResume} data-testid="train-resume">
          Resume
        </button>
      ) : (
        <button
          type="button"
          onClick={p.onStart}
          disabled={!ready || done}
          data-testid="train-start"
          title={done ? 'Reached the configured steps: raise “steps” to train further' : undefined}
        >
          {done
            ? `Trained ${p.target} steps`
            : p.step > 0
              ? `Train on to step ${p.target}`
              : `Train ${p.target} steps`}
        </button>
      )}
      <button
        type="button"
        className="button--quiet"
        onClick={p.onStep}
        disabled={!ready}
        data-testid="train-step-once"
      >
        One step
      </button>
      <button
        type="button"
        className="button--quiet"
        onClick={() => setConfirming(true)}
        disabled={!p.hasModel || p.step === 0 || p.phase === 'building'}
        data-testid="train-reset"
      >
        Reset
      </button>
    </div>
  );
}
