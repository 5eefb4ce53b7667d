export { ConfigControls } from './ConfigControls';
export type { ConfigControlsProps } from './ConfigControls';
export { RangeControl } from './RangeControl';
export { CopyLinkButton, shareLink } from './CopyLinkButton';
export { ThemePicker } from './ThemePicker';
export { ImportExport } from './ImportExport';
