/**
 * The field validators the manifest's sections share (src/sweep/manifest.ts and
 * src/sweep/manifest-diagnosis.ts): counts, losses, fractions, ids, labels and a training protocol.
 */
import * as v from 'valibot';

export const int = v.pipe(v.number(), v.integer());
export const count = v.pipe(int, v.minValue(0));
export const positive = v.pipe(int, v.minValue(1));
export const finite = v.pipe(v.number(), v.finite());
export const nonNegative = v.pipe(finite, v.minValue(0));
export const fraction = v.pipe(finite, v.minValue(0), v.maxValue(1));
/** ids double as file names: lower-case letters, digits and dashes only */
export const RunIdSchema = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,79}$/));
export const runId = RunIdSchema;
export const label = v.pipe(v.string(), v.maxLength(80));

/** A training protocol (src/sweep/protocol TrainingProtocol). */
export const ProtocolSchema = v.object({
  seed: int,
  contextLength: positive,
  steps: positive,
  batch: positive,
  learningRate: v.pipe(finite, v.gtValue(0)),
  curveEvalBatches: positive,
  finalEvalBatches: positive,
  finalEvalBatchSize: positive,
});
