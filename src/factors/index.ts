/**
 * The math behind the factor, RoPE and special-case panels, in plain TypeScript on host copies of the
 * worker's tensors (no tfjs, no DOM): small matrices, rank-1 outer products, RoPE rotations, the checks
 * that rotating factors equals rotating q and k, and the fixed head factors that make TPA equal MHA, MQA
 * or GQA. The panels' view-models (src/view-models/factors) are built on it.
 */
export type { LayerTensors, Matrix, TensorLike } from './matrix';
export { matrixFrom } from './matrix';
export { assemble, rankOneTerms, runningSums } from './outer-products';
export type { RotationPair } from './rope';
export { ropeFrequency, rotate, rotateRows, rotationPairs } from './rope';
export type { RopeCheck } from './rope-check';
export { ropeCheck } from './rope-check';
export type { OffsetScores } from './qk-offset';
export { maxSpread, positionFreePair, scoresByOffset } from './qk-offset';
export type { CommuteGaps } from './mla-contrast';
export { commuteGaps } from './mla-contrast';
export type { Ranks } from './special-case-factors';
