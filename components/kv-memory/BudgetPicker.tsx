import { useId, useState } from 'react';
import type { ChangeEvent } from 'react';
import { FIELDS } from '../../src/config';
import { BUDGET_PRESETS_GB, formatGB } from '../../src/view-models/memory';

interface BudgetPickerProps {
  budgetGB: number;
  onChange: (budgetGB: number) => void;
  /** a classroom link locked the controls */
  disabled?: boolean;
}

const CUSTOM = 'custom';
const { min: MIN_GB, max: MAX_GB } = FIELDS.budgetGB;

function isPreset(gb: number): boolean {
  return BUDGET_PRESETS_GB.includes(gb);
}

/** A whole number of GB within the knob's range, or null. */
function parseBudget(text: string): number | null {
  const value = Number(text);
  return text.trim() !== '' && Number.isInteger(value) && value >= MIN_GB && value <= MAX_GB ? value : null;
}

/** Memory budget: common accelerator sizes, or any whole number of GB typed in. */
export function BudgetPicker({ budgetGB, onChange, disabled }: BudgetPickerProps) {
  const selectId = useId();
  const inputId = useId();
  const [customChosen, setCustomChosen] = useState(false);
  const [draft, setDraft] = useState(String(budgetGB));
  const [seen, setSeen] = useState(budgetGB);
  if (seen !== budgetGB) {
    // the budget changed from outside (a link, another control): show it unless the draft already says so
    setSeen(budgetGB);
    if (parseBudget(draft) !== budgetGB) setDraft(String(budgetGB));
  }
  const custom = customChosen || !isPreset(budgetGB);

  const onSelect = (event: ChangeEvent<HTMLSelectElement>) => {
    if (event.target.value === CUSTOM) {
      setCustomChosen(true);
      return;
    }
    setCustomChosen(false);
    onChange(Number(event.target.value));
  };
  const onType = (event: ChangeEvent<HTMLInputElement>) => {
    setDraft(event.target.value);
    const value = parseBudget(event.target.value);
    if (value !== null && value !== budgetGB) onChange(value);
  };
  const invalid = custom && parseBudget(draft) === null;

  return (
    <div className="kv-budget" data-testid="kv-budget" data-control-group="workload">
      <label htmlFor={selectId}>Memory budget</label>
      <select
        id={selectId}
        value={custom ? CUSTOM : String(budgetGB)}
        onChange={onSelect}
        disabled={disabled}
      >
        {BUDGET_PRESETS_GB.map((gb) => (
          <option key={gb} value={String(gb)}>
            {formatGB(gb)}
          </option>
        ))}
        <option value={CUSTOM}>Custom…</option>
      </select>
      {custom && (
        <span className="kv-budget__custom">
          <label htmlFor={inputId}>Custom budget (GB)</label>
          <input
            id={inputId}
            type="number"
            inputMode="numeric"
            min={MIN_GB}
            max={MAX_GB}
            step={1}
            value={draft}
            disabled={disabled}
            aria-invalid={invalid}
            aria-describedby={invalid ? `${inputId}-error` : undefined}
            onChange={onType}
          />
          {invalid && (
            <span id={`${inputId}-error`} className="kv-budget__error">
              a whole number from {MIN_GB} to {MAX_GB}
            </span>
          )}
        </span>
      )}
    </div>
  );
}
