/**
 * What a checkpoint read back from IndexedDB must be before its weights go into a model: storage is
 * outside the page's control (another version of the app, a browser extension, a disk error, a person
 * with the developer tools), so every record is checked as untrusted input.
 */
import * as v from 'valibot';
import type { CheckpointRecord, SavedOptimizer } from './checkpoints';
import { LossPointSchema } from '../src/spec';

const arrays = v.record(v.string(), v.instance(Float32Array));

const RecordSchema = v.object({
  key: v.string(),
  savedAt: v.pipe(v.number(), v.finite()),
  step: v.pipe(v.number(), v.integer(), v.minValue(0)),
  history: v.array(LossPointSchema),
  weights: arrays,
  // checked on its own below: a bad optimizer state costs the moments, not the weights
  optimizer: v.optional(v.unknown()),
});

const OptimizerSchema = v.object({
  steps: v.pipe(v.number(), v.integer(), v.minValue(0)),
  m: arrays,
  v: arrays,
});

/** One trainable parameter of the model a checkpoint is loaded into. */
export interface ParameterSlot {
  name: string;
  /** number of values (the product of its shape) */
  size: number;
}

export type CheckedCheckpoint = { ok: true; record: CheckpointRecord } | { ok: false; reason: string };

/** The first value of `values` that is NaN or ±Infinity, if any. */
export function firstNonFinite(values: Float32Array): { index: number; value: number } | null {
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x)) return { index: i, value: x };
  }
  return null;
}

/**
 * Checks a stored record against the model it would be loaded into: its fields and loss history (the
 * protocol's LossPoint schema, steps rising and ending at the record's step), one weight array per
 * parameter with the parameter's length, and only finite values. The reason is a phrase for the reader.
 */
export function checkCheckpoint(
  raw: unknown,
  key: string,
  params: readonly ParameterSlot[],
): CheckedCheckpoint {
  const parsed = v.safeParse(RecordSchema, raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return {
      ok: false,
      reason: `it is not a checkpoint of this app (${path || 'record'}: ${issue.message})`,
    };
  }
  const rec = parsed.output;
  if (rec.key !== key) return { ok: false, reason: 'it was saved for another model' };
  const steps = rec.history.map((p) => p.step);
  if (steps.some((s, i) => i > 0 && s <= steps[i - 1]!)) {
    return { ok: false, reason: 'its loss history is out of order' };
  }
  if (steps.length > 0 && steps.at(-1) !== rec.step) {
    return {
      ok: false,
      reason: `its loss history ends at step ${steps.at(-1)}, not at its step ${rec.step}`,
    };
  }
  const problem = arraysProblem(rec.weights, params, ['weight', 'weights']);
  if (problem) return { ok: false, reason: problem };
  const { optimizer, ...weightsAndHistory } = rec;
  const saved = checkOptimizer(optimizer, params);
  return { ok: true, record: saved ? { ...weightsAndHistory, optimizer: saved } : weightsAndHistory };
}

/** What is wrong with `arrays` as one finite array per parameter, or null. */
function arraysProblem(
  arrays: Record<string, Float32Array>,
  params: readonly ParameterSlot[],
  [one, many]: readonly [string, string],
): string | null {
  const expected = new Set(params.map((p) => p.name));
  const extra = Object.keys(arrays).find((name) => !expected.has(name));
  if (extra !== undefined) return `it holds a ${one} this model does not have (${extra})`;
  for (const { name, size } of params) {
    const values = arrays[name];
    if (!values) return `it has no ${many} for ${name}`;
    if (values.length !== size) return `${name} holds ${values.length} values where the model has ${size}`;
    const bad = firstNonFinite(values);
    if (bad) return `${name} holds ${bad.value} at index ${bad.index}`;
  }
  return null;
}

/**
 * The record's optimizer state when it fits the model (moments finite, second moments not negative),
 * else null: the weights still load and training goes on with a fresh optimizer, as before the state
 * was saved.
 */
function checkOptimizer(raw: unknown, params: readonly ParameterSlot[]): SavedOptimizer | null {
  if (raw === undefined) return null;
  const parsed = v.safeParse(OptimizerSchema, raw);
  if (!parsed.success) return null;
  const o = parsed.output;
  const words = ['moment', 'moments'] as const;
  if (arraysProblem(o.m, params, words) || arraysProblem(o.v, params, words)) return null;
  if (Object.values(o.v).some((a) => a.some((x) => x < 0))) return null;
  return o;
}
