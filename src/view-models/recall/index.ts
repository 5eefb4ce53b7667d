export type { KeyRuns, Verdict } from './diagnosis-runs';
export {
  circuitOf,
  eliminationScore,
  inPlayShare,
  keyRuns,
  nameOf,
  RECALLS_FROM,
  ROLE_TEXT,
  uniformPreviousToken,
  VERDICT_TEXT,
  verdictOf,
} from './diagnosis-runs';
export type { PositionChartData, PositionSeries } from './position-chart';
export { positionChart } from './position-chart';
export type { AttentionSelection, AttentionView, Option } from './attention-view';
export { attentionView, defaultSelection, sequenceText, tokenRole, viewableRuns } from './attention-view';
export type { AccuracyCurves, CurveSeries } from './accuracy-curves';
export { accuracyCurves } from './accuracy-curves';
export type { DiagnosisRow, DiagnosisTable } from './diagnosis-table';
export { diagnosisTable } from './diagnosis-table';
export type { RecallConclusion } from './conclusion';
export { recallConclusion } from './conclusion';
