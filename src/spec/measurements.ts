/**
 * What the worker measures and sends back: the built model, cache sizes, inspected tensors, a trained
 * sweep point and a special-case comparison. The model (src/model) produces these types; the protocol
 * (workers/protocol.ts) checks them on arrival.
 */
import * as v from 'valibot';
import { ATTENTION_KINDS, BASELINE_STOPS } from './attention';
import { TF_BACKENDS } from './backend';
import { T6ConfigSchema } from './model';
import { count, finite, positive } from './numbers';
import { LossPointSchema } from './training';

export const ModelInfoSchema = v.object({
  key: v.string(),
  config: T6ConfigSchema,
  parameters: count,
  dataset: v.object({
    kind: v.picklist(['corpus', 'recall', 'custom']),
    trainTokens: count,
    validTokens: count,
    /** characters of the vocabulary, in token-id order after <unk> */
    vocabulary: v.string(),
  }),
  /** steps taken so far (restored from a checkpoint or 0) */
  step: count,
});
export type ModelInfo = v.InferOutput<typeof ModelInfoSchema>;

const CacheTensorReportSchema = v.object({ name: v.string(), shape: v.array(count), bytes: count });
export type CacheTensorReport = v.InferOutput<typeof CacheTensorReportSchema>;
const CacheLayerReportSchema = v.object({
  layer: count,
  bytes: count,
  tensors: v.array(CacheTensorReportSchema),
});
export type CacheLayerReport = v.InferOutput<typeof CacheLayerReportSchema>;

/** Sizes measured from the cache tensors that are actually allocated. */
export const CacheReportSchema = v.object({
  kind: v.picklist(ATTENTION_KINDS),
  /** M: tokens held */
  tokens: count,
  totalBytes: count,
  layers: v.array(CacheLayerReportSchema),
});
export type CacheReport = v.InferOutput<typeof CacheReportSchema>;

const floats = v.custom<Float32Array>((x) => x instanceof Float32Array, 'expected a Float32Array');
export const PlainTensorSchema = v.object({ shape: v.array(count), data: floats });
/** A tensor copied out of tfjs: its shape and its values, row-major. */
export type PlainTensor = v.InferOutput<typeof PlainTensorSchema>;

const LayerInspectionSchema = v.object({
  layer: count,
  kind: v.picklist(ATTENTION_KINDS),
  /** named tensors of the layer (src/model/inspect.ts lists the names per kind) */
  tensors: v.record(v.string(), PlainTensorSchema),
});
export type LayerInspection = v.InferOutput<typeof LayerInspectionSchema>;

/** What the model computed for an inspected sequence: logits [T, V] and each layer's tensors. */
export const InspectionSchema = v.object({
  tokens: v.array(count),
  logits: PlainTensorSchema,
  layers: v.array(LayerInspectionSchema),
});
export type Inspection = v.InferOutput<typeof InspectionSchema>;

/** A trained point of the quality sweep. */
export const PointResultSchema = v.object({
  /** every step, with validation (and recall accuracy) where it was measured */
  history: v.array(LossPointSchema),
  /** the final validation */
  valLoss: finite,
  accuracy: v.nullable(finite),
  parameters: count,
  /** tokens predicted in training */
  tokens: count,
  /** training time, without the final validation */
  wallMs: finite,
  /** the backend that computed it */
  backend: v.picklist(TF_BACKENDS),
});
export type PointResult = v.InferOutput<typeof PointResultSchema>;

/** MHA, MQA or GQA next to the TPA layer with fixed head factors that equals it. */
export const SpecialCaseResultSchema = v.object({
  stop: v.picklist(BASELINE_STOPS),
  ranks: v.object({ rankQ: positive, rankK: positive, rankV: positive }),
  tokens: positive,
  /** max |TPA output − baseline output|; NaN if something went wrong */
  maxError: v.number(),
  maxOutput: v.number(),
  /** the TPA layer's head factors for a token, each [h, R] */
  headFactors: v.object({ A_Q: PlainTensorSchema, A_K: PlainTensorSchema, A_V: PlainTensorSchema }),
});
export type SpecialCaseResult = v.InferOutput<typeof SpecialCaseResultSchema>;
