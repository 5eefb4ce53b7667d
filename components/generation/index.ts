export { GenerationPanel } from './GenerationPanel';
export type { GenerationPanelProps } from './GenerationPanel';
