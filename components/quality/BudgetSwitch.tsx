import { useMemo } from 'react';
import type { Budget } from '../../src/sweep/protocol';
import type { BudgetOption } from '../../src/view-models/quality/budget-view';
import { SegmentedChoice } from '../controls';

interface BudgetSwitchProps {
  options: readonly BudgetOption[];
  value: Budget;
  onChange: (budget: Budget) => void;
}

/** Which token budget the corpus summary and Pareto chart show, as a segmented control. */
export function BudgetSwitch({ options, value, onChange }: BudgetSwitchProps) {
  const choices = useMemo(
    () => options.map((o) => ({ value: o.budget, label: o.label, hint: o.hint })),
    [options],
  );
  return (
    <SegmentedChoice
      legend="Token budget of the corpus runs"
      options={choices}
      value={value}
      onChange={onChange}
      testId="quality-budget-switch"
      className="quality-budget-switch"
      optionAttribute="data-budget"
    />
  );
}
