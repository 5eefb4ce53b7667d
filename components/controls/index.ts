export { ConfigControls } from './ConfigControls';
export type { ConfigControlsProps } from './ConfigControls';
export { RangeControl } from './RangeControl';
export { ThemePicker } from './ThemePicker';
export { ImportExport } from './ImportExport';
export { SegmentedChoice } from './SegmentedChoice';
export type { SegmentedOption } from './SegmentedChoice';
