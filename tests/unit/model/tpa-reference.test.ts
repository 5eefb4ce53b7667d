import { describe, expect, it } from 'vitest';
import { BACKENDS, tf, useBackend } from './support/backends';
import { maxAbs, maxAbsDiff, randomArray, randomizeParams, testRng, weightOf } from './support/random';
import type { Matrix } from './support/random';
import { referenceTpa, rows } from './support/reference';
import type { TpaShape } from './support/reference';
import { createAttention } from '../../../src/model';

// Small random shapes with R_K ≠ R_V (and R_Q different from both).
const SHAPES: (TpaShape & { d: number; t: number; batch: number })[] = [
  { d: 12, heads: 3, headDim: 4, rankQ: 2, rankK: 1, rankV: 3, t: 5, batch: 2 },
  { d: 8, heads: 2, headDim: 6, rankQ: 3, rankK: 2, rankV: 1, t: 7, batch: 1 },
];

describe.each(BACKENDS)('TPA forward vs loop reference (%s)', (backend) => {
  useBackend(backend);

  it.each(SHAPES)('d=$d h=$heads d_h=$headDim R=($rankQ,$rankK,$rankV) T=$t', (s) => {
    const layer = createAttention({ kind: 'tpa', ...s }, s.d, 11);
    randomizeParams(layer.params, 5, 3);
    const rng = testRng(3);
    const x = randomArray(s.batch * s.t * s.d, 1, rng);
    const y = tf.tidy(() => layer.forward(tf.tensor3d(x, [s.batch, s.t, s.d])));
    const got = Float32Array.from(y.dataSync());
    y.dispose();

    const w: Record<string, Matrix> = {};
    for (const name of Object.keys(layer.params)) w[name] = weightOf(layer.params, name);
    const expected: number[] = [];
    for (let b = 0; b < s.batch; b++) {
      const seq = rows(Array.from(x.slice(b * s.t * s.d, (b + 1) * s.t * s.d)), s.t, s.d);
      for (const row of referenceTpa(seq, w, s)) expected.push(...row);
    }
    const err = maxAbsDiff(got, expected);
    console.info(
      `[${backend}] TPA forward vs reference: max |err| ${err.toExponential(2)} (max |y| ${maxAbs(expected).toFixed(3)})`,
    );
    expect(maxAbs(expected)).toBeGreaterThan(0.1);
    expect(err).toBeLessThan(1e-5);
    layer.dispose();
  });
});
