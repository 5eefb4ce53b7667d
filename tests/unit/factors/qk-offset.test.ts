import { describe, expect, it } from 'vitest';
import {
  commuteGaps,
  matrixFrom,
  maxSpread,
  positionFreePair,
  rotate,
  scoresByOffset,
} from '../../../src/factors';
import { lcg, randomGrid, tensorOf } from './support';

/** Re(z_q · conj(z_k) · e^{−iΔθ_j}) summed over pairs, / √d: the logit of q at n + Δ against k at n. */
function complexScore(q: number[], k: number[], offset: number): number {
  const half = q.length / 2;
  let s = 0;
  for (let j = 0; j < half; j++) {
    const theta = 10000 ** (-(2 * j) / q.length);
    const re = q[j]! * k[j]! + q[j + half]! * k[j + half]!;
    const im = q[j + half]! * k[j]! - q[j]! * k[j + half]!;
    s += re * Math.cos(offset * theta) + im * Math.sin(offset * theta);
  }
  return s / Math.sqrt(q.length);
}

describe('q·k against the position offset', () => {
  const rng = lcg(21);
  const q = Array.from({ length: 16 }, () => 2 * rng() - 1);
  const k = Array.from({ length: 16 }, () => 2 * rng() - 1);

  it('depends only on the offset, and matches the complex-number formula', () => {
    const rows = scoresByOffset(q, k, [0, 1, 2, 5, 17], [0, 3, 40, 250]);
    expect(rows.map((r) => r.offset)).toEqual([0, 1, 2, 5, 17]);
    for (const r of rows) {
      expect(r.scores).toHaveLength(4);
      expect(r.spread).toBeLessThan(1e-12);
      expect(r.scores[0]).toBeCloseTo(complexScore(q, k, r.offset), 12);
    }
    expect(maxSpread(rows)).toBeLessThan(1e-12);
    // and the offset does matter
    expect(Math.abs(rows[0]!.scores[0]! - rows[1]!.scores[0]!)).toBeGreaterThan(1e-3);
  });

  it('undoes the worker’s rotation to get position-free vectors', () => {
    const T = 5;
    const raw = Array.from({ length: T }, () => randomGrid(2, 16, rng));
    const rotated = raw.map((heads, t) => heads.map((row) => Array.from(rotate(row, t))));
    const { q: q0, k: k0 } = positionFreePair(tensorOf(rotated), tensorOf(rotated), 1, 4, 2);
    for (let j = 0; j < 16; j++) {
      expect(q0[j]).toBeCloseTo(raw[4]![1]![j]!, 6);
      expect(k0[j]).toBeCloseTo(raw[2]![1]![j]!, 6);
    }
  });
});

describe('TPA against plain low-rank K under RoPE', () => {
  const rng = lcg(2);
  const a = matrixFrom(3, 2, () => 2 * rng() - 1);
  const b = matrixFrom(2, 16, () => 2 * rng() - 1);

  it('TPA commutes with RoPE; rotating a latent before the up-projection does not', () => {
    const g = commuteGaps(a, b, 7);
    expect(g.tpa).toBeLessThan(1e-14);
    expect(g.lowRank).toBeGreaterThan(1e-2 * g.lowRankScale);
    expect(g.lowRankScale).toBeGreaterThan(0);
  });

  it('at position 0 nothing turns, so both gaps vanish', () => {
    const g = commuteGaps(a, b, 0);
    expect(g.tpa).toBe(0);
    expect(g.lowRank).toBe(0);
  });
});
