import { useCallback, useMemo } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { lossSeries } from '../../src/view-models/training/loss-series';
import { trainingStats } from '../../src/view-models/training/training-stats';
import { useRuntimeActions, useTrainingState } from '../../src/state/model-context';
import { BackendBadge } from '../backend-badge';
import { CustomTextInput } from './CustomTextInput';
import { LossChart } from './LossChart';
import { ModelSummary } from './ModelSummary';
import { RuntimeNotices } from './RuntimeNotices';
import { TrainingAlertView } from './TrainingAlertView';
import { TrainingButtons } from './TrainingButtons';
import { TrainingProgress } from './TrainingProgress';
import { TrainingSettings } from './TrainingSettings';
import { useStartWhenVisible } from './use-start-when-visible';
import './training.css';

export interface TrainingPanelProps {
  config: PlaygroundConfig;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
}

const PHASE_TEXT = {
  idle: 'The model loads when you reach this panel.',
  starting: 'Starting the model worker…',
  building: 'Building the model…',
  restarting: 'Restarting the model worker…',
  failed: 'The model worker stopped.',
  ready: '',
  training: 'Training…',
  paused: 'Paused. Progress is saved.',
} as const;

/**
 * Train the small T6 in a worker while the page stays responsive: settings, start / pause / step /
 * reset, live training and validation loss, speed and ETA, and a clear message when the loss goes
 * wrong. Holds no model math: numbers come from the runtime's store and src/runtime view-models.
 */
export function TrainingPanel({ config, onChange }: TrainingPanelProps) {
  const rt = useRuntimeActions();
  const {
    phase,
    backend,
    status,
    override,
    shape,
    adjustments,
    model,
    history,
    untilStep,
    alert,
    trainError,
    notices,
    customText,
    checkpoint,
    storageNotice,
  } = useTrainingState();

  const start = useCallback(() => rt.start(), [rt]);
  const ref = useStartWhenVisible<HTMLDivElement>(start);
  const target =
    phase === 'training' || phase === 'paused' ? (untilStep ?? config.trainSteps) : config.trainSteps;
  const stats = useMemo(() => trainingStats(history, target), [history, target]);
  const series = useMemo(() => lossSeries(history, target), [history, target]);
  const validation = useMemo(() => history.filter((p) => p.valLoss !== null).slice(-12), [history]);
  const locked = config.locked === 1;

  return (
    <div className="training-panel" ref={ref} data-testid="training-panel" data-phase={phase}>
      <BackendBadge phase={phase} backend={backend} status={status} override={override} />
      <RuntimeNotices notices={notices} onDismiss={(id) => rt.dismissNotice(id)} />
      {storageNotice ? (
        <p className="runtime-notice runtime-notice--warn" role="status" data-testid="storage-notice">
          {storageNotice}
        </p>
      ) : null}
      {config.hidden.includes('training') ? null : (
        <TrainingSettings config={config} onChange={onChange} disabled={locked} />
      )}
      {config.dataset === 'custom' ? (
        <CustomTextInput
          text={customText}
          contextLength={config.modelContext}
          onChange={(t) => rt.setCustomText(t)}
          disabled={locked}
        />
      ) : null}
      <ModelSummary shape={shape} adjustments={adjustments} model={model} />
      <TrainingButtons
        phase={phase}
        hasModel={model !== null}
        step={stats.step}
        target={config.trainSteps}
        onLoad={start}
        onStart={() => rt.train()}
        onPause={() => rt.pause()}
        onResume={() => rt.resume()}
        onStep={() => rt.step()}
        onReset={() => void rt.reset()}
        onRestart={() => rt.restartNow()}
      />
      <p className="training-note" aria-live="polite" data-testid="training-status">
        {PHASE_TEXT[phase]}
        {checkpoint && checkpoint.step > 0 ? ` Saved in this browser at step ${checkpoint.step}.` : ''}
      </p>
      {trainError ? (
        <p className="training-error" role="alert" data-testid="train-error">
          {trainError}
        </p>
      ) : null}
      {alert ? (
        <TrainingAlertView
          alert={alert}
          onUseSuggestion={(lr) => onChange({ learningRate: lr })}
          disabled={locked}
        />
      ) : null}
      <TrainingProgress stats={stats} firstLoss={history[0]?.loss ?? null} running={phase === 'training'} />
      <LossChart series={series} />
      {validation.length > 0 ? (
        <details className="training-table">
          <summary>Validation losses (latest {validation.length})</summary>
          <table data-testid="validation-table">
            <thead>
              <tr>
                <th scope="col">step</th>
                <th scope="col">training loss</th>
                <th scope="col">validation loss</th>
                {validation.some((p) => p.accuracy !== null) ? <th scope="col">recall accuracy</th> : null}
              </tr>
            </thead>
            <tbody>
              {validation.map((p) => (
                <tr key={p.step}>
                  <th scope="row">{p.step}</th>
                  <td>{p.loss.toFixed(3)}</td>
                  <td>{p.valLoss?.toFixed(3)}</td>
                  {p.accuracy !== null ? <td>{(p.accuracy * 100).toFixed(1)}%</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </div>
  );
}
