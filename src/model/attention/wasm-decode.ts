import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ropeTables } from '../rope';
import type { FactorChunk } from './factor-chunks';

/**
 * Two kernels of our own for tfjs's wasm backend, written in JavaScript over the wasm heap like
 * tfjs's own Concat and Slice kernels for that backend (docs/performance.md#the-apps-decoding-step-today):
 *
 * T6TpaTokenAppend: everything a TPA decoding step does with the new token's few hundred numbers, in
 * one call instead of about fifteen tfjs ops. On wasm each op costs several microseconds of JavaScript
 * whatever its size, and splitting the fused projection, rotating, transposing and concatenating
 * onto the open chunk were most of a step at the playground's context.
 *
 * T6SplitColumns: x [rows, Σ widths] into column blocks [rows, width], for the attention
 * probabilities of each cache chunk. tfjs's wasm slice first copies its whole input out of the heap,
 * once per piece, which made splitting [h, M] probabilities cost more than the softmax at M = 4096.
 *
 * T6TpaTokenAppend's input `y` is the fused projection of the token (factorised-kv-layer.ts), in this order:
 *   rows   [queryRows + R_K, d_h]   the query's rows (B_Q's, or W_q's heads), then B_K's R_K rows
 *   mix    [h, queryRows + R_K]     TPA only: A_Q with R_K zero columns after each head's R_Q
 *   A_K    [h, R_K]    A_V [h, R_V]    B_V [R_V, d_h]
 * The rows are rotated by RoPE at `position` (when `rotate`), as `applyRope` does. Outputs:
 *   Q      [h, d_h]   mix · rotated rows (TPA), or the rotated query rows (TPA-KVonly)
 *   A_K, B_K, A_V, B_V   the open chunk's tensors with the token appended (factor-chunks.ts layout);
 *                        a chunk of this one token when no open chunk is given.
 */
const KERNEL = 'T6TpaTokenAppend';
const SPLIT_KERNEL = 'T6SplitColumns';

interface AppendAttrs {
  heads: number;
  headDim: number;
  queryRows: number;
  rankK: number;
  rankV: number;
  /** TPA: Q = mix · rotated rows; TPA-KVonly: Q = the rotated query rows */
  mixed: boolean;
  rotate: boolean;
  position: number;
}

function appendToken(
  y: Float32Array,
  open: Record<'A_K' | 'B_K' | 'A_V' | 'B_V', Float32Array> | null,
  held: number,
  a: AppendAttrs,
  out: Record<'Q' | 'A_K' | 'B_K' | 'A_V' | 'B_V', Float32Array>,
): void {
  const { heads: h, headDim: dh, queryRows, rankK: rK, rankV: rV } = a;
  const rows = queryRows + rK;
  const half = dh / 2;
  // the rotated rows, as y = x ⊙ [cos | cos] + [x₂ | x₁] ⊙ [sin | −sin] (rope.ts)
  const rot = new Float32Array(rows * dh);
  const { cos, sin } = a.rotate ? ropeTables(dh, a.position, 1) : { cos: null, sin: null };
  for (let r = 0; r < rows; r++) {
    const o = r * dh;
    for (let j = 0; j < half; j++) {
      const [x1, x2] = [y[o + j]!, y[o + half + j]!];
      if (cos && sin) {
        rot[o + j] = x1 * cos[j]! + x2 * sin[j]!;
        rot[o + half + j] = x2 * cos[j]! - x1 * sin[j]!;
      } else {
        rot[o + j] = x1;
        rot[o + half + j] = x2;
      }
    }
  }
  let at = rows * dh;
  if (a.mixed) {
    for (let i = 0; i < h; i++)
      for (let j = 0; j < dh; j++) {
        let s = 0;
        for (let r = 0; r < queryRows; r++) s += y[at + i * rows + r]! * rot[r * dh + j]!;
        out.Q[i * dh + j] = s;
      }
    at += h * rows;
  } else out.Q.set(rot.subarray(0, h * dh));
  const [aK, aV, bV] = [at, at + h * rK, at + h * rK + h * rV];
  const n = held + 1;
  // A_K [h, n·R_K] and B_K [d_h, n·R_K]: each row is the held columns, then the token's R_K
  for (let i = 0; i < h; i++) {
    if (open) out.A_K.set(open.A_K.subarray(i * held * rK, (i + 1) * held * rK), i * n * rK);
    for (let s = 0; s < rK; s++) out.A_K[(i * n + held) * rK + s] = y[aK + i * rK + s]!;
  }
  for (let j = 0; j < dh; j++) {
    if (open) out.B_K.set(open.B_K.subarray(j * held * rK, (j + 1) * held * rK), j * n * rK);
    for (let s = 0; s < rK; s++) out.B_K[(j * n + held) * rK + s] = rot[(queryRows + s) * dh + j]!;
  }
  // A_V [h, R_V, n]: each (head, rank) row is the held tokens, then the token
  for (let i = 0; i < h; i++)
    for (let u = 0; u < rV; u++) {
      const row = i * rV + u;
      if (open) out.A_V.set(open.A_V.subarray(row * held, (row + 1) * held), row * n);
      out.A_V[row * n + held] = y[aV + row]!;
    }
  // B_V [R_V, n, d_h]: each rank's held rows, then the token's row
  for (let u = 0; u < rV; u++) {
    if (open) out.B_V.set(open.B_V.subarray(u * held * dh, (u + 1) * held * dh), u * n * dh);
    out.B_V.set(y.subarray(bV + u * dh, bV + (u + 1) * dh), (u * n + held) * dh);
  }
}

