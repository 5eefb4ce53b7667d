import { useAutoStep } from './use-auto-step';

export interface TermStepperProps {
  /** terms summed so far, 1..rank */
  step: number;
  rank: number;
  onStep: (step: number) => void;
  symbol: string;
}

const STEP_MS = 900;

/**
 * Previous / Play / Next over r = 1..R. Play restarts at r = 1 and adds one term per beat; readers who
 * ask for reduced motion get the buttons without the autoplay.
 */
export function TermStepper({ step, rank, onStep, symbol }: TermStepperProps) {
  const auto = useAutoStep(step, rank, onStep, STEP_MS);
  return (
    <div className="term-stepper" role="group" aria-label={`Build ${symbol} term by term`}>
      <button type="button" onClick={() => onStep(Math.max(1, step - 1))} disabled={step <= 1}>
        ◀ Previous
      </button>
      {auto.allowed ? (
        <button
          type="button"
          onClick={() => auto.toggle(auto.running ? undefined : 1)}
          disabled={rank <= 1}
          data-testid="factor-play"
        >
          {auto.running ? 'Pause' : 'Play'}
        </button>
      ) : null}
      <button type="button" onClick={() => onStep(Math.min(rank, step + 1))} disabled={step >= rank}>
        Next ▶
      </button>
      <span aria-live="polite" className="term-stepper__status" data-testid="factor-step" data-value={step}>
        {step === rank ? `All ${rank} terms: the sum is ${symbol}` : `${step} of ${rank} terms summed`}
      </span>
    </div>
  );
}
