import { describe, expect, it } from 'vitest';
import { AdamW } from '../../../src/model';
import { GroupedAdamW, MAX_ADDN_INPUTS, pairwiseSum } from '../../../workers/optimizer';
import { tf } from './support/session-harness';

function params(n: number, seed: number): tf.Variable[] {
  return Array.from({ length: n }, (_, i) =>
    tf.variable(tf.randomUniform([3, 2 + (i % 3)], -1, 1, 'float32', seed + i), true),
  );
}

describe('GroupedAdamW (the worker’s AdamW without a many-input addN)', () => {
  it('pairwiseSum adds any number of tensors', async () => {
    const xs = Array.from({ length: 11 }, (_, i) => tf.scalar(i + 1));
    const sum = pairwiseSum(xs);
    expect((await sum.data())[0]).toBe(66);
    expect((await pairwiseSum([]).data())[0]).toBe(0);
    tf.dispose([...xs, sum]);
  });

  it('takes exactly the steps of src/model’s AdamW, clipping included, with more parameters than one group', async () => {
    const n = 2 * MAX_ADDN_INPUTS + 3;
    const a = params(n, 1);
    const b = params(n, 1);
    const reference = new AdamW(a, { gradClip: 0.5 });
    const grouped = new GroupedAdamW(b, { gradClip: 0.5 });
    for (let step = 0; step < 3; step++) {
      const grads = a.map((v, i) => tf.mul(tf.randomUniform(v.shape, -1, 1, 'float32', 100 * step + i), 3));
      const n1 = reference.apply(grads, 0.01);
      const n2 = grouped.apply(grads, 0.01);
      expect((await n2.data())[0]).toBeCloseTo((await n1.data())[0]!, 4);
      tf.dispose([...grads, n1, n2]);
    }
    expect(grouped.steps).toBe(3);
    for (let i = 0; i < n; i++) {
      const [x, y] = [await a[i]!.data(), await b[i]!.data()];
      x.forEach((v, j) => expect(y[j]).toBeCloseTo(v, 5));
    }
    reference.dispose();
    grouped.dispose();
    tf.dispose([...a, ...b]);
  });
});
