/**
 * The worker's `inspect`, reading the traced tensors back with `await data()` instead of `dataSync()`:
 * on webgpu a synchronous read-back goes through a canvas copy per tensor, is slow, and must not run in
 * the middle of a generation's asynchronous reads. Same result as src/model's `inspect`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { t6Logits } from '../src/model';
import type { Inspection, LayerInspection, T6Model } from '../src/model';

interface Kept {
  entry: LayerInspection | null;
  name: string;
  tensor: tf.Tensor;
}

export async function inspectAsync(
  model: T6Model,
  tokens: readonly number[],
  layers?: readonly number[],
): Promise<Inspection> {
  if (tokens.length === 0) throw new Error('inspect needs at least one token');
  const chosen = new Set(layers ?? model.blocks.map((_, i) => i));
  for (const l of chosen)
    if (!Number.isInteger(l) || l < 0 || l >= model.blocks.length) throw new Error(`no layer ${l}`);
  const recorded: LayerInspection[] = [];
  const kept: Kept[] = [];
  try {
    tf.tidy(() => {
      const input = tf.tensor2d(Int32Array.from(tokens), [1, tokens.length], 'int32');
      const out = t6Logits(model, input, (layer) => {
        if (!chosen.has(layer)) return undefined;
        const entry: LayerInspection = { layer, kind: model.config.attention.kind, tensors: {} };
        recorded.push(entry);
        // a kept copy outlives the pass's tidy scopes; it is read and freed below
        return (name, value) => kept.push({ entry, name, tensor: tf.keep(tf.clone(value)) });
      });
      kept.push({ entry: null, name: 'logits', tensor: tf.keep(tf.clone(out)) });
    });
    const values = await Promise.all(kept.map((k) => k.tensor.data()));
    let logits: Inspection['logits'] | null = null;
    for (const [i, k] of kept.entries()) {
      // drop the batch axis; copy (on wasm the read-back may be a view of the heap)
      const plain = { shape: k.tensor.shape.slice(1), data: Float32Array.from(values[i] ?? []) };
      if (k.entry) k.entry.tensors[k.name] = plain;
      else logits = plain;
    }
    if (!logits) throw new Error('forward pass produced no logits');
    return { tokens: tokens.slice(), logits, layers: recorded.sort((a, b) => a.layer - b.layer) };
  } finally {
    for (const k of kept) k.tensor.dispose();
  }
}
