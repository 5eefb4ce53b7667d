import * as tf from '@tensorflow/tfjs-core';
import type { Inspection, LayerInspection, PlainTensor } from '../spec';
import { t6Logits } from './t6';
import type { T6Model } from './t6';

// The tensors each layer reports (LayerInspection.tensors in src/spec/measurements.ts; batch axis
// dropped), by name:
// - every kind: `Q` [T, h, d_q], `K` [T, n_kv, d_q], `V` [T, n_kv, d_v] (n_kv = G for MQA/GQA, h
//   otherwise), `probs` [h, T, T] (rows sum to 1, zero above the diagonal);
// - TPA: `A_Q` [T, h, R_Q], `B_Q` [T, R_Q, d_h] (before RoPE), `B_Q_rot` (B̃_Q, after RoPE);
// - TPA and TPA-KVonly: `A_K` [T, h, R_K], `B_K`, `B_K_rot` [T, R_K, d_h], `A_V` [T, h, R_V],
//   `B_V` [T, R_V, d_h];
// - MLA: `c_q` [T, d'_c], `c_kv` [T, d_c] (normalised latents), `k_pe` [T, d_h^R].

/** A traced tensor kept alive past the forward pass, with the layer entry it belongs to (null: logits). */
interface KeptTensor {
  entry: LayerInspection | null;
  name: string;
  tensor: tf.Tensor;
}

/**
 * Runs the forward pass on one sequence, keeping copies of the chosen layers' traced tensors and of the
 * logits. The caller reads them back (sync or async) and must dispose every kept tensor.
 */
function traceForInspection(model: T6Model, tokens: readonly number[], layers?: readonly number[]) {
  if (tokens.length === 0) throw new Error('inspect needs at least one token');
  const chosen = new Set(layers ?? model.blocks.map((_, i) => i));
  for (const l of chosen)
    if (!Number.isInteger(l) || l < 0 || l >= model.blocks.length) throw new Error(`no layer ${l}`);
  const recorded: LayerInspection[] = [];
  const kept: KeptTensor[] = [];
  try {
    tf.tidy(() => {
      const input = tf.tensor2d(Int32Array.from(tokens), [1, tokens.length], 'int32');
      const out = t6Logits(model, input, (layer) => {
        if (!chosen.has(layer)) return undefined;
        const entry: LayerInspection = { layer, kind: model.config.attention.kind, tensors: {} };
        recorded.push(entry);
        return (name, value) => kept.push({ entry, name, tensor: tf.keep(tf.clone(value)) });
      });
      kept.push({ entry: null, name: 'logits', tensor: tf.keep(tf.clone(out)) });
    });
  } catch (err) {
    for (const k of kept) k.tensor.dispose();
    throw err;
  }
  return { recorded, kept };
}

/** Fills the inspection from host copies of the kept tensors (batch axis dropped) and frees them. */
function assemble(
  tokens: readonly number[],
  recorded: LayerInspection[],
  kept: readonly KeptTensor[],
  values: readonly ArrayLike<number>[],
): Inspection {
  let logits: PlainTensor | null = null;
  for (const [i, k] of kept.entries()) {
    // copy: on wasm a read-back may be a view of the heap that is reused once the tensor is freed
    const plain = { shape: k.tensor.shape.slice(1), data: Float32Array.from(values[i] ?? []) };
    if (k.entry) k.entry.tensors[k.name] = plain;
    else logits = plain;
  }
  if (!logits) throw new Error('forward pass produced no logits');
  return { tokens: tokens.slice(), logits, layers: recorded.sort((a, b) => a.layer - b.layer) };
}

/**
 * Runs the forward pass on one sequence and returns, for the chosen layers (default: all), the
 * factor tensors, assembled Q/K/V and attention probabilities as plain arrays. Nothing to dispose.
 */
export function inspect(model: T6Model, tokens: readonly number[], layers?: readonly number[]): Inspection {
  const { recorded, kept } = traceForInspection(model, tokens, layers);
  try {
    return assemble(
      tokens,
      recorded,
      kept,
      kept.map((k) => k.tensor.dataSync()),
    );
  } finally {
    for (const k of kept) k.tensor.dispose();
  }
}

/**
 * `inspect` with asynchronous read-backs (`await data()`): on webgpu a synchronous read-back is slow and
 * must not interleave with a generation's asynchronous reads. Same result.
 */
export async function inspectAsync(
  model: T6Model,
  tokens: readonly number[],
  layers?: readonly number[],
): Promise<Inspection> {
  const { recorded, kept } = traceForInspection(model, tokens, layers);
  try {
    const values = await Promise.all(kept.map((k) => k.tensor.data()));
    return assemble(tokens, recorded, kept, values);
  } finally {
    for (const k of kept) k.tensor.dispose();
  }
}
