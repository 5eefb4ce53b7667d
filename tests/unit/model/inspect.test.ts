import { describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from './support/backends';
import { maxAbsDiff, randomizeParams } from './support/random';
import { productOfFactors, ropeRow, rows } from './support/reference';
import { TINY_ATTENTION, TINY_KINDS, tinyModel } from './support/configs';
import { createT6Model, inspect } from '../../../src/model';
import type { PlainTensor } from '../../../src/spec';

const TOKENS = [3, 1, 4, 1, 5, 9];
const T = TOKENS.length;

/** Row-major slice of a plain tensor at leading index i. */
function at(t: PlainTensor, i: number): number[] {
  const inner = t.shape.slice(1).reduce((a, b) => a * b, 1);
  return Array.from(t.data.slice(i * inner, (i + 1) * inner));
}

describe.each(BACKENDS)('inspection (%s)', (backend) => {
  useBackend(backend);

  it('returns TPA factors whose products and rotations are the traced Q and K', () => {
    const attn = TINY_ATTENTION.tpa;
    if (attn.kind !== 'tpa') throw new Error('tpa config expected');
    const { heads: h, headDim: dh, rankQ, rankK, rankV } = attn;
    const model = createT6Model(tinyModel(attn), 3);
    randomizeParams(model.params, 2, 2);
    const result = inspect(model, TOKENS, [1]);
    expect(result.layers.map((l) => l.layer)).toEqual([1]);
    const f = result.layers[0]!.tensors;
    const shapes = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.shape]));
    expect(shapes).toEqual({
      A_Q: [T, h, rankQ],
      B_Q: [T, rankQ, dh],
      B_Q_rot: [T, rankQ, dh],
      A_K: [T, h, rankK],
      B_K: [T, rankK, dh],
      B_K_rot: [T, rankK, dh],
      A_V: [T, h, rankV],
      B_V: [T, rankV, dh],
      Q: [T, h, dh],
      K: [T, h, dh],
      V: [T, h, dh],
      probs: [h, T, T],
    });
    let err = 0;
    for (let t = 0; t < T; t++) {
      // B̃ = RoPE(B) row by row at position t; Q = (1/R_Q)·A_Qᵀ B̃_Q; K, V likewise
      const rotQ = rows(at(f.B_Q!, t), rankQ, dh).map((r) => ropeRow(r, t));
      const rotK = rows(at(f.B_K!, t), rankK, dh).map((r) => ropeRow(r, t));
      err = Math.max(
        err,
        maxAbsDiff(rotQ.flat(), at(f.B_Q_rot!, t)),
        maxAbsDiff(rotK.flat(), at(f.B_K_rot!, t)),
      );
      const q = productOfFactors(rows(at(f.A_Q!, t), h, rankQ), rotQ);
      const k = productOfFactors(rows(at(f.A_K!, t), h, rankK), rotK);
      const v = productOfFactors(rows(at(f.A_V!, t), h, rankV), rows(at(f.B_V!, t), rankV, dh));
      err = Math.max(err, maxAbsDiff(q.flat(), at(f.Q!, t)), maxAbsDiff(k.flat(), at(f.K!, t)));
      err = Math.max(err, maxAbsDiff(v.flat(), at(f.V!, t)));
    }
    console.info(
      `[${backend}] inspection: factors vs traced Q/K/V and RoPE max |err| ${err.toExponential(2)}`,
    );
    expect(err).toBeLessThan(1e-5);
    expect(result.logits.shape).toEqual([T, 11]);
    model.dispose();
  });

  it.each(TINY_KINDS)('$kind: Q/K/V and causal attention probabilities for every layer', (attn) => {
    const model = createT6Model(tinyModel(attn), 4);
    randomizeParams(model.params, 2, 2);
    const result = inspect(model, TOKENS);
    expect(result.layers.map((l) => l.layer)).toEqual([0, 1]);
    for (const layer of result.layers) {
      for (const name of ['Q', 'K', 'V']) expect(layer.tensors[name]?.shape[0]).toBe(T);
      const probs = layer.tensors.probs!;
      expect(probs.shape).toEqual([attn.heads, T, T]);
      for (let head = 0; head < attn.heads; head++)
        for (let i = 0; i < T; i++) {
          const row = probs.data.slice((head * T + i) * T, (head * T + i + 1) * T);
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
          for (let j = i + 1; j < T; j++) expect(row[j]).toBe(0);
        }
    }
    model.dispose();
  });
});
