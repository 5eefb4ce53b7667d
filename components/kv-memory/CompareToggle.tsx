import { useId } from 'react';
import type { CompareMode } from '../../src/config';

interface CompareToggleProps {
  value: CompareMode;
  onChange: (compare: CompareMode) => void;
  /** a classroom link locked the controls */
  disabled?: boolean;
}

const OPTIONS: readonly { value: CompareMode; label: string; hint: string }[] = [
  { value: 'head', label: 'Head-matched', hint: 'same h for every kind' },
  { value: 'param', label: 'Parameter-matched', hint: 'h chosen for ≈ 4d² attention parameters' },
];

/** Two radio buttons styled as a segmented control (arrow keys move between them, as for any radio group). */
export function CompareToggle({ value, onChange, disabled }: CompareToggleProps) {
  const name = useId();
  return (
    <fieldset
      className="kv-segmented"
      data-testid="kv-compare"
      data-control-group="compare"
      disabled={disabled}
    >
      <legend>Compare the kinds</legend>
      <div className="kv-segmented__options">
        {OPTIONS.map((option) => (
          <label key={option.value} className="kv-segmented__option">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            <span className="kv-segmented__text">
              <span className="kv-segmented__label">{option.label}</span>
              <span className="kv-segmented__hint">{option.hint}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
