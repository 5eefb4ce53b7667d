import { describe, expect, it } from 'vitest';
import { BACKENDS, tf, useBackend } from './support/backends';
import { maxAbs, maxAbsDiff, randomArray, testRng } from './support/random';
import { ropeRow } from './support/reference';
import { groupMatMul } from '../../../src/model/attention/group-matmul';
import { groupedAttention } from '../../../src/model/attention/softmax-attention';
import { transposeRows } from '../../../src/model/linear';
import { rmsNorm, RMS_EPS } from '../../../src/model/rmsnorm';
import { applyRope } from '../../../src/model/rope';

const host = (t: tf.Tensor) => Float32Array.from(t.dataSync());

/** Gradients of sum(w ⊙ f(inputs)) with respect to every input, as host arrays. */
function gradsOf(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], w: tf.Tensor): Float32Array[] {
  return tf.tidy(() => {
    const g = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), w)));
    return g(inputs).map(host);
  });
}

describe.each(BACKENDS)('training kernels with written-out gradients (%s)', (backend) => {
  useBackend(backend);

  it('groupMatMul: c[:, g, :] = a[:, g, :]·b[:, g, :] per group, and its gradient', () => {
    const [n, g, k, m] = [5, 3, 4, 6];
    const rng = testRng(1);
    const a = randomArray(n * g * k, 1, rng);
    const b = randomArray(k * g * m, 1, rng);
    const w = randomArray(n * g * m, 1, rng);
    // plain loops: c[i, h, j] = Σ_l a[i, h, l]·b[l, h, j]; da = w·bᵀ, db = aᵀ·w per group
    const c = new Float64Array(n * g * m);
    const da = new Float64Array(n * g * k);
    const db = new Float64Array(k * g * m);
    for (let h = 0; h < g; h++)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < m; j++)
          for (let l = 0; l < k; l++) {
            const [ai, bi, ci] = [(i * g + h) * k + l, (l * g + h) * m + j, (i * g + h) * m + j];
            c[ci]! += a[ai]! * b[bi]!;
            da[ai]! += w[ci]! * b[bi]!;
            db[bi]! += a[ai]! * w[ci]!;
          }
    const [got, grads] = tf.tidy(() => {
      const at = tf.tensor3d(a, [n, g, k]);
      const bt = tf.tensor3d(b, [k, g, m]);
      const f = (x: tf.Tensor, y: tf.Tensor) => groupMatMul(x as tf.Tensor3D, y as tf.Tensor3D);
      return [host(f(at, bt)), gradsOf(f, [at, bt], tf.tensor3d(w, [n, g, m]))] as const;
    });
    expect(maxAbsDiff(got, c)).toBeLessThan(1e-5);
    expect(maxAbsDiff(grads[0]!, da)).toBeLessThan(1e-5);
    expect(maxAbsDiff(grads[1]!, db)).toBeLessThan(1e-5);
  });

  it('RoPE: the gradient is the inverse rotation of dy, row by row', () => {
    const [t, n, dh, offset] = [4, 3, 8, 5];
    const rng = testRng(2);
    const x = randomArray(t * n * dh, 1, rng);
    const w = randomArray(t * n * dh, 1, rng);
    const [dx] = tf.tidy(() =>
      gradsOf(
        (v) => applyRope(v as tf.Tensor4D, offset),
        [tf.tensor4d(x, [1, t, n, dh])],
        tf.tensor4d(w, [1, t, n, dh]),
      ),
    );
    // the rotation at position p is orthogonal: its transpose is the rotation at −p
    const expected: number[] = [];
    for (let i = 0; i < t; i++)
      for (let r = 0; r < n; r++) {
        const start = (i * n + r) * dh;
        expected.push(...ropeRow(Array.from(w.slice(start, start + dh)), -(offset + i)));
      }
    expect(maxAbsDiff(dx!, expected)).toBeLessThan(1e-5);
  });

  it('RMSNorm and its gradient match tfjs autodiff of the plain formula', () => {
    const shape = [2, 3, 16];
    const rng = testRng(3);
    const x = tf.tensor3d(randomArray(96, 2, rng), shape as [number, number, number]);
    const w = tf.tensor3d(randomArray(96, 1, rng), shape as [number, number, number]);
    const plain = (v: tf.Tensor) => tf.mul(v, tf.rsqrt(tf.add(tf.mean(tf.square(v), -1, true), RMS_EPS)));
    const [ours] = gradsOf((v) => rmsNorm(v), [x], w);
    const [theirs] = gradsOf(plain, [x], w);
    const values = tf.tidy(() => maxAbsDiff(host(rmsNorm(x)), host(plain(x))));
    expect(values).toBe(0);
    expect(maxAbs(theirs!)).toBeGreaterThan(0.1);
    expect(maxAbsDiff(ours!, theirs!)).toBeLessThan(1e-5);
    tf.dispose([x, w]);
  });

  it('a 2-D transpose in row blocks equals tf.transpose', () => {
    const x = tf.tensor2d(randomArray(96 * 5, 1, testRng(4)), [96, 5]);
    const same = tf.tidy(() => maxAbsDiff(host(transposeRows(x)), host(tf.transpose(x))));
    expect(same).toBe(0);
    x.dispose();
  });

  it.each([
    ['MHA-like, G = h', 4, 4],
    ['GQA-like, G < h', 4, 2],
    ['MQA-like, G = 1', 3, 1],
  ])('causal attention (%s) gives the same output and gradients on wasm and cpu', async (_, h, g) => {
    const [b, t, d] = [2, 6, 4];
    const rng = testRng(5 + g);
    const q = randomArray(b * t * h * d, 1, rng);
    const k = randomArray(b * g * t * d, 1, rng);
    const v = randomArray(b * g * t * d, 1, rng);
    const w = randomArray(b * t * h * d, 1, rng);
    const run = () => {
      const inputs = [
        tf.tensor4d(q, [b, t, h, d]),
        tf.tensor4d(k, [b, g, t, d]),
        tf.tensor4d(v, [b, g, t, d]),
      ];
      const f = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
        groupedAttention(x as tf.Tensor4D, y as tf.Tensor4D, z as tf.Tensor4D, 0);
      const out = tf.tidy(() => host(f(inputs[0]!, inputs[1]!, inputs[2]!)));
      const grads = tf.tidy(() =>
        gradsOf(f as (...xs: tf.Tensor[]) => tf.Tensor, inputs, tf.tensor3d(w, [b, t, h * d])),
      );
      tf.dispose(inputs);
      return [out, ...grads];
    };
    const here = run();
    const other = backend === 'wasm' ? 'cpu' : 'wasm';
    const current = tf.getBackend();
    await tf.setBackend(other);
    const there = run();
    await tf.setBackend(current);
    here.forEach((x, i) => expect(maxAbsDiff(x, there[i]!), `output/gradient ${i}`).toBeLessThan(1e-5));
    expect(maxAbs(here[2]!)).toBeGreaterThan(0.01);
  });
});
