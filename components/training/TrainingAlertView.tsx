import type { TrainingAlert } from '../../src/runtime/training-health';

export interface TrainingAlertViewProps {
  alert: TrainingAlert;
  onUseSuggestion: (lr: number) => void;
  disabled?: boolean;
}

/** NaN or a diverging loss: what happened, and a one-click fix (a lower learning rate). */
export function TrainingAlertView({ alert, onUseSuggestion, disabled }: TrainingAlertViewProps) {
  return (
    <div className="training-alert" role="alert" data-testid="training-alert" data-kind={alert.kind}>
      <p>{alert.message}</p>
      <button type="button" onClick={() => onUseSuggestion(alert.suggestedLr)} disabled={disabled}>
        Use learning rate {alert.suggestedLr}
      </button>
    </div>
  );
}
