import { describe, expect, it } from 'vitest';
import { BACKENDS, tf, useBackend } from './support/backends';
import { maxAbs, maxAbsDiff, randomArray, randomizeParams, testRng, weightOf } from './support/random';
import type { Matrix } from './support/random';
import { causalAttention, rmsRow, ropeRow, rows, rowTimes } from './support/reference';
import type { AttentionConfig, TpaVariant } from '../../../src/spec';
import { createAttention, createT6Model, exportWeights, t6Logits } from '../../../src/model';
import { groupedHeadFactor } from '../../../src/model/attention/tpa-variant';

type TpaLike = Extract<AttentionConfig, { kind: 'tpa' | 'tpa-kvonly' }>;

/**
 * TPA / TPA-KVonly with a variant, written from TpaVariant's definitions in plain float64 loops,
 * independent of src/model. x [T][d] for one sequence → [T][d].
 */
function referenceVariant(x: number[][], w: Record<string, Matrix>, s: TpaLike): number[][] {
  const { heads: h, headDim: dh } = s;
  const v: TpaVariant = s.variant ?? {};
  const place = v.rope ?? 'factors';
  const scaleOf = (r: number) => (v.rankScale === 'inverseSqrt' ? 1 / Math.sqrt(r) : 1 / r);
  const modeOf = (name: 'q' | 'k' | 'v') =>
    v.headFactorOn && !v.headFactorOn.includes(name) ? 'contextual' : (v.headFactor ?? 'contextual');
  const factor = (xt: number[], name: 'q' | 'k' | 'v', r: number, t: number): number[][] => {
    const mode = modeOf(name);
    let a =
      mode === 'constant'
        ? rows(Array.from(w[`A_${name}`]!.data), h, r)
        : rows(rowTimes(xt, w[`W_A_${name}`]!), h, r);
    if (mode === 'sigmoid') a = a.map((row) => row.map((z) => 1 / (1 + Math.exp(-z))));
    if (mode === 'grouped') {
      const bias = rows(Array.from(w[`b_A_${name}`]!.data), h, r);
      a = a.map((row, i) => row.map((z, j) => z + bias[i]![j]!));
    }
    let b = rows(rowTimes(xt, w[`W_B_${name}`]!), r, dh);
    if (place === 'factors' && name !== 'v') b = b.map((row) => ropeRow(row, t));
    return a.map((ai) => {
      const out = new Array<number>(dh).fill(0);
      for (let k = 0; k < r; k++) for (let j = 0; j < dh; j++) out[j]! += ai[k]! * b[k]![j]! * scaleOf(r);
      return out;
    });
  };
  let q: number[][][];
  if (s.kind === 'tpa') q = x.map((xt, t) => factor(xt, 'q', s.rankQ, t));
  else
    q = x.map((xt, t) =>
      rows(rowTimes(xt, w.W_q!), h, dh).map((row) => (place === 'factors' ? ropeRow(row, t) : row)),
    );
  let k = x.map((xt, t) => factor(xt, 'k', s.rankK, t));
  const vals = x.map((xt, t) => factor(xt, 'v', s.rankV, t));
  if (place === 'heads') {
    q = q.map((heads, t) => heads.map((row) => ropeRow(row, t)));
    k = k.map((heads, t) => heads.map((row) => ropeRow(row, t)));
  }
  if (v.qkNorm) {
    const gain = Array.from(w.qk_gain!.data);
    q = q.map((heads) => heads.map((row, i) => rmsRow(row).map((z) => z * gain[i]!)));
    k = k.map((heads) => heads.map((row) => rmsRow(row)));
  }
  return causalAttention(q, k, vals).map((o) => rowTimes(o, w.W_o!));
}

const tpa = (variant?: TpaVariant): TpaLike => ({
  kind: 'tpa',
  heads: 3,
  headDim: 4,
  rankQ: 2,
  rankK: 2,
  rankV: 3,
  ...(variant ? { variant } : {}),
});

const VARIANTS: { name: string; attn: TpaLike }[] = [
  { name: 'constant A', attn: tpa({ headFactor: 'constant' }) },
  { name: 'sigmoid A', attn: tpa({ headFactor: 'sigmoid' }) },
  { name: 'grouped A', attn: tpa({ headFactor: 'grouped' }) },
  { name: 'constant A on K only', attn: tpa({ headFactor: 'constant', headFactorOn: ['k'] }) },
  { name: '1/√R', attn: tpa({ rankScale: 'inverseSqrt' }) },
  { name: 'RoPE on heads', attn: tpa({ rope: 'heads' }) },
  { name: 'no RoPE', attn: tpa({ rope: 'none' }) },
  { name: 'qkNorm', attn: tpa({ qkNorm: true }) },
  { name: 'matched init, constant A', attn: tpa({ factorInit: 'matched', headFactor: 'constant' }) },
  {
    name: 'TPA-KVonly, qkNorm, RoPE on heads, 1/√R',
    attn: {
      kind: 'tpa-kvonly',
      heads: 2,
      headDim: 6,
      rankK: 2,
      rankV: 1,
      variant: { qkNorm: true, rope: 'heads', rankScale: 'inverseSqrt' },
    },
  },
];

const D = 10;
const T = 6;

