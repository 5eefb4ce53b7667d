import { describe, expect, it } from 'vitest';
import { assemble, matrixFrom, rankOneTerms, runningSums } from '../../../src/factors';
import { lcg, maxDiff, product, randomGrid } from './support';

describe('rank-1 terms of the tensor product', () => {
  const rng = lcg(3);
  const H = 5;
  const R = 3;
  const D = 6;
  const a = randomGrid(H, R, rng);
  const b = randomGrid(R, D, rng);
  const A = matrixFrom(H, R, (i, j) => a[i]![j]!);
  const B = matrixFrom(R, D, (i, j) => b[i]![j]!);

  it('gives R terms, each (1/R)·a_r ⊗ b_r', () => {
    const terms = rankOneTerms(A, B);
    expect(terms).toHaveLength(R);
    for (let r = 0; r < R; r++) {
      const expected = a.flatMap((row) => b[r]!.map((bj) => (row[r]! * bj) / R));
      expect(maxDiff(terms[r]!.data, expected)).toBeLessThan(1e-15);
    }
  });

  it('each term has rank 1: every 2×2 minor vanishes', () => {
    for (const t of rankOneTerms(A, B)) {
      const m = (i: number, j: number) => t.data[i * D + j]!;
      for (let i = 1; i < H; i++)
        for (let j = 1; j < D; j++)
          expect(Math.abs(m(0, 0) * m(i, j) - m(0, j) * m(i, 0))).toBeLessThan(1e-14);
    }
  });

  it('the running sums end at (1/R)·A·B, computed independently', () => {
    const running = runningSums(rankOneTerms(A, B));
    expect(running).toHaveLength(R);
    const expected = product(a, b).flat();
    expect(maxDiff(running.at(-1)!.data, expected)).toBeLessThan(1e-14);
    expect(maxDiff(assemble(A, B).data, expected)).toBeLessThan(1e-14);
    // the first partial sum is the first term alone
    expect(maxDiff(running[0]!.data, rankOneTerms(A, B)[0]!.data)).toBe(0);
  });

  it('refuses factors whose ranks disagree', () => {
    expect(() =>
      rankOneTerms(
        A,
        matrixFrom(R + 1, D, () => 0),
      ),
    ).toThrow(/rows/);
  });
});
