/**
 * How much memory one training step of the in-browser T6 needs, from its shape alone (before anything is
 * built), and what to lower when that is more than the backend can give.
 *
 * - Weights, their gradients and AdamW's two moments: 4 numbers per parameter, float32.
 * - Activations: tfjs keeps every tensor of the forward pass, and the backward pass's intermediates,
 *   until the step's tf.tidy ends. Per layer that is a number of [B, T, ·] tensors (projections, norms,
 *   RoPE, the SwiGLU hidden layer and their gradients), growing with d and with h·d_h, and a number of
 *   [B, h, T, T] attention-score tensors; at the top, [B, T, V] logits and their softmax. The counts
 *   below are tf.profile's peak bytes of real steps on the cpu backend (18 shapes, MHA and TPA, d 32-128,
 *   T 16-128), fitted and rounded up: the estimate is 1.0 to 1.3 times the measured peak.
 */
import type { AttentionConfig } from '../spec';
import { attentionParamCount } from './formulas';

/** Float32 numbers kept per unit of each activation term (see the module comment). */
const ACTIVATION_FLOATS = {
  /** per token, layer and model-width unit: L·B·T·d */
  perTokenWidth: 176,
  /** per token, layer and unit of h·d_h: L·B·T·h·d_h */
  perTokenHeadWidth: 48,
  /** per attention score: L·B·h·T² */
  perScore: 16,
  /** per logit: B·T·V */
  perLogit: 16,
} as const;

/** A wasm32 module addresses at most 4 GiB, and tfjs's wasm backend keeps every tensor in it. */
export const TRAINING_MEMORY_BUDGET_BYTES = 4 * 1024 ** 3;

export interface TrainingStepShape {
  dModel: number;
  layers: number;
  attention: AttentionConfig;
  /** T: the context every training row fills */
  maxSeqLen: number;
  vocabSize: number;
  /** B: rows per step */
  batch: number;
}

export interface TrainingStepMemory {
  parameters: number;
  weightsBytes: number;
  gradientBytes: number;
  /** AdamW's first and second moments */
  optimizerBytes: number;
  activationBytes: number;
  totalBytes: number;
}

/** SwiGLU hidden width ⌊8d/3⌋, as the model builds it. */
const mlpHidden = (d: number) => Math.floor((8 * d) / 3);

/** Parameters of the T6: tied embedding V·d, and per layer the attention and the SwiGLU MLP (3·d·hidden). */
export function t6ParameterCount(s: Omit<TrainingStepShape, 'batch'>): number {
  const d = s.dModel;
  return s.vocabSize * d + s.layers * (attentionParamCount(s.attention, d) + 3 * d * mlpHidden(d));
}

export function trainingStepMemory(s: TrainingStepShape): TrainingStepMemory {
  const { dModel: d, layers: L, maxSeqLen: T, vocabSize: V, batch: B } = s;
  const h = s.attention.heads;
  const hdh = h * s.attention.headDim;
  const parameters = t6ParameterCount(s);
  const f = ACTIVATION_FLOATS;
  const activationFloats =
    L * B * T * (f.perTokenWidth * d + f.perTokenHeadWidth * hdh) +
    f.perScore * L * B * h * T * T +
    f.perLogit * B * T * V;
  const weightsBytes = 4 * parameters;
  const gradientBytes = 4 * parameters;
  const optimizerBytes = 8 * parameters;
  const activationBytes = 4 * activationFloats;
  return {
    parameters,
    weightsBytes,
    gradientBytes,
    optimizerBytes,
    activationBytes,
    totalBytes: weightsBytes + gradientBytes + optimizerBytes + activationBytes,
  };
}

const gb = (bytes: number) =>
  bytes < 1e9 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e9).toFixed(1)} GB`;

/** The knob to lower so that a step of `s` fits `budget`, as the end of a sentence. */
function lowerKnob(s: TrainingStepShape, budget: number): string {
  let batch = s.batch - 1;
  while (batch >= 1 && trainingStepMemory({ ...s, batch }).totalBytes > budget) batch--;
  if (batch >= 1) return `Lower the training batch to ${batch} or less (it is ${s.batch}).`;
  let context = s.maxSeqLen - 1;
  while (context >= 16 && trainingStepMemory({ ...s, batch: 1, maxSeqLen: context }).totalBytes > budget)
    context--;
  if (context >= 16) {
    return `Even a batch of 1 is too much: lower the training batch to 1 and the context to ${context} or less (it is ${s.maxSeqLen}).`;
  }
  return 'Even one row of 16 tokens is too much: lower the model width or the layers.';
}

/**
 * Null when a training step of `s` fits `budget`; else one sentence for the reader: how much it needs,
 * how much there is, and the knob to lower (the training batch, to the largest value that fits; if even
 * one row is too much, the context; else the model itself).
 */
export function trainingMemoryAdvice(
  s: TrainingStepShape,
  budget: number = TRAINING_MEMORY_BUDGET_BYTES,
  backend = 'this backend',
): string | null {
  const need = trainingStepMemory(s);
  if (need.totalBytes <= budget) return null;
  const fixed = need.weightsBytes + need.gradientBytes + need.optimizerBytes;
  return (
    `One training step of this model needs about ${gb(need.totalBytes)} (weights, gradients and AdamW ` +
    `state ${gb(fixed)}, activations ${gb(need.activationBytes)}), more than the ${gb(budget)} ${backend} ` +
    `can use. ${lowerKnob(s, budget)}`
  );
}

/**
 * True for the ways tfjs backends report running out of memory: wasm's failed allocation (which surfaces
 * as a call through a null function pointer, or an abort), typed arrays that cannot be allocated (cpu),
 * WebGL's OUT_OF_MEMORY and WebGPU's allocation failures.
 */
export function isOutOfMemory(message: string): boolean {
  return /null function|out of memory|\boom\b|allocation failed|failed to allocate|cannot allocate|could not allocate|Array buffer allocation|memory access out of bounds|Aborted\(|GL_OUT_OF_MEMORY/i.test(
    message,
  );
}

/**
 * The sentence for a step that ran out of memory although the estimate fitted: what the backend said,
 * what one step needs, and the knob to lower to about half of it.
 */
export function outOfMemoryAdvice(s: TrainingStepShape, backend: string, detail: string): string {
  const need = trainingStepMemory(s);
  return (
    `Training ran out of memory on ${backend} (${detail.slice(0, 80)}): one step of this model needs about ` +
    `${gb(need.totalBytes)}. ${lowerKnob(s, need.totalBytes / 2)}`
  );
}
