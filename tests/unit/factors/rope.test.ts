import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { matrixFrom, rotate, rotateRows, rotationPairs, ropeFrequency } from '../../../src/factors';
import { applyRope } from '../../../src/model/rope';
import { lcg, maxDiff, ropeComplex } from './support';

describe('RoPE in plain TypeScript', () => {
  const rng = lcg(11);
  const x = Array.from({ length: 16 }, () => 2 * rng() - 1);

  it('matches RoPE written as complex multiplication', () => {
    for (const t of [0, 1, 5, 63, 1000]) expect(maxDiff(rotate(x, t), ropeComplex(x, t))).toBeLessThan(1e-12);
  });

  it('matches the model’s tfjs RoPE (half-split, base 10000)', async () => {
    await tf.setBackend('cpu');
    const T = 9;
    const rows = Array.from({ length: T }, () => Array.from({ length: 16 }, () => 2 * rng() - 1));
    const got = tf.tidy(() =>
      applyRope(tf.tensor4d(rows.flat(), [1, T, 1, 16]), 3)
        .arraySync()[0]!
        .map((r) => r[0]!),
    );
    for (let t = 0; t < T; t++) expect(maxDiff(got[t]!, rotate(rows[t]!, t + 3))).toBeLessThan(1e-5);
  });

  it('turning by t then by −t gives x back, and keeps every pair’s length', () => {
    expect(maxDiff(rotate(rotate(x, 37), -37), x)).toBeLessThan(1e-12);
    for (const p of rotationPairs(x, 21)) expect(Math.hypot(...p.after)).toBeCloseTo(p.norm, 12);
  });

  it('lists d_h/2 pairs (j, j + d_h/2), fastest first', () => {
    const pairs = rotationPairs(x, 4);
    expect(pairs).toHaveLength(8);
    expect(pairs[0]!.dims).toEqual([0, 8]);
    expect(pairs[7]!.dims).toEqual([7, 15]);
    expect(pairs[0]!.theta).toBe(1);
    for (let j = 1; j < 8; j++) expect(pairs[j]!.theta).toBeLessThan(pairs[j - 1]!.theta);
    expect(pairs[3]!.theta).toBeCloseTo(ropeFrequency(3, 16), 15);
    expect(pairs[2]!.angle).toBeCloseTo(-4 * 10000 ** (-4 / 16), 12);
    expect(pairs[2]!.before).toEqual([x[2], x[10]]);
  });

  it('rotateRows turns each row on its own', () => {
    const m = matrixFrom(3, 16, (i, j) => x[(i * 5 + j) % 16]!);
    const r = rotateRows(m, 6);
    for (let i = 0; i < 3; i++)
      expect(maxDiff(r.data.slice(i * 16, i * 16 + 16), rotate(m.data.slice(i * 16, i * 16 + 16), 6))).toBe(
        0,
      );
  });
});
