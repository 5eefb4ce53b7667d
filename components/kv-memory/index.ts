export { KvMemoryPanel } from './KvMemoryPanel';
export type { KvMemoryPanelProps } from './KvMemoryPanel';
