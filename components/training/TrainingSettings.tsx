import { useId } from 'react';
import { FIELDS } from '../../src/config';
import type { PlaygroundConfig } from '../../src/config';
import type { DatasetChoice } from '../../src/config/fields';
import type { BackendChoice, ThreadChoice } from '../../src/spec';
import { SWEEP_PROTOCOLS } from '../../src/sweep/protocol';
import { KnobSlider } from './KnobSlider';
import { MODEL_KNOBS, TRAINING_KNOBS } from './knobs';

export interface TrainingSettingsProps {
  config: PlaygroundConfig;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
  disabled: boolean;
}

// every dataset and backend of src/config, in its order (the Record type makes a missing one an error)
const DATASET_LABEL: Record<DatasetChoice, string> = {
  corpus: 'English sentences (bundled)',
  recall: 'Associative recall (key-value pairs)',
  custom: 'Your own text',
};

const BACKEND_LABEL: Record<BackendChoice, string> = {
  auto: 'auto (fastest that works)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly (CPU)',
  cpu: 'plain JavaScript (CPU)',
};

const THREAD_LABEL: Record<ThreadChoice, string> = {
  auto: 'auto (a short probe decides)',
  '1': '1',
  '2': '2',
  '4': '4',
};

interface ChoiceSelectProps<T extends string> {
  label: string;
  value: T;
  /** every choice and its label, in display order */
  choices: Readonly<Record<T, string>>;
  onChange: (value: T) => void;
  testId: string;
}

function ChoiceSelect<T extends string>({ label, value, choices, onChange, testId }: ChoiceSelectProps<T>) {
  const keys = Object.keys(choices) as T[];
  return (
    <label className="controls__select">
      <span>{label}</span>
      <select
        value={value}
        onChange={(e) => {
          const next = keys.find((k) => k === e.currentTarget.value);
          if (next !== undefined) onChange(next);
        }}
        data-testid={testId}
      >
        {keys.map((k) => (
          <option key={k} value={k}>
            {choices[k]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The peak learning rate the shipped recall runs train at (src/sweep/protocol). */
const RECALL_LR = SWEEP_PROTOCOLS.recall.learningRate;

/** The knobs of the in-browser model: data, seed, backend, training schedule and (folded) model size. */
export function TrainingSettings({ config, onChange, disabled }: TrainingSettingsProps) {
  const id = useId();
  return (
    <fieldset className="training-settings" disabled={disabled} data-testid="training-settings">
      <legend>Training settings</legend>
      <div className="training-settings__row">
        <ChoiceSelect
          label="Data"
          value={config.dataset}
          choices={DATASET_LABEL}
          onChange={(dataset) => onChange({ dataset })}
          testId="control-dataset"
        />
        <ChoiceSelect
          label="Backend"
          value={config.backend}
          choices={BACKEND_LABEL}
          onChange={(backend) => onChange({ backend })}
          testId="control-backend"
        />
        <ChoiceSelect
          label="WebAssembly threads"
          value={config.wasmThreads}
          choices={THREAD_LABEL}
          onChange={(wasmThreads) => onChange({ wasmThreads })}
          testId="control-threads"
        />
        <label className="controls__select training-settings__seed">
          <span id={`${id}-seed`}>Seed</span>
          <input
            type="number"
            min={FIELDS.seed.min}
            max={FIELDS.seed.max}
            step={1}
            value={config.seed}
            onChange={(e) => {
              const seed = Number(e.currentTarget.value);
              if (Number.isInteger(seed)) onChange({ seed });
            }}
            data-testid="control-seed"
          />
        </label>
      </div>
      {config.dataset === 'recall' && config.learningRate > RECALL_LR && (
        <p className="training-note" data-testid="training-recall-hint">
          Recall is trained on the answers only. The quality panel’s recall runs learn at a peak learning rate
          of {RECALL_LR}: at higher rates a 2-layer model can stay near guessing for a long time.{' '}
          <button
            type="button"
            className="button--quiet"
            onClick={() => onChange({ learningRate: RECALL_LR })}
          >
            Use {RECALL_LR}
          </button>
        </p>
      )}
      <div className="training-settings__sliders">
        {TRAINING_KNOBS.map((k) => (
          <KnobSlider key={k.key} knob={k} config={config} onChange={onChange} />
        ))}
      </div>
      <details className="training-settings__model">
        <summary>Model size</summary>
        <p className="training-note">
          The attention kind and its ranks come from the explorer’s settings above, fitted to this small
          model.
        </p>
        <div className="training-settings__sliders">
          {MODEL_KNOBS.map((k) => (
            <KnobSlider key={k.key} knob={k} config={config} onChange={onChange} />
          ))}
        </div>
      </details>
    </fieldset>
  );
}
