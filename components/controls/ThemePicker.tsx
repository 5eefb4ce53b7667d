import { THEMES } from '../../src/config/fields';
import type { PlaygroundConfig, ThemeChoice } from '../../src/config/fields';
import { SelectControl } from './SelectControl';

const THEME_LABELS: Readonly<Record<ThemeChoice, string>> = {
  system: 'System',
  light: 'Light',
  dark: 'Dark',
};

const OPTIONS = THEMES.map((t) => ({ value: t, label: THEME_LABELS[t] }));

/** Light, dark, or whatever the system prefers. */
export function ThemePicker({
  theme,
  onChange,
}: {
  theme: ThemeChoice;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
}) {
  return (
    <SelectControl
      label="Theme"
      testId="control-theme"
      className="theme-picker"
      value={theme}
      options={OPTIONS}
      onChange={(value) => onChange({ theme: value })}
    />
  );
}
