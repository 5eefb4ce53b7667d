export type { KvComparison } from './kv-comparison';
export { kvComparison } from './kv-comparison';
export type { KvRow } from './kv-rows';
export { kvRows, kvRowOf } from './kv-rows';
export type { CacheChartData, CachePoint, CacheSeries } from './kv-series';
export { CHART_CONTEXTS } from './kv-series';
export type { BudgetLine } from './kv-budgets';
export { BUDGET_PRESETS_GB, budgetLines } from './kv-budgets';
export type { KvExplanation } from './kv-explanation';
export {
  formatBytes,
  formatComparison,
  formatContextLength,
  formatGB,
  formatInteger,
  formatRatio,
  formatSignificant,
  formatTokensCompact,
} from '../format';
export { createKvComparison } from './kv-stable';
