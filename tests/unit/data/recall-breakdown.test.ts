import { describe, expect, it } from 'vitest';
import { batchTargets, createMqarTask, createRng, maskedAccuracy } from '../../../src/data';
import type { SequenceBatch } from '../../../src/data';
import { mergeBreakdowns, rate, recallBreakdown } from '../../../src/data/recall-breakdown';

// 2 pairs, no gap: "k1 v1 k2 v2 | q a q a", T + 1 = 9 tokens; ids: PAD 1, SEP 2, keys 3…, values 10…
const row = (k1: number, v1: number, k2: number, v2: number, first: 1 | 2): number[] => {
  const [qa, qb] =
    first === 1
      ? [
          [k1, v1],
          [k2, v2],
        ]
      : [
          [k2, v2],
          [k1, v1],
        ];
  return [k1, v1, k2, v2, 2, ...qa!, ...qb!];
};
const MASK = [0, 0, 0, 0, 0, 0, 1, 0, 1];

function batchOf(rows: number[][]): SequenceBatch {
  return {
    batchSize: rows.length,
    contextLength: 8,
    tokens: Int32Array.from(rows.flat()),
    mask: Uint8Array.from(rows.flatMap(() => MASK)),
  };
}

/** Predictions [B, T] that answer the scored targets with `answers` (row by row), 0 elsewhere. */
function predictions(batch: SequenceBatch, answers: number[]): Int32Array {
  const out = new Int32Array(batch.batchSize * batch.contextLength);
  let i = 0;
  for (let r = 0; r < batch.batchSize; r++)
    for (let c = 0; c < batch.contextLength; c++)
      if (MASK[c + 1] === 1) out[r * batch.contextLength + c] = answers[i++]!;
  return out;
}

describe('recallBreakdown', () => {
  it('counts by query order and by asked pair, and names wrong answers that were values still left', () => {
    // row 0: pairs (3→10, 4→11), asks 3 then 4; answers 10 (right), 10 (wrong, 10 is used up)
    // row 1: pairs (5→12, 6→13), asks 6 then 5; answers 12 (wrong, but 12 is still left), 12 (right)
    const batch = batchOf([row(3, 10, 4, 11, 1), row(5, 12, 6, 13, 2)]);
    const r = recallBreakdown(batch, predictions(batch, [10, 10, 12, 12]), 2);
    expect(r.byQuery).toEqual([
      { correct: 1, scored: 2 },
      { correct: 1, scored: 2 },
    ]);
    // pair 0 asked in row 0 (right) and row 1 second (right); pair 1 asked in row 0 (wrong) and row 1 first (wrong)
    expect(r.byPair).toEqual([
      { correct: 2, scored: 2 },
      { correct: 0, scored: 2 },
    ]);
    expect(r.wrong).toEqual({ total: 2, leftValue: 1 });
    // the totals agree with maskedAccuracy
    const all = maskedAccuracy(batch, predictions(batch, [10, 10, 12, 12]));
    expect(r.byQuery.reduce((s, c) => s + c.correct, 0)).toBe(all.correct);
    expect(r.byQuery.reduce((s, c) => s + c.scored, 0)).toBe(all.scored);
  });

  it('scores elimination: 1/(distinct values left) at the first query, certainty at the last', () => {
    // distinct values: first query 1/2, second 1; equal values: both certain
    const batch = batchOf([row(3, 10, 4, 11, 1), row(5, 12, 6, 12, 2)]);
    const r = recallBreakdown(batch, predictions(batch, [0, 0, 0, 0]), 2);
    expect(r.eliminationByQuery).toEqual([0.5 + 1, 1 + 1]);
  });

  it('elimination agrees with a direct simulation of the strategy on generated sequences', () => {
    const task = createMqarTask({
      numKeys: 16,
      numValues: 4,
      numPairs: 4,
      numQueries: 4,
      contextLength: 24,
      gap: 4,
    });
    const batch = task.sampleBatch(createRng(9), 400);
    const r = recallBreakdown(batch, new Int32Array(400 * 24), 4);
    // the strategy, played with a random tie-break: the empirical rate approaches the expected one
    const rng = createRng(3);
    const targets = batchTargets(batch);
    const hits = [0, 0, 0, 0];
    for (let b = 0; b < 400; b++) {
      const tokens = batch.tokens.subarray(b * 25, (b + 1) * 25);
      const left = [1, 3, 5, 7].map((i) => tokens[i]!);
      let j = 0;
      for (let c = 0; c < 24; c++) {
        if (batch.mask![b * 25 + c + 1] !== 1) continue;
        const freq = new Map<number, number>();
        for (const v of left) freq.set(v, (freq.get(v) ?? 0) + 1);
        const best = Math.max(...freq.values());
        const tied = [...freq.keys()].filter((v) => freq.get(v) === best);
        const guess = tied[rng.int(tied.length)]!;
        const target = targets[b * 24 + c]!;
        if (guess === target) hits[j]!++;
        left.splice(left.indexOf(target), 1);
        j++;
      }
    }
    for (let j = 0; j < 4; j++)
      expect(Math.abs(hits[j]! - r.eliminationByQuery[j]!) / 400).toBeLessThan(0.06);
    expect(r.eliminationByQuery[3]).toBe(400);
  });

  it('merges two breakdowns into the breakdown of both batches', () => {
    const a = batchOf([row(3, 10, 4, 11, 1)]);
    const b = batchOf([row(5, 12, 6, 13, 2)]);
    const both = batchOf([row(3, 10, 4, 11, 1), row(5, 12, 6, 13, 2)]);
    const merged = mergeBreakdowns(
      recallBreakdown(a, predictions(a, [10, 11]), 2),
      recallBreakdown(b, predictions(b, [12, 12]), 2),
    );
    expect(merged).toEqual(recallBreakdown(both, predictions(both, [10, 11, 12, 12]), 2));
    expect(rate(merged.byQuery[0]!)).toBe(0.5);
    expect(rate({ correct: 0, scored: 0 })).toBeNaN();
  });

  it('rejects predictions of the wrong size and pairs that do not fit', () => {
    const batch = batchOf([row(3, 10, 4, 11, 1)]);
    expect(() => recallBreakdown(batch, new Int32Array(3), 2)).toThrow(RangeError);
    expect(() => recallBreakdown(batch, new Int32Array(8), 5)).toThrow(RangeError);
  });
});
