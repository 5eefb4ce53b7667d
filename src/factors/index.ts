/**
 * The math behind the factor, RoPE and special-case panels, in plain TypeScript on the host copies of
 * the worker's tensors (no tfjs, no DOM). Components only lay these results out.
 */
export type { Matrix, TensorLike } from './matrix';
export {
  at,
  columnOf,
  dot,
  matrixFrom,
  maxAbs,
  maxAbsDiff,
  rowOf,
  tokenCount,
  tokenMatrix,
  zeros,
} from './matrix';
export { assemble, rankOneTerms, runningSums } from './outer-products';
export type { RotationPair } from './rope';
export { ROPE_BASE, ropeFrequency, rotate, rotateRows, rotationPairs } from './rope';
export type {
  CacheComparison,
  CachedFactor,
  FactorPart,
  FactorView,
  FactorViewResult,
  HeadBreakdown,
  LayerTensors,
} from './factor-view';
export { FACTOR_PARTS, cacheComparison, factorView, headBreakdown, partNames } from './factor-view';
export type { RopeCheck } from './rope-check';
export { assembleThenRotate, ropeCheck, rotateThenAssemble, rotatedRowError } from './rope-check';
export type { OffsetScores } from './qk-offset';
export { maxSpread, positionFreePair, scoresByOffset } from './qk-offset';
export type { CommuteGaps } from './mla-contrast';
export { commuteGaps, exampleUpProjection } from './mla-contrast';
export type {
  BaselineStop,
  HeadFactorGrid,
  MeasuredStop,
  Ranks,
  SpecialStop,
  StopCache,
  StopView,
} from './special-cases';
export {
  EQUAL_TOLERANCE,
  SPECIAL_STOPS,
  STOP_TEXT,
  baselineElements,
  groupHeadFactor,
  groupsOf,
  isEqualOutput,
  liveStopFromLayer,
  liveStopView,
  measuredStopView,
  stopCache,
  stopRanks,
} from './special-cases';
export type { RopePanelResult, RopePanelView, RopeSelection } from './rope-view';
export { OFFSET_STARTS, ropePanelView } from './rope-view';
export { tokenLabel, tokenLabels } from './tokens';