describe.each(BACKENDS)('TPA variants (%s)', (backend) => {
  useBackend(backend);

  it.each(VARIANTS)('$name: forward matches the loop reference', ({ attn }) => {
    const layer = createAttention(attn, D, 11);
    randomizeParams(layer.params, 5, 3);
    const x = randomArray(2 * T * D, 1, testRng(3));
    const got = tf.tidy(() => Float32Array.from(layer.forward(tf.tensor3d(x, [2, T, D])).dataSync()));
    const w: Record<string, Matrix> = {};
    for (const name of Object.keys(layer.params)) w[name] = weightOf(layer.params, name);
    const expected: number[] = [];
    for (let b = 0; b < 2; b++)
      for (const row of referenceVariant(
        rows(Array.from(x.slice(b * T * D, (b + 1) * T * D)), T, D),
        w,
        attn,
      ))
        expected.push(...row);
    expect(maxAbs(expected)).toBeGreaterThan(0.1);
    expect(maxAbsDiff(got, expected)).toBeLessThan(1e-5);
    layer.dispose();
  });

  it.each(VARIANTS)('$name: a prefill and decoding steps give the forward pass', ({ attn }) => {
    const layer = createAttention(attn, D, 11);
    randomizeParams(layer.params, 6, 3);
    const x = randomArray(T * D, 1, testRng(4));
    const [full, stepped] = tf.tidy(() => {
      const input = tf.tensor3d(x, [1, T, D]);
      const whole = Float32Array.from(layer.forward(input).dataSync());
      const first = layer.extend(tf.slice(input, [0, 0, 0], [1, 3, D]), null);
      const parts = [Float32Array.from(first.y.dataSync())];
      let cache = first.cache;
      for (let t = 3; t < T; t++) {
        const r = layer.extend(tf.slice(input, [0, t, 0], [1, 1, D]), cache);
        parts.push(Float32Array.from(r.y.dataSync()));
        cache = r.cache;
      }
      return [whole, Float32Array.from(parts.flatMap((p) => Array.from(p)))];
    });
    expect(maxAbsDiff(stepped, full)).toBeLessThan(1e-5);
    layer.dispose();
  });
});

describe.each(BACKENDS)('the official TPA is untouched by the variant option (%s)', (backend) => {
  useBackend(backend);

  it('a variant with every field at its default gives the same parameters and bit-identical logits', () => {
    const base = { vocabSize: 13, dModel: 16, layers: 2, maxSeqLen: 8 };
    const official = createT6Model({ ...base, attention: tpa() }, 7);
    const explicit = createT6Model(
      {
        ...base,
        attention: tpa({ headFactor: 'contextual', rankScale: 'inverse', rope: 'factors', qkNorm: false }),
      },
      7,
    );
    const a = exportWeights(official);
    const b = exportWeights(explicit);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const name of Object.keys(a)) expect(b[name]!.data).toEqual(a[name]!.data);
    const tokens = [[1, 5, 2, 7, 3, 12, 0, 4]];
    const [la, lb] = tf.tidy(() => {
      const input = tf.tensor2d(tokens, [1, 8], 'int32');
      return [t6Logits(official, input).dataSync(), t6Logits(explicit, input).dataSync()];
    });
    expect(maxAbs(la!)).toBeGreaterThan(0);
    expect(Array.from(lb!)).toEqual(Array.from(la!));
    official.dispose();
    explicit.dispose();
  });

  it("factorInit 'matched' gives Q, K and V the spread of MHA's init; the official init's is several times smaller", () => {
    const d = 128;
    const spreads = (attn: AttentionConfig) => {
      const layer = createAttention(attn, d, 3);
      const rng = testRng(9);
      // RMS-normalised inputs: Σx² = d
      const x = Array.from({ length: 16 }, () => {
        const row = Array.from(randomArray(d, 1, rng));
        const rms = Math.sqrt(row.reduce((s, v) => s + v * v, 0) / d);
        return row.map((v) => v / rms);
      }).flat();
      const out: Record<string, number> = {};
      tf.tidy(() => {
        layer.forward(tf.tensor3d(x, [1, 16, d]), (name, value) => {
          if (name !== 'Q' && name !== 'K' && name !== 'V') return;
          const data = Array.from(value.dataSync() as Float32Array);
          out[name] = Math.sqrt(data.reduce((s, v) => s + v * v, 0) / data.length);
        });
      });
      layer.dispose();
      return out;
    };
    const shape = { heads: 4, headDim: 32 };
    const mha = spreads({ kind: 'mha', ...shape });
    const ranks = { rankQ: 4, rankK: 2, rankV: 2 };
    const official = spreads({ kind: 'tpa', ...shape, ...ranks });
    const matched = spreads({ kind: 'tpa', ...shape, ...ranks, variant: { factorInit: 'matched' } });
    const constant = spreads({
      kind: 'tpa',
      ...shape,
      ...ranks,
      variant: { factorInit: 'matched', headFactor: 'constant' },
    });
    for (const name of ['Q', 'K', 'V']) {
      expect(mha[name]).toBeGreaterThan(0.45);
      expect(official[name]! / mha[name]!).toBeLessThan(0.45);
      for (const s of [matched, constant]) {
        expect(s[name]! / mha[name]!).toBeGreaterThan(0.7);
        expect(s[name]! / mha[name]!).toBeLessThan(1.4);
      }
    }
  });

  it("the grouped head factor is GQA's: head i reads rank ⌊i·R/h⌋ with weight R", () => {
    // h = 4, R = 2: heads 0, 1 → rank 0; heads 2, 3 → rank 1 (paper §4: a_j = G·mask_j)
    expect(Array.from(groupedHeadFactor(4, 2))).toEqual([2, 0, 2, 0, 0, 2, 0, 2]);
    // R = h: MHA, a_i = h·e_i
    expect(Array.from(groupedHeadFactor(2, 2))).toEqual([2, 0, 0, 2]);
  });
});
