/** What the factor, RoPE and special-case panels show, computed from the worker's tensors with src/factors. */
export type {
  CacheComparison,
  CachedFactor,
  FactorView,
  FactorViewResult,
  HeadBreakdown,
} from './factor-view';
export { cacheComparison, factorView, headBreakdown } from './factor-view';
export type { HeadFactorGrid, MeasuredStop, StopCache, StopView } from './special-cases';
export {
  STOP_TEXT,
  baselineElements,
  isEqualOutput,
  liveStopFromLayer,
  measuredStopView,
  stopCache,
} from './special-cases';
export type { RopePanelResult, RopePanelView, RopeSelection } from './rope-view';
export { ropePanelView } from './rope-view';
export { tokenLabels } from './tokens';
