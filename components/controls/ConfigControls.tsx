import { FIELDS, PRESETS, applyPreset, matchingPreset } from '../../src/config';
import type { PlaygroundConfig } from '../../src/config';
import type { ControlGroup } from '../../src/config/fields';
import { DTYPES, DTYPE_LABELS } from '../../src/memory';
import { ATTENTION_KINDS, KIND_LABELS } from '../../src/spec';
import type { Dtype } from '../../src/memory';
import type { AttentionKind } from '../../src/spec';
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
import { SelectControl } from './SelectControl';
import type { SelectOption } from './SelectControl';

export interface ConfigControlsProps {
  config: PlaygroundConfig;
  hints: Partial<Record<keyof PlaygroundConfig, string>>;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
}

interface SliderGroupProps extends ConfigControlsProps {
  group: ControlGroup;
  title: string;
  specs: readonly SliderSpec[];
  note?: string;
}

function SliderGroup(props: SliderGroupProps) {
  const { config, hints, onChange } = props;
  return (
    <fieldset className="controls__group" data-control-group={props.group}>
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

const PRESET_OPTIONS: readonly SelectOption<string>[] = [
  { value: '', label: 'Custom' },
  ...PRESETS.map((p) => ({ value: p.id, label: p.label })),
];
const KIND_OPTIONS = ATTENTION_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }));
const DTYPE_OPTIONS = DTYPES.map((d) => ({ value: d, label: DTYPE_LABELS[d] }));

/**
 * Every knob of the memory explorer, grouped by what it shapes, plus presets and the share link. A classroom
 * link can hide groups (`config.hidden`) and lock the rest (`config.locked`): locked controls are disabled,
 * and the note saying so lives beside them (ClassroomNotice).
 */
export function ConfigControls(props: ConfigControlsProps) {
  const { config, onChange } = props;
  const show = (group: ControlGroup) => !config.hidden.includes(group);
  const preset = matchingPreset(config);
  return (
    <form className="controls" aria-label="Configuration" onSubmit={(e) => e.preventDefault()}>
      <fieldset className="controls__lock" disabled={config.locked === 1} data-testid="controls-lock">
        <legend className="visually-hidden">
          {config.locked === 1 ? 'Settings (locked by the link)' : 'Settings'}
        </legend>
        <div className="controls__row">
          {show('presets') ? (
            <SelectControl
              label="Preset"
              testId="control-preset"
              group="presets"
              value={preset?.id ?? ''}
              options={PRESET_OPTIONS}
              onChange={(id) => {
                const chosen = PRESETS.find((p) => p.id === id);
                if (chosen) onChange(applyPreset(config, chosen));
              }}
            />
          ) : null}
          <SelectControl
            label="Attention kind"
            testId="control-kind"
            value={config.kind}
            options={KIND_OPTIONS}
            onChange={(kind: AttentionKind) => onChange({ kind })}
          />
          {show('workload') ? (
            <SelectControl
              label={FIELDS.dtype.label}
              testId="control-dtype"
              group="workload"
              value={config.dtype}
              options={DTYPE_OPTIONS}
              onChange={(dtype: Dtype) => onChange({ dtype })}
            />
          ) : null}
        </div>
        {preset && show('presets') ? <p className="controls__note">{preset.source}</p> : null}
        <div className="controls__groups">
          {show('ranks') ? (
            <SliderGroup
              {...props}
              group="ranks"
              title="TPA ranks"
              specs={TPA_SLIDERS}
              note="TPA and TPA-KVonly cache R_K + R_V factor pairs per token."
            />
          ) : null}
          {show('shape') ? (
            <SliderGroup {...props} group="shape" title="Model shape" specs={SHAPE_SLIDERS} />
          ) : null}
          {show('gqa') ? <SliderGroup {...props} group="gqa" title="GQA" specs={GQA_SLIDERS} /> : null}
          {show('mla') ? <SliderGroup {...props} group="mla" title="MLA" specs={MLA_SLIDERS} /> : null}
          {show('workload') ? (
            <SliderGroup {...props} group="workload" title="Workload" specs={WORKLOAD_SLIDERS} />
          ) : null}
        </div>
      </fieldset>
      <div className="controls__row controls__share">
        <CopyLinkButton config={config} />
      </div>
    </form>
  );
}
