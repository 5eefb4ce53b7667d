export { SpecialCasesPanel } from './SpecialCasesPanel';
export type { SpecialCasesPanelProps } from './SpecialCasesPanel';
export { SpecialCaseView } from './SpecialCaseView';
