import { describe, expect, it } from 'vitest';
import type { Inspection } from '../../../src/spec';
import { recallAttention } from '../../../src/model/recall-attention';

// "k1 v1 k2 v2 | k2 (a) k1": keys 3, 4; values 10, 11; SEP 2. Queries (the query keys) at 5 and 7.
const TOKENS = [3, 10, 4, 11, 2, 4, 11, 3];
const T = TOKENS.length;

/** probs [h, T, T] from a per-head rule: which position each row attends to (all its weight). */
function oneHotProbs(heads: ((row: number) => number)[]): Float32Array {
  const data = new Float32Array(heads.length * T * T);
  heads.forEach((target, h) => {
    for (let r = 0; r < T; r++) data[(h * T + r) * T + target(r)] = 1;
  });
  return data;
}

function inspection(layers: ((row: number) => number)[][]): Inspection {
  return {
    tokens: TOKENS,
    logits: { shape: [T, 1], data: new Float32Array(T) },
    layers: layers.map((heads, layer) => ({
      layer,
      kind: 'mha',
      tensors: { probs: { shape: [heads.length, T, T], data: oneHotProbs(heads) } },
    })),
  };
}

describe('recallAttention', () => {
  it('finds the previous-token head and the head that reads the asked value', () => {
    const previous = (r: number) => Math.max(0, r - 1);
    // the query key at 5 (key 4, pair 1) → value at 3; at 7 (key 3, pair 0) → value at 1; others → themselves
    const induction = (r: number) => (r === 5 ? 3 : r === 7 ? 1 : r);
    // a head that reads the other pair's value
    const wrong = (r: number) => (r === 5 ? 1 : r === 7 ? 3 : r);
    const out = recallAttention(inspection([[previous], [induction, wrong]]), 2, [5, 7]);
    expect(out.map((h) => [h.layer, h.head])).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
    ]);
    expect(out[0]!.previousToken).toBe(1);
    expect(out[1]!.previousToken).toBe(0);
    expect(out[1]).toMatchObject({ onKey: 0, onValue: 1, onOtherValues: 0 });
    expect(out[1]!.queries.map((q) => [q.position, q.pair, q.argmax])).toEqual([
      [5, 1, 3],
      [7, 0, 1],
    ]);
    expect(out[2]).toMatchObject({ onValue: 0, onOtherValues: 1 });
    // the previous-token head at a query key looks at the token before it: SEP at 4 and the first
    // answer at 6, neither of them a pair's token (only the listed pairs count)
    expect(out[0]).toMatchObject({ onKey: 0, onValue: 0, onOtherValues: 0 });
  });

  it('rejects a query position that holds no key of the pairs, and layers without probabilities', () => {
    const uniform = () => 0;
    expect(() => recallAttention(inspection([[uniform]]), 2, [4])).toThrow(/not one of the pairs' keys/);
    const bare: Inspection = { ...inspection([[uniform]]), layers: [{ layer: 0, kind: 'mha', tensors: {} }] };
    expect(() => recallAttention(bare, 2, [5])).toThrow(/no attention probabilities/);
  });
});
