import { describe, expect, it } from 'vitest';
import { baselineElements, isEqualOutput, stopCache } from '../../../src/view-models/factors';
import { groupHeadFactor, stopRanks } from '../../../src/factors/special-case-factors';
import { buildSpecialCase, compareSpecialCase, specialCaseInputs } from '../../../src/model';
import { constantHeadWeight } from '../../../src/model/special-cases';
import { BACKENDS, tf, useBackend } from '../model/support/backends';

describe('MHA / MQA / GQA stops (view-model)', () => {
  it('head factors: h·e_i for MHA, 1_h for MQA, G·mask_j for GQA', () => {
    expect(groupHeadFactor(3, 3)).toEqual([
      [3, 0, 0],
      [0, 3, 0],
      [0, 0, 3],
    ]);
    expect(groupHeadFactor(4, 1)).toEqual([[1], [1], [1], [1]]);
    // the paper's example: h = 8, G = 2 gives a_1 = 2·[1,1,1,1,0,0,0,0]
    expect(groupHeadFactor(8, 2).map((row) => row[0])).toEqual([2, 2, 2, 2, 0, 0, 0, 0]);
    expect(() => groupHeadFactor(6, 4)).toThrow(/divide/);
  });

  it('ranks per stop', () => {
    expect(stopRanks('mha', 4, 2)).toEqual({ rankQ: 4, rankK: 4, rankV: 4 });
    expect(stopRanks('mqa', 4, 2)).toEqual({ rankQ: 4, rankK: 1, rankV: 1 });
    expect(stopRanks('gqa', 4, 2)).toEqual({ rankQ: 4, rankK: 2, rankV: 2 });
  });

  it('with fixed head factors only B is cached, which is exactly the baseline’s cache', () => {
    for (const stop of ['mha', 'mqa', 'gqa'] as const) {
      const ranks = stopRanks(stop, 8, 2);
      const c = stopCache(stop, 8, 16, ranks);
      expect(c.fixedHeads.elements).toBe(baselineElements(stop, 8, 16, 2));
      expect(c.baseline?.filled).toMatch(new RegExp(`= ${c.fixedHeads.elements}$`));
      expect(c.contextual.symbolic).toBe('(R_K+R_V)(h+d_h)');
    }
    expect(stopCache('mha', 8, 16, stopRanks('mha', 8, 2)).baseline?.filled).toBe('2·8·16 = 256');
    expect(stopCache('gqa', 8, 16, stopRanks('gqa', 8, 2)).contextual.filled).toBe('(2+2)(8+16) = 96');
    expect(stopCache('tpa', 8, 16, { rankQ: 3, rankK: 2, rankV: 1 }).baseline).toBeNull();
  });

  it('equality has a tolerance, and NaN is never equal', () => {
    expect(isEqualOutput(3e-7)).toBe(true);
    expect(isEqualOutput(2e-5)).toBe(false);
    expect(isEqualOutput(Number.NaN)).toBe(false);
  });
});

describe.each(BACKENDS)('special cases built in tfjs (%s)', (backend) => {
  useBackend(backend);
  const shape = { heads: 4, headDim: 8, kvHeads: 2, dModel: 12 };

  it.each(['mha', 'mqa', 'gqa'] as const)('TPA with fixed head factors computes %s', async (stop) => {
    const r = await compareSpecialCase(stop, shape, 5, 6);
    expect(r.stop).toBe(stop);
    expect(r.tokens).toBe(6);
    expect(r.ranks).toEqual(stopRanks(stop, 4, 2));
    expect(r.maxOutput).toBeGreaterThan(0.05);
    expect(r.maxError).toBeLessThan(1e-5);
    // the head factors the TPA layer computed are the special case's a
    expect(Array.from(r.headFactors.A_K)).toEqual(groupHeadFactor(4, r.ranks.rankK).flat());
    expect(Array.from(r.headFactors.A_V)).toEqual(groupHeadFactor(4, r.ranks.rankV).flat());
    expect(Array.from(r.headFactors.A_Q)).toEqual(groupHeadFactor(4, 4).flat());
  });

  it('the check can fail: heads assigned to the wrong groups give other outputs', () => {
    const pair = buildSpecialCase('gqa', shape, 5);
    try {
      const swapped = groupHeadFactor(4, 2).map((row) => [row[1]!, row[0]!]);
      const w = pair.tpa.params.W_A_k!;
      tf.tidy(() => w.assign(tf.tensor(constantHeadWeight(shape.dModel, swapped), w.shape)));
      const x = specialCaseInputs(6, shape.dModel, 5);
      const [base, tpa] = tf.tidy(() => {
        const input = tf.tensor3d(x, [1, 6, shape.dModel]);
        return [pair.baseline.forward(input).dataSync(), pair.tpa.forward(input).dataSync()].map((d) =>
          Float32Array.from(d),
        );
      });
      let err = 0;
      for (let i = 0; i < base!.length; i++) err = Math.max(err, Math.abs(base![i]! - tpa![i]!));
      expect(err).toBeGreaterThan(1e-3);
    } finally {
      pair.dispose();
    }
  });
});
