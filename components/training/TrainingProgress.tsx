import type { TrainingStats } from '../../src/view-models/training/training-stats';
import { formatDuration } from '../../src/view-models/format';
import { formatInteger, formatSignificant } from '../../src/view-models/memory';

export interface TrainingProgressProps {
  stats: TrainingStats;
  /** loss of the first recorded step (to read the improvement) */
  firstLoss: number | null;
  running: boolean;
}

const dash = '–';

/** Step, progress bar, speed, ETA and the latest losses. Every value carries its raw number in data-value. */
export function TrainingProgress({ stats, firstLoss, running }: TrainingProgressProps) {
  const rows: { id: string; label: string; value: number | null; text: string }[] = [
    {
      id: 'loss-first',
      label: 'loss at step 1',
      value: firstLoss,
      text: firstLoss === null ? dash : firstLoss.toFixed(3),
    },
    {
      id: 'loss-latest',
      label: 'training loss',
      value: stats.loss,
      text: stats.loss === null ? dash : stats.loss.toFixed(3),
    },
    {
      id: 'loss-valid',
      label: stats.valStep === null ? 'validation loss' : `validation loss (step ${stats.valStep})`,
      value: stats.valLoss,
      text: stats.valLoss === null ? dash : stats.valLoss.toFixed(3),
    },
    {
      id: 'tokens-per-sec',
      label: 'tokens / s',
      value: stats.tokensPerSec,
      text: stats.tokensPerSec === null ? dash : formatInteger(stats.tokensPerSec),
    },
    {
      id: 'step-ms',
      label: 'step time',
      value: stats.stepMs,
      text: stats.stepMs === null ? dash : `${formatSignificant(stats.stepMs)} ms`,
    },
    {
      id: 'eta',
      label: 'time left',
      value: stats.etaMs,
      text: stats.etaMs === null || !running ? dash : formatDuration(stats.etaMs),
    },
  ];
  if (stats.accuracy !== null) {
    rows.push({
      id: 'recall-accuracy',
      label: 'recall accuracy',
      value: stats.accuracy,
      text: `${(stats.accuracy * 100).toFixed(1)}%`,
    });
  }
  return (
    <div className="training-progress">
      <label className="training-progress__bar">
        <span>
          Step{' '}
          <span data-testid="train-step" data-value={stats.step}>
            {formatInteger(stats.step)}
          </span>{' '}
          of {formatInteger(stats.untilStep)}
        </span>
        <progress max={stats.untilStep} value={stats.step} />
      </label>
      <dl className="training-progress__stats">
        {rows.map((r) => (
          <div key={r.id}>
            <dt>{r.label}</dt>
            <dd data-testid={r.id} data-value={r.value ?? ''}>
              {r.text}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
