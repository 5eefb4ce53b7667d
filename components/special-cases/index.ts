export { SpecialCasesPanel } from './SpecialCasesPanel';
export type { SpecialCasesPanelProps } from './SpecialCasesPanel';
