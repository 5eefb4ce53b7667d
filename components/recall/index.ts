export { RecallPanel } from './RecallPanel';
export type { RecallPanelProps } from './RecallPanel';
