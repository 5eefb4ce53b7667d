import { useId } from 'react';
import type { Budget } from '../../src/sweep/protocol';
import type { BudgetOption } from '../../src/view-models/quality/budget-view';

interface BudgetSwitchProps {
  options: readonly BudgetOption[];
  value: Budget;
  onChange: (budget: Budget) => void;
}

/**
 * Which token budget the corpus summary and Pareto chart show: radio buttons styled as a segmented
 * control (arrow keys move between them, as in any radio group). The style is the memory panel's
 * (components/kv-memory/kv-memory.css, loaded with the first screen).
 */
export function BudgetSwitch({ options, value, onChange }: BudgetSwitchProps) {
  const name = useId();
  return (
    <fieldset className="kv-segmented quality-budget-switch" data-testid="quality-budget-switch">
      <legend>Token budget of the corpus runs</legend>
      <div className="kv-segmented__options">
        {options.map((o) => (
          <label key={o.budget} className="kv-segmented__option" data-budget={o.budget}>
            <input
              type="radio"
              name={name}
              value={o.budget}
              checked={value === o.budget}
              onChange={() => onChange(o.budget)}
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
