import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_CONFIG } from '../../../src/model/config';
import type { T6Config } from '../../../src/spec';
import { forwardFlops, trainingStepFlops } from '../../../src/model/flops';

describe('training-step FLOP count', () => {
  it('matches a hand count for the default TPA model (d 128, 2 layers, h 4, d_h 32, R 4/2/2, V 96)', () => {
    // per token and layer, forward, written out by hand:
    //   six factor maps: 128 × (16 + 128 + 8 + 64 + 8 + 64) = 36,864 weights; W_o: 128 × 128 = 16,384
    const projections = 2 * (36_864 + 16_384); // 106,496
    const factorProducts = 2 * (4 + 2 + 2) * 4 * 32; // Q, K, V rebuilt from their factors: 2,048
    const scores = 2 * 64 * 4 * 32; // 64 keys × 4 heads × 32 dims: 16,384
    const mixing = 2 * 64 * 4 * 32; // 16,384
    const mlp = 2 * 3 * 128 * 341; // W_fc1, W_fc2, W_proj with hidden ⌊8·128/3⌋ = 341: 261,888
    const logits = 2 * 128 * 96; // 24,576, once per token
    const perToken = 2 * (projections + factorProducts + scores + mixing + mlp) + logits;
    expect(perToken).toBe(830_976);
    const tokens = 16 * 64;
    const f = forwardFlops(DEFAULT_MODEL_CONFIG, { batch: 16, seqLen: 64 });
    expect(f.projections).toBe(2 * projections * tokens);
    expect(f.factorProducts).toBe(2 * factorProducts * tokens);
    expect(f.scores).toBe(2 * scores * tokens);
    expect(f.mixing).toBe(2 * mixing * tokens);
    expect(f.mlp).toBe(2 * mlp * tokens);
    expect(f.logits).toBe(logits * tokens);
    expect(f.total).toBe(perToken * tokens);
    const step = trainingStepFlops(DEFAULT_MODEL_CONFIG, { batch: 16, seqLen: 64 });
    expect(step.total).toBe(2_552_758_272); // 3 × 830,976 × 1,024
  });

  it('counts scores over the full context (no causal discount) and grows with T² there', () => {
    const at = (seqLen: number) => forwardFlops(DEFAULT_MODEL_CONFIG, { batch: 1, seqLen });
    // per-token terms double with the tokens, attention quadruples
    expect(at(128).mlp).toBe(2 * at(64).mlp);
    expect(at(128).scores).toBe(4 * at(64).scores);
    expect(at(128).mixing).toBe(4 * at(64).mixing);
  });

  it('uses each kind’s own widths: MHA has no factor products, MLA scores over d_h + d_h^R', () => {
    const mha: T6Config = { ...DEFAULT_MODEL_CONFIG, attention: { kind: 'mha', heads: 4, headDim: 32 } };
    const f = forwardFlops(mha, { batch: 1, seqLen: 10 });
    expect(f.factorProducts).toBe(0);
    // W_q, W_k, W_v, W_o: 4 × 128 × 128 weights, two layers, ten tokens
    expect(f.projections).toBe(2 * 4 * 128 * 128 * 2 * 10);
    const mla: T6Config = {
      ...DEFAULT_MODEL_CONFIG,
      attention: { kind: 'mla', heads: 4, headDim: 32, kvLatentDim: 64, queryLatentDim: 96, ropeDim: 16 },
    };
    const g = forwardFlops(mla, { batch: 1, seqLen: 10 });
    expect(g.scores).toBe(2 * 10 * 4 * (32 + 16) * 2 * 10);
    expect(g.mixing).toBe(2 * 10 * 4 * 32 * 2 * 10);
    // W_dq 128×96, W_uq 96×(4·48), W_dkv 128×(64+16), W_ukv 64×(4·64), W_o 128×128
    const mlaWeights = 128 * 96 + 96 * 192 + 128 * 80 + 64 * 256 + 128 * 128;
    expect(g.projections).toBe(2 * mlaWeights * 2 * 10);
  });

  it('a step is three forward passes, term by term', () => {
    const shape = { batch: 3, seqLen: 7 };
    const f = forwardFlops(DEFAULT_MODEL_CONFIG, shape);
    const s = trainingStepFlops(DEFAULT_MODEL_CONFIG, shape);
    for (const key of Object.keys(f) as (keyof typeof f)[]) expect(s[key]).toBe(3 * f[key]);
  });
});
