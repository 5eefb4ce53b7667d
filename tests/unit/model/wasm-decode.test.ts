import { describe, expect, it } from 'vitest';
import { tf, useBackend } from './support/backends';
import { maxAbsDiff, randomArray, testRng } from './support/random';
import { ropeMatrix } from '../../../src/model/rope';
import type { FactorChunk } from '../../../src/model/attention/factor-chunks';
import { appendTokenOnWasm, splitColumnsOnWasm } from '../../../src/model/attention/wasm-decode';

const rng = testRng(5);
const random = (shape: number[]) =>
  tf.tensor(
    randomArray(
      shape.reduce((a, b) => a * b, 1),
      1,
      rng,
    ),
    shape,
  );

describe('the decoding kernels of our own on wasm', () => {
  useBackend('wasm');

  it('T6SplitColumns gives the same blocks as tf.slice', () => {
    const x = random([3, 11]) as tf.Tensor2D;
    const widths = [4, 6, 1];
    const parts = splitColumnsOnWasm(x, widths);
    let start = 0;
    parts.forEach((part, k) => {
      const expected = tf.slice(x, [0, start], [3, widths[k]!]);
      expect(part.shape).toEqual([3, widths[k]]);
      expect(Array.from(part.dataSync())).toEqual(Array.from(expected.dataSync()));
      start += widths[k]!;
      expected.dispose();
      part.dispose();
    });
    x.dispose();
  });

  // h 3, d_h 4, a TPA query of R_Q 2 rows, R_K 2, R_V 3; an open chunk of 5 tokens, or none
  const [h, dh, qRows, rK, rV, held, position] = [3, 4, 2, 2, 3, 5, 9];
  it.each([
    { mixed: true, open: true },
    { mixed: true, open: false },
    { mixed: false, open: true },
  ])(
    'T6TpaTokenAppend equals rotating, mixing and concatenating with tfjs ops (A_Q: $mixed, open chunk: $open)',
    ({ mixed, open }) => {
      const rows = qRows + rK;
      const heads = mixed ? h : qRows; // TPA-KVonly's query rows are its heads
      const parts = {
        rows: random([rows, dh]) as tf.Tensor2D,
        mix: random([heads, rows]) as tf.Tensor2D,
        aK: random([heads, rK]),
        aV: random([heads, rV]),
        bV: random([rV, dh]),
      };
      const y = tf.tidy(() =>
        tf.concat(
          [parts.rows, ...(mixed ? [parts.mix] : []), parts.aK, parts.aV, parts.bV].map((t) =>
            tf.reshape(t, [1, -1]),
          ),
          1,
        ),
      );
      const chunk: FactorChunk | null = open
        ? {
            length: held,
            tensors: {
              A_K: random([1, heads, held * rK]),
              B_K: random([1, dh, held * rK]),
              A_V: random([1, heads, rV, held]),
              B_V: random([1, rV, held, dh]),
            },
          }
        : null;
      const got = appendTokenOnWasm(y, chunk, {
        heads,
        headDim: dh,
        queryRows: qRows,
        rankK: rK,
        rankV: rV,
        mixed,
        rotate: true,
        position,
      });
      const expected = tf.tidy(() => {
        const rotated = tf.matMul(parts.rows, ropeMatrix(dh, position));
        const queryRows = tf.slice(rotated, [0, 0], [qRows, dh]);
        // the mix's columns past the query rows are zero in the fused projection: only R_Q count
        const query = mixed ? tf.matMul(tf.slice(parts.mix, [0, 0], [heads, qRows]), queryRows) : queryRows;
        const fresh = {
          A_K: tf.reshape(parts.aK, [1, heads, rK]),
          B_K: tf.reshape(tf.transpose(tf.slice(rotated, [qRows, 0], [rK, dh])), [1, dh, rK]),
          A_V: tf.reshape(parts.aV, [1, heads, rV, 1]),
          B_V: tf.reshape(parts.bV, [1, rV, 1, dh]),
        };
        const axis = { A_K: 2, B_K: 2, A_V: 3, B_V: 2 } as const;
        const names = ['A_K', 'B_K', 'A_V', 'B_V'] as const;
        return [
          query,
          ...names.map((n) => (chunk ? tf.concat([chunk.tensors[n], fresh[n]], axis[n]) : fresh[n])),
        ];
      });
      const gotTensors = [
        got.query,
        got.chunk.tensors.A_K,
        got.chunk.tensors.B_K,
        got.chunk.tensors.A_V,
        got.chunk.tensors.B_V,
      ];
      expect(got.chunk.length).toBe(open ? held + 1 : 1);
      gotTensors.forEach((t, k) => {
        expect(t.shape).toEqual(expected[k]!.shape);
        expect(maxAbsDiff(t.dataSync(), expected[k]!.dataSync())).toBeLessThan(1e-6);
      });
      tf.dispose([...gotTensors, ...expected, y, ...Object.values(parts)]);
      if (chunk) tf.dispose(Object.values(chunk.tensors));
    },
  );
});
