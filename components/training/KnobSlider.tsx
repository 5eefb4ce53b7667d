import type { PlaygroundConfig } from '../../src/config';
import { RangeControl } from '../controls';
import { positionOf } from '../controls/slider-specs';
import type { Knob } from './knobs';

export interface KnobSliderProps {
  knob: Knob;
  config: PlaygroundConfig;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
  disabled?: boolean;
  hint?: string | undefined;
}

/** A model knob as a native range slider over its listed values (keyboard: arrows, Home, End). */
export function KnobSlider({ knob, config, onChange, disabled, hint }: KnobSliderProps) {
  const value = config[knob.key];
  const display = knob.format ? knob.format(value) : String(value);
  return (
    <RangeControl
      label={knob.label}
      display={display}
      position={positionOf(knob.values, value)}
      min={0}
      max={knob.values.length - 1}
      onInput={(p) => {
        const next = knob.values[p];
        if (next !== undefined) onChange({ [knob.key]: next } as Partial<PlaygroundConfig>);
      }}
      testId={`control-${knob.key}`}
      disabled={disabled ?? false}
      hint={hint}
    />
  );
}
