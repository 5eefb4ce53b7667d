import { describe, expect, it } from 'vitest';
import { BACKENDS, tf, useBackend } from './support/backends';
import { maxAbs, maxAbsDiff, randomArray, randomizeParams, testRng } from './support/random';
import type { AttentionConfig } from '../../../src/spec';
import { createAttention } from '../../../src/model';
import type { AttentionLayer } from '../../../src/model';

// Paper §4: MHA, MQA and GQA are non-contextual TPA with fixed head factors a (docs/tpa-math.md#special-cases):
// MHA R = h, a_i = h·e_i; MQA R_K = R_V = 1, a = 1_h; GQA R_K = R_V = G, a_j = G·mask_j.
// A TPA layer's head factors A(x) = x·W_A are made constant by feeding inputs whose coordinate 0 is
// always 1 and giving W_A a single non-zero row 0.

const D = 10;
const T = 6;

function setParam(layer: AttentionLayer, name: string, values: Float32Array): void {
  const v = layer.params[name];
  if (!v) throw new Error(`no ${name}`);
  tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
}

/** W_A [d, h·R] whose row 0 holds scale·a_{i,r} at index i·R + r (head-major), other rows zero. */
function constantHeadFactor(h: number, r: number, a: (head: number, rank: number) => number): Float32Array {
  const w = new Float32Array(D * h * r);
  for (let i = 0; i < h; i++) for (let k = 0; k < r; k++) w[i * r + k] = a(i, k);
  return w;
}

/** Inputs [2, T, d] with x[..., 0] = 1. */
function inputsWithConstant(): tf.Tensor3D {
  const x = randomArray(2 * T * D, 1, testRng(8));
  for (let i = 0; i < 2 * T; i++) x[i * D] = 1;
  return tf.tensor3d(x, [2, T, D]);
}

function outputsOf(layer: AttentionLayer): Float32Array {
  return tf.tidy(() => Float32Array.from(layer.forward(inputsWithConstant()).dataSync()));
}

interface Case {
  name: string;
  baseline: AttentionConfig;
  /** G, the K/V heads of the baseline */
  g: number;
}

const H = 4;
const DH = 4;
const CASES: Case[] = [
  { name: 'MHA (R = h, a_i = h·e_i)', baseline: { kind: 'mha', heads: H, headDim: DH }, g: H },
  { name: 'MQA (R_K = R_V = 1, a = 1)', baseline: { kind: 'mqa', heads: H, headDim: DH }, g: 1 },
  { name: 'GQA (R = G, a_j = G·mask_j)', baseline: { kind: 'gqa', heads: H, kvHeads: 2, headDim: DH }, g: 2 },
];

describe.each(BACKENDS)('MHA / MQA / GQA as special cases of TPA (%s)', (backend) => {
  useBackend(backend);

  for (const variant of ['tpa', 'tpa-kvonly'] as const) {
    it.each(CASES)(`${variant} reproduces $name`, ({ baseline, g }) => {
      const base = createAttention(baseline, D, 1);
      randomizeParams(base.params, 3, 2);
      const tpaConfig: AttentionConfig =
        variant === 'tpa'
          ? { kind: 'tpa', heads: H, headDim: DH, rankQ: H, rankK: g, rankV: g }
          : { kind: 'tpa-kvonly', heads: H, headDim: DH, rankK: g, rankV: g };
      const tpa = createAttention(tpaConfig, D, 2);
      const copy = (from: string, to: string) =>
        setParam(tpa, to, Float32Array.from(base.params[from]!.dataSync()));
      // queries: full rank, a_i = h·e_i (TPA) or the same W_q (TPA-KVonly)
      if (variant === 'tpa') {
        setParam(
          tpa,
          'W_A_q',
          constantHeadFactor(H, H, (i, r) => (i === r ? H : 0)),
        );
        copy('W_q', 'W_B_q');
      } else {
        copy('W_q', 'W_q');
      }
      // keys/values: rank G, a_j = G·mask_j (head i belongs to group ⌊i/(h/G)⌋)
      const groupFactor = constantHeadFactor(H, g, (i, j) => (Math.floor(i / (H / g)) === j ? g : 0));
      setParam(tpa, 'W_A_k', groupFactor);
      setParam(tpa, 'W_A_v', groupFactor);
      copy('W_k', 'W_B_k');
      copy('W_v', 'W_B_v');
      copy('W_o', 'W_o');

      const expected = outputsOf(base);
      const got = outputsOf(tpa);
      const err = maxAbsDiff(got, expected);
      console.info(`[${backend}] ${variant} as ${baseline.kind}: max |err| ${err.toExponential(2)}`);
      expect(maxAbs(expected)).toBeGreaterThan(0.1);
      expect(err).toBeLessThan(1e-5);
      base.dispose();
      tpa.dispose();
    });
  }
});
