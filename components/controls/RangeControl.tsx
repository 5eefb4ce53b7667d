import { useId } from 'react';
import type { ReactNode } from 'react';

export interface RangeControlProps {
  label: ReactNode;
  /** value shown beside the label (may differ from the slider position, e.g. 2^k) */
  display: string;
  /** slider position */
  position: number;
  min: number;
  max: number;
  step?: number;
  onInput: (position: number) => void;
  /** visible hint under the slider (constraints, what changed) */
  hint?: string | undefined;
  /** text for assistive tech when the position is not the value (aria-valuetext) */
  valueText?: string;
  testId?: string;
  disabled?: boolean;
}

/** A native range input with its label, the current value and an optional hint: keyboard works natively. */
export function RangeControl(props: RangeControlProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="range-control" data-testid={props.testId}>
      <div className="range-control__head">
        <label htmlFor={id}>{props.label}</label>
        <output
          htmlFor={id}
          className="range-control__value"
          data-testid={props.testId && `${props.testId}-value`}
        >
          {props.display}
        </output>
      </div>
      <input
        id={id}
        type="range"
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={props.position}
        disabled={props.disabled}
        aria-valuetext={props.valueText ?? props.display}
        aria-describedby={props.hint ? hintId : undefined}
        onChange={(e) => props.onInput(Number(e.currentTarget.value))}
      />
      {props.hint ? (
        <p id={hintId} className="range-control__hint" role="note">
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}
