export { QualityPanel } from './QualityPanel';
export type { QualityPanelProps } from './QualityPanel';
