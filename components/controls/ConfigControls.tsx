import { FIELDS, PRESETS, applyPreset, matchingPreset } from '../../src/config';
import type { PlaygroundConfig } from '../../src/config';
import { ATTENTION_KINDS, DTYPES, DTYPE_LABELS, KIND_LABELS } from '../../src/memory';
import type { AttentionKind, Dtype } from '../../src/memory';
import { RangeControl } from './RangeControl';
import {
  GQA_SLIDERS,
  MLA_SLIDERS,
  SHAPE_SLIDERS,
  TPA_SLIDERS,
  WORKLOAD_SLIDERS,
  formatValue,
  positionOf,
} from './slider-specs';
import type { SliderSpec } from './slider-specs';
import { CopyLinkButton } from './CopyLinkButton';

export interface ConfigControlsProps {
  config: PlaygroundConfig;
  hints: Partial<Record<keyof PlaygroundConfig, string>>;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
}

function SliderGroup(
  props: ConfigControlsProps & { title: string; specs: readonly SliderSpec[]; note?: string },
) {
  const { config, hints, onChange } = props;
  return (
    <fieldset className="controls__group">
      <legend>{props.title}</legend>
      {props.note ? <p className="controls__note">{props.note}</p> : null}
      {props.specs.map((spec) => {
        const values = spec.values(config);
        const value = config[spec.key];
        const hint = [hints[spec.key], spec.rule?.(config)].filter(Boolean).join(' · ');
        return (
          <RangeControl
            key={spec.key}
            testId={`control-${spec.key}`}
            label={spec.label}
            display={formatValue(spec, value)}
            position={positionOf(values, value)}
            min={0}
            max={values.length - 1}
            onInput={(pos) => onChange({ [spec.key]: values[pos] })}
            hint={hint || undefined}
          />
        );
      })}
    </fieldset>
  );
}

/** Every knob of the memory explorer, grouped by what it shapes, plus presets and the share link. */
export function ConfigControls(props: ConfigControlsProps) {
  const { config, onChange } = props;
  const preset = matchingPreset(config);
  return (
    <form className="controls" aria-label="Configuration" onSubmit={(e) => e.preventDefault()}>
      <div className="controls__row">
        <label className="controls__select">
          <span>Preset</span>
          <select
            data-testid="control-preset"
            value={preset?.id ?? ''}
            onChange={(e) => {
              const chosen = PRESETS.find((p) => p.id === e.currentTarget.value);
              if (chosen) onChange(applyPreset(config, chosen));
            }}
          >
            <option value="">Custom</option>
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label className="controls__select">
          <span>Attention kind</span>
          <select
            data-testid="control-kind"
            value={config.kind}
            onChange={(e) => onChange({ kind: e.currentTarget.value as AttentionKind })}
          >
            {ATTENTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="controls__select">
          <span>{FIELDS.dtype.label}</span>
          <select
            data-testid="control-dtype"
            value={config.dtype}
            onChange={(e) => onChange({ dtype: e.currentTarget.value as Dtype })}
          >
            {DTYPES.map((d) => (
              <option key={d} value={d}>
                {DTYPE_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
        <CopyLinkButton config={config} />
      </div>
      {preset ? <p className="controls__note">{preset.source}</p> : null}
      <div className="controls__groups">
        <SliderGroup
          {...props}
          title="TPA ranks"
          specs={TPA_SLIDERS}
          note="TPA and TPA-KVonly cache R_K + R_V factor pairs per token."
        />
        <SliderGroup {...props} title="Model shape" specs={SHAPE_SLIDERS} />
        <SliderGroup {...props} title="GQA" specs={GQA_SLIDERS} />
        <SliderGroup {...props} title="MLA" specs={MLA_SLIDERS} />
        <SliderGroup {...props} title="Workload" specs={WORKLOAD_SLIDERS} />
      </div>
    </form>
  );
}
