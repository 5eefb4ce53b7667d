export type { CacheShape, BudgetShape } from './formulas';
export { kvCacheElementsPerToken, attentionParamCount, kvCacheBytes, longestContext } from './formulas';
export { parameterMatchedHeads, withParameterMatchedHeads } from './parameter-matching';
export type { FormulaText } from './formula-text';
export { cacheFormulaText } from './formula-text';
export type { Dtype } from './dtype';
export { DTYPES, BYTES_PER_ELEMENT, DTYPE_LABELS } from './dtype';
export type { TrainingStepMemory, TrainingStepShape } from './training-memory';
export {
  TRAINING_MEMORY_BUDGET_BYTES,
  isOutOfMemory,
  outOfMemoryAdvice,
  t6ParameterCount,
  trainingMemoryAdvice,
  trainingStepMemory,
} from './training-memory';
