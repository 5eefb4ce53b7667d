import { useId } from 'react';
import { STOP_TEXT } from '../../src/view-models/factors';
import { SPECIAL_STOPS } from '../../src/spec';
import type { SpecialStop } from '../../src/spec';

export interface StopPickerProps {
  stop: SpecialStop;
  onStop: (stop: SpecialStop) => void;
}

/** The morph control: native radios (one tab stop, arrow keys move), styled as a segmented bar. */
export function StopPicker({ stop, onStop }: StopPickerProps) {
  const id = useId();
  return (
    <fieldset className="stop-picker" data-testid="special-stops">
      <legend>Turn TPA into</legend>
      {SPECIAL_STOPS.map((s) => (
        <label key={s} className="chip stop-picker__option" data-testid={`special-stop-${s}`}>
          <input type="radio" name={`${id}-stop`} value={s} checked={stop === s} onChange={() => onStop(s)} />
          <span>{s === 'tpa' ? 'TPA (trained)' : STOP_TEXT[s].title}</span>
        </label>
      ))}
    </fieldset>
  );
}
