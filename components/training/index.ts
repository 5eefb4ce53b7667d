export { TrainingPanel } from './TrainingPanel';
export type { TrainingPanelProps } from './TrainingPanel';
