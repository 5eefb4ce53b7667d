import { useCallback, useId, useMemo, useState } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { formatSignificant } from '../../src/view-models/memory';
import { baselineRows, cacheStrip, wasmPackedCopy } from '../../src/view-models/training/cache-view';
import {
  useBackendInfo,
  useBaselines,
  useGeneration,
  useModelInfo,
  useRuntimeActions,
  useRuntimePhase,
  useTrainedSteps,
} from '../../src/state/model-context';
import { KnobSlider } from '../training/KnobSlider';
import { SAMPLING_KNOBS } from '../training/knobs';
import { useStartWhenVisible } from '../training/use-start-when-visible';
import { RangeControl } from '../controls';
import { BaselineTable } from './BaselineTable';
import { CacheStripView } from './CacheStripView';
import '../training/training.css';
import './generation.css';

export interface GenerationPanelProps {
  config: PlaygroundConfig;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
}

const MAX_TOKENS = [20, 50, 100, 200, 400] as const;

/**
 * Prompt in, tokens stream out of the worker; under the text, the KV cache of every layer grows token by
 * token with the bytes measured in the worker beside the formula's prediction, and on request the same
 * measurement for every attention kind.
 */
export function GenerationPanel({ config, onChange }: GenerationPanelProps) {
  const rt = useRuntimeActions();
  const id = useId();
  const [prompt, setPrompt] = useState('The ');
  const [maxIndex, setMaxIndex] = useState(2);
  const phase = useRuntimePhase();
  const model = useModelInfo();
  const generation = useGeneration();
  const steps = useTrainedSteps();
  const baselines = useBaselines();
  const start = useCallback(() => rt.start(), [rt]);
  const ref = useStartWhenVisible<HTMLDivElement>(start);

  const strip = useMemo(() => {
    const last = generation.last;
    return model && last
      ? cacheStrip(model.config.attention, model.config.maxSeqLen, last.cacheTokens, last.layerBytes)
      : null;
  }, [model, generation.last]);
  const backend = useBackendInfo()?.backend ?? null;
  const packed = useMemo(
    () =>
      model && generation.last
        ? wasmPackedCopy(model.config.attention, backend, generation.last.cacheTokens, model.config.layers)
        : null,
    [model, generation.last, backend],
  );
  const rows = useMemo(
    () =>
      baselines && model ? baselineRows(baselines.rows, baselines.shapes, model.config.attention.kind) : [],
    [baselines, model],
  );

  const canGenerate = model !== null && (phase === 'ready' || phase === 'training' || phase === 'paused');
  const running = generation.status === 'running';
  const maxTokens = MAX_TOKENS[maxIndex] ?? 100;
  const trained = `${steps} training step${steps === 1 ? '' : 's'}`;

  return (
    <div className="generation-panel" ref={ref} data-testid="generation-panel">
      <form
        className="generation-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (running) rt.stopGeneration();
          else rt.generate(prompt, maxTokens);
        }}
      >
        <label htmlFor={`${id}-prompt`}>Prompt</label>
        <textarea
          id={`${id}-prompt`}
          rows={2}
          value={prompt}
          onChange={(e) => setPrompt(e.currentTarget.value)}
          data-testid="prompt"
        />
        <div className="training-settings__sliders">
          <RangeControl
            label="tokens to generate"
            display={String(maxTokens)}
            position={maxIndex}
            min={0}
            max={MAX_TOKENS.length - 1}
            onInput={setMaxIndex}
            testId="control-max-tokens"
          />
          {config.hidden.includes('generation')
            ? null
            : SAMPLING_KNOBS.map((k) => (
                <KnobSlider
                  key={k.key}
                  knob={k}
                  config={config}
                  onChange={onChange}
                  disabled={config.locked === 1}
                />
              ))}
        </div>
        <div className="training-buttons">
          {phase === 'idle' ? (
            <button type="button" onClick={start}>
              Load the model
            </button>
          ) : (
            <button type="submit" disabled={!running && !canGenerate} data-testid="generate">
              {running ? 'Stop' : 'Generate'}
            </button>
          )}
          <span className="training-note">
            {model
              ? `The model has had ${trained}${steps < 50 ? ': expect noise until it has trained a while' : ''}. Sampling seed ${config.seed}.`
              : 'The model is not ready yet.'}
          </span>
        </div>
      </form>

      <output
        className="generated-text"
        htmlFor={`${id}-prompt`}
        data-testid="generated-text"
        data-status={generation.status}
        data-tokens={generation.tokens}
      >
        <span className="generated-text__prompt">{generation.status === 'idle' ? '' : prompt}</span>
        <span className="generated-text__new">{generation.text}</span>
      </output>
      <p className="training-note" aria-live="polite" data-testid="generation-status">
        {generation.status === 'done' && generation.firstTokenMs !== null
          ? `Generated ${generation.tokens} tokens: the first after ${formatSignificant(generation.firstTokenMs)} ms (prompt included), then ${
              generation.meanTokenMs === null ? '–' : formatSignificant(generation.meanTokenMs)
            } ms per token.`
          : generation.status === 'stopped'
            ? `Stopped after ${generation.tokens} tokens.`
            : generation.status === 'error'
              ? `Generation failed: ${generation.error ?? 'unknown error'}`
              : ''}
        {generation.unknownChars > 0
          ? generation.unknownChars === 1
            ? ' 1 prompt character is not in the vocabulary and was read as unknown.'
            : ` ${generation.unknownChars} prompt characters are not in the vocabulary and were read as unknown.`
          : ''}
      </p>

      {strip ? <CacheStripView strip={strip} packed={packed} /> : null}

      <div className="baselines">
        <button
          type="button"
          className="button--quiet"
          onClick={() => void rt.compareBaselines()}
          disabled={!canGenerate || baselines?.status === 'running'}
          data-testid="compare-baselines"
        >
          {baselines?.status === 'running' ? 'Measuring…' : 'Measure every kind’s cache'}
        </button>
        {baselines?.status === 'error' ? <p role="alert">Measuring failed: {baselines.error}</p> : null}
        {rows.length > 0 ? <BaselineTable rows={rows} /> : null}
      </div>
    </div>
  );
}
