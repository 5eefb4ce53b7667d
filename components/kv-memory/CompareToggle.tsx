import type { CompareMode } from '../../src/config';
import { SegmentedChoice } from '../controls';
import type { SegmentedOption } from '../controls';

interface CompareToggleProps {
  value: CompareMode;
  onChange: (compare: CompareMode) => void;
  /** a classroom link locked the controls */
  disabled?: boolean;
}

const OPTIONS: readonly SegmentedOption<CompareMode>[] = [
  { value: 'head', label: 'Head-matched', hint: 'same h for every kind' },
  { value: 'param', label: 'Parameter-matched', hint: 'h chosen for ≈ 4d² attention parameters' },
];

/** Head- or parameter-matched comparison of the kinds, as a segmented control. */
export function CompareToggle({ value, onChange, disabled }: CompareToggleProps) {
  return (
    <SegmentedChoice
      legend="Compare the kinds"
      options={OPTIONS}
      value={value}
      onChange={onChange}
      testId="kv-compare"
      controlGroup="compare"
      disabled={disabled}
    />
  );
}
