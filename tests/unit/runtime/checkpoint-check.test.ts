import { describe, expect, it } from 'vitest';
import { checkCheckpoint, firstNonFinite } from '../../../workers/checkpoint-check';
import type { CheckpointRecord } from '../../../workers/checkpoints';

const SLOTS = [
  { name: 'wte', size: 6 },
  { name: 'layers.0.mlp.W_fc1', size: 4 },
];

const point = (step: number) => ({
  step,
  loss: 3 - step / 10,
  valLoss: null,
  accuracy: null,
  lr: 0.01,
  gradNorm: 1,
  ms: 2,
  tokens: 32,
});

function good(): CheckpointRecord {
  return {
    key: 'k',
    savedAt: 1000,
    step: 3,
    history: [point(1), point(2), point(3)],
    weights: { wte: new Float32Array(6).fill(0.5), 'layers.0.mlp.W_fc1': new Float32Array(4).fill(-1) },
  };
}

const reasonOf = (raw: unknown) => {
  const r = checkCheckpoint(raw, 'k', SLOTS);
  return r.ok ? null : r.reason;
};

describe('checkCheckpoint', () => {
  it('accepts a record that fits the model', () => {
    const rec = good();
    expect(checkCheckpoint(rec, 'k', SLOTS)).toEqual({ ok: true, record: rec });
  });

  it.each<[string, (r: CheckpointRecord) => unknown, RegExp]>([
    ['not an object', () => 'hello', /not a checkpoint of this app/],
    ['a string step', (r) => ({ ...r, step: '3' }), /step/],
    [
      'a NaN loss in the history',
      (r) => ({ ...r, history: [point(1), point(2), { ...point(3), loss: NaN }] }),
      /history\.2\.loss/,
    ],
    [
      'a history point without tokens',
      (r) => ({ ...r, history: [{ ...point(3), tokens: undefined }] }),
      /history\.0\.tokens/,
    ],
    [
      'weights as plain arrays',
      (r) => ({ ...r, weights: { ...r.weights, wte: [0, 0, 0, 0, 0, 0] } }),
      /weights\.wte/,
    ],
    ['another key', (r) => ({ ...r, key: 'other' }), /another model/],
    ['history out of order', (r) => ({ ...r, history: [point(2), point(1), point(3)] }), /out of order/],
    ['history ending elsewhere', (r) => ({ ...r, step: 5 }), /ends at step 3, not at its step 5/],
    [
      'a missing weight',
      (r) => ({ ...r, weights: { wte: r.weights['wte'] } }),
      /no weights for layers\.0\.mlp\.W_fc1/,
    ],
    [
      'an extra weight',
      (r) => ({ ...r, weights: { ...r.weights, W_x: new Float32Array(1) } }),
      /does not have \(W_x\)/,
    ],
    [
      'a short weight',
      (r) => ({ ...r, weights: { ...r.weights, wte: new Float32Array(5) } }),
      /wte holds 5 values where the model has 6/,
    ],
    [
      'a NaN weight',
      (r) => ({ ...r, weights: { ...r.weights, 'layers.0.mlp.W_fc1': Float32Array.of(1, 2, NaN, 4) } }),
      /W_fc1 holds NaN at index 2/,
    ],
    [
      'an infinite weight',
      (r) => ({ ...r, weights: { ...r.weights, wte: Float32Array.of(0, 0, 0, 0, 0, -Infinity) } }),
      /-Infinity at index 5/,
    ],
  ])('refuses %s, saying why', (_, corrupt, reason) => {
    expect(reasonOf(corrupt(good()))).toMatch(reason);
  });

  it('firstNonFinite finds the first NaN or infinity, or none', () => {
    expect(firstNonFinite(Float32Array.of(1, 2, 3))).toBeNull();
    expect(firstNonFinite(Float32Array.of(1, Infinity, NaN))).toEqual({ index: 1, value: Infinity });
    expect(firstNonFinite(new Float32Array(0))).toBeNull();
  });
});
