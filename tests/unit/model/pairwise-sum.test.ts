import { describe, expect, it } from 'vitest';
import { BACKENDS, tf, useBackend } from './support/backends';
import { pairwiseSum } from '../../../src/model';

describe.each(BACKENDS)('pairwiseSum (%s)', (backend) => {
  useBackend(backend);

  it.each([0, 1, 2, 3, 7, 8, 9, 17])(
    'sums %i tensors like a plain loop, with no leaked tensors',
    async (n) => {
      const before = tf.memory().numTensors;
      const values = Array.from({ length: n }, (_, i) => [i + 1, 3 - 2 * i]);
      const expected = [0, 0];
      for (const [a, b] of values) {
        expected[0]! += a!;
        expected[1]! += b!;
      }
      const sum = tf.tidy(() => {
        const parts = values.map((v) => tf.tensor1d(v));
        return n === 0 ? tf.add(tf.zeros([2]), pairwiseSum(parts)) : pairwiseSum(parts);
      });
      expect(Array.from(await sum.data())).toEqual(expected);
      sum.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});
