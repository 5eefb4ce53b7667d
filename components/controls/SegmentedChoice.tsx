import { useId } from 'react';

export interface SegmentedOption<T extends string> {
  readonly value: T;
  readonly label: string;
  /** a few words under or beside the label */
  readonly hint: string;
}

interface SegmentedChoiceProps<T extends string> {
  legend: string;
  options: readonly SegmentedOption<T>[];
  value: T;
  onChange: (value: T) => void;
  testId: string;
  /** classes besides `kv-segmented` */
  className?: string;
  /** each option's label carries its value in this attribute (e.g. `data-budget`), for tests and styles */
  optionAttribute?: `data-${string}`;
  /** the fieldset's `data-control-group` (a classroom link can hide or lock the group by it) */
  controlGroup?: string;
  /** a classroom link locked the controls */
  disabled?: boolean;
}

/**
 * One choice out of a few, as radio buttons styled as a segmented control: arrow keys move between them,
 * as in any radio group. The style is the memory panel's (components/kv-memory/kv-memory.css, loaded
 * with the first screen).
 */
export function SegmentedChoice<T extends string>({
  legend,
  options,
  value,
  onChange,
  testId,
  className,
  optionAttribute,
  controlGroup,
  disabled,
}: SegmentedChoiceProps<T>) {
  const name = useId();
  return (
    <fieldset
      className={className ? `kv-segmented ${className}` : 'kv-segmented'}
      data-testid={testId}
      data-control-group={controlGroup}
      disabled={disabled}
    >
      <legend>{legend}</legend>
      <div className="kv-segmented__options">
        {options.map((o) => (
          <label
            key={o.value}
            className="kv-segmented__option"
            {...(optionAttribute ? { [optionAttribute]: o.value } : {})}
          >
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
            />
            <span className="kv-segmented__text">
              <span className="kv-segmented__label">{o.label}</span>{' '}
              <span className="kv-segmented__hint">{o.hint}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