tf.registerKernel({
  kernelName: KERNEL,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const wasm = backend as BackendWasm;
    const a = attrs as unknown as AppendAttrs;
    const { heads: h, headDim: dh, rankK: rK, rankV: rV } = a;
    const { y, A_K, B_K, A_V, B_V } = inputs as Partial<Record<string, tf.TensorInfo>>;
    if (!y) throw new Error(`${KERNEL} needs y`);
    const held = A_K ? A_K.shape[2]! / rK : 0;
    const n = held + 1;
    // every output first: an allocation may grow the heap and detach earlier views of it
    const outputs = [
      wasm.makeOutput([h, dh], 'float32'),
      wasm.makeOutput([1, h, n * rK], 'float32'),
      wasm.makeOutput([1, dh, n * rK], 'float32'),
      wasm.makeOutput([1, h, rV, n], 'float32'),
      wasm.makeOutput([1, rV, n, dh], 'float32'),
    ];
    const view = (t: tf.TensorInfo) => wasm.typedArrayFromHeap(t) as Float32Array;
    const [Q, aK, bK, aV, bV] = outputs.map(view) as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    const open =
      A_K && B_K && A_V && B_V ? { A_K: view(A_K), B_K: view(B_K), A_V: view(A_V), B_V: view(B_V) } : null;
    appendToken(view(y), open, held, a, { Q, A_K: aK, B_K: bK, A_V: aV, B_V: bV });
    return outputs;
  },
});

tf.registerKernel({
  kernelName: SPLIT_KERNEL,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const wasm = backend as BackendWasm;
    const { x } = inputs as { x: tf.TensorInfo };
    const widths = attrs!.widths as number[];
    const [rows, cols] = x.shape as [number, number];
    const outputs = widths.map((w) => wasm.makeOutput([rows, w], 'float32'));
    const from = wasm.typedArrayFromHeap(x) as Float32Array;
    let start = 0;
    outputs.forEach((out, k) => {
      const w = widths[k]!;
      const to = wasm.typedArrayFromHeap(out) as Float32Array;
      for (let r = 0; r < rows; r++) to.set(from.subarray(r * cols + start, r * cols + start + w), r * w);
      start += w;
    });
    return outputs;
  },
});

/** Whether the decoding step should use the kernels above (the active backend is wasm). */
export function wasmKernelsApply(): boolean {
  return tf.getBackend() === 'wasm';
}

/** x [rows, Σ widths] as its column blocks (T6SplitColumns above). */
export function splitColumnsOnWasm(x: tf.Tensor2D, widths: readonly number[]): tf.Tensor2D[] {
  return tf.engine().runKernel(SPLIT_KERNEL, { x }, { widths: widths.slice() }) as tf.Tensor2D[];
}

/**
 * T6TpaTokenAppend above: the token's Q [h, d_h] and `open` (or nothing) with the token appended, from the
 * fused projection `y` (any shape holding its values in the order above).
 */
export function appendTokenOnWasm(
  y: tf.Tensor,
  open: FactorChunk | null,
  attrs: AppendAttrs,
): { query: tf.Tensor2D; chunk: FactorChunk } {
  const inputs = open ? { y, ...open.tensors } : { y };
  const [query, A_K, B_K, A_V, B_V] = tf
    .engine()
    .runKernel(KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return {
    query: query as tf.Tensor2D,
    chunk: { length: (open?.length ?? 0) + 1, tensors: { A_K: A_K!, B_K: B_K!, A_V: A_V!, B_V: B_V! } },
  };
}
