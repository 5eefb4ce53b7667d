import { describe, expect, it } from 'vitest';
import { BACKENDS, tf, useBackend } from './support/backends';
import { maxAbs, maxAbsDiff, randomArray, randomizeParams, testRng, weightOf } from './support/random';
import type { Matrix } from './support/random';
import { referenceMla, referenceTpa, rows } from './support/reference';
import type { AttentionConfig } from '../../../src/spec';
import { createAttention } from '../../../src/model';

interface Case {
  attn: AttentionConfig;
  d: number;
  t: number;
  batch: number;
}

// Small random shapes; TPA with R_K ≠ R_V (and R_Q different from both).
const CASES: Case[] = [
  { attn: { kind: 'tpa', heads: 3, headDim: 4, rankQ: 2, rankK: 1, rankV: 3 }, d: 12, t: 5, batch: 2 },
  { attn: { kind: 'tpa', heads: 2, headDim: 6, rankQ: 3, rankK: 2, rankV: 1 }, d: 8, t: 7, batch: 1 },
  {
    attn: { kind: 'mla', heads: 2, headDim: 4, kvLatentDim: 6, queryLatentDim: 5, ropeDim: 4 },
    d: 10,
    t: 6,
    batch: 2,
  },
];

function reference(c: Case, seq: number[][], w: Record<string, Matrix>): number[][] {
  if (c.attn.kind === 'tpa') return referenceTpa(seq, w, c.attn);
  if (c.attn.kind === 'mla') return referenceMla(seq, w, c.attn);
  throw new Error(`no reference for ${c.attn.kind}`);
}

describe.each(BACKENDS)('attention forward vs loop reference (%s)', (backend) => {
  useBackend(backend);

  it.each(CASES)('$attn.kind d=$d T=$t B=$batch', (c) => {
    const layer = createAttention(c.attn, c.d, 11);
    randomizeParams(layer.params, 5, 3);
    const x = randomArray(c.batch * c.t * c.d, 1, testRng(3));
    const got = tf.tidy(() =>
      Float32Array.from(layer.forward(tf.tensor3d(x, [c.batch, c.t, c.d])).dataSync()),
    );

    const w: Record<string, Matrix> = {};
    for (const name of Object.keys(layer.params)) w[name] = weightOf(layer.params, name);
    const expected: number[] = [];
    for (let b = 0; b < c.batch; b++) {
      const seq = rows(Array.from(x.slice(b * c.t * c.d, (b + 1) * c.t * c.d)), c.t, c.d);
      for (const row of reference(c, seq, w)) expected.push(...row);
    }
    const err = maxAbsDiff(got, expected);
    console.info(
      `[${backend}] ${c.attn.kind} forward vs reference: max |err| ${err.toExponential(2)} (max |y| ${maxAbs(expected).toFixed(3)})`,
    );
    expect(maxAbs(expected)).toBeGreaterThan(0.1);
    expect(err).toBeLessThan(1e-5);
    layer.dispose();
  });
});
