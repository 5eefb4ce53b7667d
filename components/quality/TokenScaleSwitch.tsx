import type { SegmentedOption } from '../controls';
import { SegmentedChoice } from '../controls';
import type { TokenScale } from './curves-layout';

interface TokenScaleSwitchProps {
  value: TokenScale;
  onChange: (scale: TokenScale) => void;
}

const OPTIONS: readonly SegmentedOption<TokenScale>[] = [
  { value: 'log', label: 'log', hint: 'every budget' },
  { value: 'linear', label: 'linear', hint: 'the last steps' },
];

/** The token axis of both training charts, log or linear, as a segmented control. */
export function TokenScaleSwitch({ value, onChange }: TokenScaleSwitchProps) {
  return (
    <SegmentedChoice
      legend="Token axis of both charts"
      options={OPTIONS}
      value={value}
      onChange={onChange}
      testId="curves-scale-switch"
      className="quality-scale-switch"
      optionAttribute="data-scale"
    />
  );
}
