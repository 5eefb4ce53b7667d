export { FactorPanel } from './FactorPanel';
export type { FactorPanelProps } from './FactorPanel';
