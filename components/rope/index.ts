export { RopePanel } from './RopePanel';
export type { RopePanelProps } from './RopePanel';
