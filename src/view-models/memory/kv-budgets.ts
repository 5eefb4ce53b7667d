import { formatGB } from '../format';

/** 1 GB as the budget knob means it: 10^9 bytes. */
export const BYTES_PER_GB = 1e9;

/**
 * Budgets offered in the selector, in GB: common accelerator memory sizes (8–24 GB consumer cards,
 * 40/80 GB A100, 141 GB H200, 192 GB MI300X/B200). A custom value is always allowed as well.
 */
export const BUDGET_PRESETS_GB: readonly number[] = [8, 16, 24, 40, 80, 141, 192];

/** Reference lines drawn on the total-cache chart whatever budget is chosen: a 24 GB and an 80 GB card. */
const REFERENCE_BUDGETS_GB: readonly number[] = [24, 80];

export interface BudgetLine {
  gb: number;
  bytes: number;
  /** the budget the reader chose (longest contexts are computed against this one) */
  chosen: boolean;
  label: string;
}

/** The horizontal budget lines: the references plus the chosen budget, without duplicates, smallest first. */
export function budgetLines(chosenGB: number): BudgetLine[] {
  const values = [...new Set([...REFERENCE_BUDGETS_GB, chosenGB])].sort((a, b) => a - b);
  return values.map((gb) => {
    const chosen = gb === chosenGB;
    return {
      gb,
      bytes: gb * BYTES_PER_GB,
      chosen,
      label: chosen ? `${formatGB(gb)} budget` : formatGB(gb),
    };
  });
}
