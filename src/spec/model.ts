/**
 * The shape of a T6 model (docs/tpa-math.md, "The T6 block"): tied embedding, pre-norm blocks with one
 * attention kind, SwiGLU MLP, final RMSNorm.
 */
import * as v from 'valibot';
import { AttentionSchema } from './attention';
import { positive } from './numbers';

/** The in-browser model's shape without its vocabulary (the worker adds V from the dataset it loads). */
export const ModelShapeSchema = v.object({
  /** d: model width */
  dModel: positive,
  /** L: number of blocks */
  layers: positive,
  /** the attention kind and its shape, shared by every block */
  attention: AttentionSchema,
  /** longest context the model is trained on (and decodes before sliding its window) */
  maxSeqLen: positive,
});
export type ModelShape = v.InferOutput<typeof ModelShapeSchema>;

/** A whole model: its shape and V, the vocabulary size (characters for the playground). */
export const T6ConfigSchema = v.object({ vocabSize: positive, ...ModelShapeSchema.entries });
export type T6Config = v.InferOutput<typeof T6ConfigSchema>;

/** The RoPE base of every attention kind, as in the T6 training code (docs/rope.md#convention). */
export const ROPE_BASE = 10000;
