import { describe, expect, it } from 'vitest';
import { BACKENDS, tf, useBackend } from './support/backends';
import { maxAbsDiff, randomArray, testRng } from './support/random';
import { dot, ropeRow } from './support/reference';
import { applyRope } from '../../../src/model/rope';
import { assemble } from '../../../src/model/attention/tpa-kv';

const host = (t: tf.Tensor) => Float32Array.from(t.dataSync());

describe.each(BACKENDS)('RoPE (%s)', (backend) => {
  useBackend(backend);

  it('rotates half-split pairs (i, i + d_h/2) at positions offset.. like the loop reference', () => {
    const [t, n, dh, offset] = [5, 3, 8, 7];
    const x = randomArray(t * n * dh, 1, testRng(1));
    const got = tf.tidy(() => host(applyRope(tf.tensor4d(x, [1, t, n, dh]), offset)));
    const expected: number[] = [];
    for (let i = 0; i < t; i++)
      for (let r = 0; r < n; r++) {
        const start = (i * n + r) * dh;
        expected.push(...ropeRow(Array.from(x.slice(start, start + dh)), offset + i));
      }
    const err = maxAbsDiff(got, expected);
    console.info(`[${backend}] RoPE vs reference: max |err| ${err.toExponential(2)}`);
    expect(err).toBeLessThan(1e-5);
  });

  it('Theorem 3.1: RoPE on the rows of B equals RoPE on each head of the assembled (1/R)·AᵀB', () => {
    const [t, h, r, dh, offset] = [6, 3, 2, 8, 4];
    const rng = testRng(2);
    const a = randomArray(t * h * r, 1, rng);
    const b = randomArray(t * r * dh, 1, rng);
    const [onFactors, onAssembled, unrotated] = tf.tidy(() => {
      const A = tf.tensor4d(a, [1, t, h, r]);
      const B = tf.tensor4d(b, [1, t, r, dh]);
      return [
        host(assemble(A, applyRope(B, offset))),
        host(applyRope(assemble(A, B), offset)),
        host(assemble(A, B)),
      ];
    });
    const err = maxAbsDiff(onFactors, onAssembled);
    console.info(`[${backend}] Theorem 3.1: max |RoPE(B) path − RoPE(q) path| ${err.toExponential(2)}`);
    expect(err).toBeLessThan(1e-5);
    // the rotation must actually do something at these positions
    expect(maxAbsDiff(onAssembled, unrotated)).toBeGreaterThan(0.1);
  });

  it('q·k after RoPE depends only on the position offset m − n', () => {
    const dh = 8;
    const rng = testRng(3);
    const q = randomArray(dh, 1, rng);
    const k = randomArray(dh, 1, rng);
    const scoreAt = (m: number, n: number) =>
      tf.tidy(() => {
        const qr = host(applyRope(tf.tensor4d(q, [1, 1, 1, dh]), m));
        const kr = host(applyRope(tf.tensor4d(k, [1, 1, 1, dh]), n));
        return dot(Array.from(qr), Array.from(kr));
      });
    let worst = 0;
    const byOffset: number[] = [];
    for (const delta of [0, 1, 3, 9]) {
      const base = scoreAt(delta, 0);
      byOffset.push(base);
      for (const shift of [1, 5, 40]) worst = Math.max(worst, Math.abs(scoreAt(delta + shift, shift) - base));
    }
    console.info(
      `[${backend}] RoPE relative position: max |score(m+s, n+s) − score(m, n)| ${worst.toExponential(2)}`,
    );
    expect(worst).toBeLessThan(1e-4);
    // and it does depend on the offset
    expect(Math.max(...byOffset) - Math.min(...byOffset)).toBeGreaterThan(0.05);
  });
});
