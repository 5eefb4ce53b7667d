import * as tf from '@tensorflow/tfjs-core';
import type { PlainTensor } from '../spec';
import type { T6Model } from './t6';

/**
 * Every parameter as a host copy under its exchange name (`wte`, `layers.0.attn.W_A_q`, …), stored
 * [in, out] (y = x·W; the transpose of a PyTorch nn.Linear weight; `wte` is [V, d] like PyTorch's).
 */
export function exportWeights(model: T6Model): Record<string, PlainTensor> {
  const out: Record<string, PlainTensor> = {};
  for (const [name, v] of Object.entries(model.params)) {
    out[name] = { shape: v.shape.slice(), data: Float32Array.from(v.dataSync()) };
  }
  return out;
}

/**
 * Overwrites the model's parameters with `weights` (same names and shapes as `exportWeights`).
 * Checks everything before assigning anything, so a mismatch leaves the model unchanged.
 */
export function importWeights(model: T6Model, weights: Readonly<Record<string, PlainTensor>>): void {
  const names = Object.keys(model.params);
  const missing = names.filter((n) => !(n in weights));
  const extra = Object.keys(weights).filter((n) => !(n in model.params));
  if (missing.length || extra.length)
    throw new Error(
      `weights do not match the model: missing [${missing.join(', ')}], unknown [${extra.join(', ')}]`,
    );
  for (const name of names) {
    const v = model.params[name]!;
    const w = weights[name]!;
    const size = w.shape.reduce((a, b) => a * b, 1);
    if (
      w.shape.length !== v.shape.length ||
      w.shape.some((s, i) => s !== v.shape[i]) ||
      w.data.length !== size
    )
      throw new Error(`${name}: expected shape [${v.shape.join(', ')}], got [${w.shape.join(', ')}]`);
  }
  for (const name of names) {
    const v = model.params[name]!;
    tf.tidy(() => v.assign(tf.tensor(weights[name]!.data, v.shape)));
  }
}
