/**
 * The fact behind the generation panel's "not counted" note (src/view-models/training/cache-view.ts
 * `wasmPackedCopy`): tfjs's wasm matMul hands the right-hand operand to XNNPACK, which keeps a packed
 * copy of it for as long as the tensor lives. Seen from outside as the wasm heap: right-hand operands
 * grow it by at least their own size on their first product and not at all on their second. A file of
 * its own, so the heap starts fresh (no free space left by other tests to hide the growth).
 */
import { describe, expect, it } from 'vitest';
import { tf, useBackend } from './support/backends';
import { AttentionSchema } from '../../../src/spec';
import * as v from 'valibot';
import { wasmPackedCopy } from '../../../src/view-models/training/cache-view';

/** The wasm module's memory in bytes (tfjs's wasm backend exposes its Emscripten module). */
function heapBytes(): number {
  const backend = tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } };
  return backend.wasm.HEAPU8.buffer.byteLength;
}

describe('XNNPACK keeps a packed copy of a matMul’s right-hand operand', () => {
  useBackend('wasm');

  it('the heap grows by the operands’ size on their first product, and not on the second', () => {
    const count = 64;
    const [k, n] = [32, 4096]; // like a long sealed chunk's B_K: d_h rows, c·R_K columns
    const operands = Array.from({ length: count }, (_, i) => tf.fill([k, n], i / count) as tf.Tensor2D);
    const query = tf.ones([4, k]) as tf.Tensor2D;
    // the control: the same numbers as left-hand operands ([n, k] · [k, 4]), made before measuring
    const lefts = operands.map((b) => tf.transpose(b) as tf.Tensor2D);
    const queryT = tf.transpose(query) as tf.Tensor2D;
    const operandBytes = count * k * n * 4;
    try {
      const before = heapBytes();
      for (const a of lefts) tf.matMul(a, queryT).dispose();
      const afterLeft = heapBytes();
      for (const b of operands) tf.matMul(query, b).dispose();
      const afterFirst = heapBytes();
      for (const b of operands) tf.matMul(query, b).dispose();
      const afterSecond = heapBytes();
      expect(afterLeft - before).toBeLessThan(operandBytes / 8);
      // at least most of their size (the heap may have had a few MB free already)
      expect(afterFirst - afterLeft).toBeGreaterThanOrEqual(0.8 * operandBytes);
      expect(afterSecond).toBe(afterFirst);
    } finally {
      tf.dispose([...operands, ...lefts, query, queryT]);
    }
  });
});

describe('wasmPackedCopy', () => {
  const tpa = v.parse(AttentionSchema, { kind: 'tpa', heads: 4, headDim: 32, rankQ: 4, rankK: 2, rankV: 2 });

  it('is (R_K + R_V)·d_h float32 numbers per token and layer, for TPA kinds on wasm only', () => {
    // (2 + 2) · 32 · 4 bytes = 512 B per token and layer; 100 tokens × 2 layers
    expect(wasmPackedCopy(tpa, 'wasm', 100, 2)).toEqual({ perTokenBytes: 512, upToBytes: 102_400 });
    const kvOnly = { ...tpa, kind: 'tpa-kvonly' as const };
    expect(wasmPackedCopy(v.parse(AttentionSchema, kvOnly), 'wasm', 1, 1)?.perTokenBytes).toBe(512);
    expect(wasmPackedCopy(tpa, 'webgl', 100, 2)).toBeNull();
    expect(wasmPackedCopy(tpa, null, 100, 2)).toBeNull();
    const mha = v.parse(AttentionSchema, { kind: 'mha', heads: 4, headDim: 32 });
    expect(wasmPackedCopy(mha, 'wasm', 100, 2)).toBeNull();
  });
});
