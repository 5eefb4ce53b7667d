import * as tf from '@tensorflow/tfjs-core';
import type { AttentionConfig, BaselineStop } from '../spec';
import { groupHeadFactor, groupsOf, stopRanks } from '../factors/special-case-factors';
import type { Ranks } from '../factors/special-case-factors';
import { createStandaloneAttention } from './attention';
import type { AttentionLayer } from './attention';
import { createUniformRng, uniformArray } from './rng';

/**
 * MHA, MQA and GQA built as TPA layers (paper §4; docs/tpa-math.md#special-cases), to measure that they compute the same.
 *
 * TPA's head factors are contextual, A(x) = x·W_A. To make them the fixed a of a special case, the
 * inputs get coordinate 0 = 1 and W_A gets a single non-zero row 0 holding a (head-major, index
 * i·R + r), so A(x) = a for every token. The feature factors take the baseline's weights unchanged
 * (W_B_q = W_q, W_B_k = W_k, W_B_v = W_v: the baseline's head-major columns are TPA's rank-major ones),
 * and W_o is shared. Then Q_i = (1/h)·h·B_i = q_i and K_i = (1/G)·G·B_group(i) = k_group(i): the same
 * attention, RoPE included (turning B's rows turns each head, Theorem 3.1).
 */
export interface SpecialCaseShape {
  heads: number;
  headDim: number;
  /** G for the GQA stop (must divide heads) */
  kvHeads: number;
  dModel: number;
}

export interface SpecialCasePair {
  baseline: AttentionLayer;
  tpa: AttentionLayer;
  ranks: Ranks;
  dispose(): void;
}

function baselineConfig(stop: BaselineStop, shape: SpecialCaseShape): AttentionConfig {
  const { heads, headDim } = shape;
  return stop === 'gqa'
    ? { kind: 'gqa', heads, headDim, kvHeads: groupsOf(stop, heads, shape.kvHeads) }
    : { kind: stop, heads, headDim };
}

function setWeight(layer: AttentionLayer, name: string, values: Float32Array): void {
  const v = layer.params[name];
  if (!v) throw new Error(`the ${layer.attn.kind} layer has no ${name}`);
  if (v.size !== values.length) throw new Error(`${name}: ${values.length} values for ${v.size}`);
  tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
}

/** W_A [d, h·R] whose row 0 is the head factor a (index i·R + r) and every other row zero. */
export function constantHeadWeight(dModel: number, factor: readonly (readonly number[])[]): Float32Array {
  const h = factor.length;
  const rank = factor[0]?.length ?? 0;
  const w = new Float32Array(dModel * h * rank);
  for (let i = 0; i < h; i++) for (let r = 0; r < rank; r++) w[i * rank + r] = factor[i]?.[r] ?? 0;
  return w;
}

/**
 * The baseline layer with every weight drawn U(±1/√fan_in) from `seed` (W_o too, which would otherwise
 * start at zero and hide everything), and the TPA layer set up to compute the same.
 */
export function buildSpecialCase(stop: BaselineStop, shape: SpecialCaseShape, seed: number): SpecialCasePair {
  const { heads: h, headDim, dModel } = shape;
  const ranks = stopRanks(stop, h, shape.kvHeads);
  const baseline = createStandaloneAttention(baselineConfig(stop, shape), dModel, seed);
  const tpa = createStandaloneAttention({ kind: 'tpa', heads: h, headDim, ...ranks }, dModel, seed + 1);
  try {
    const rng = createUniformRng(seed);
    const weights: Record<string, Float32Array> = {};
    for (const name of Object.keys(baseline.params).sort()) {
      const v = baseline.params[name]!;
      weights[name] = uniformArray(v.size, 1 / Math.sqrt(v.shape[0] ?? 1), rng);
      setWeight(baseline, name, weights[name]);
    }
    setWeight(tpa, 'W_A_q', constantHeadWeight(dModel, groupHeadFactor(h, ranks.rankQ)));
    setWeight(tpa, 'W_A_k', constantHeadWeight(dModel, groupHeadFactor(h, ranks.rankK)));
    setWeight(tpa, 'W_A_v', constantHeadWeight(dModel, groupHeadFactor(h, ranks.rankV)));
    setWeight(tpa, 'W_B_q', weights.W_q!);
    setWeight(tpa, 'W_B_k', weights.W_k!);
    setWeight(tpa, 'W_B_v', weights.W_v!);
    setWeight(tpa, 'W_o', weights.W_o!);
  } catch (e) {
    baseline.dispose();
    tpa.dispose();
    throw e;
  }
  return {
    baseline,
    tpa,
    ranks,
    dispose: () => {
      baseline.dispose();
      tpa.dispose();
    },
  };
}

/** Inputs [1, T, d] drawn U(−1, 1) from `seed`, with coordinate 0 set to 1 (the constant the head factors read). */
export function specialCaseInputs(tokens: number, dModel: number, seed: number): Float32Array {
  const x = uniformArray(tokens * dModel, 1, createUniformRng(seed ^ 0x5bd1e995));
  for (let t = 0; t < tokens; t++) x[t * dModel] = 1;
  return x;
}

export interface SpecialCaseReport {
  stop: BaselineStop;
  ranks: Ranks;
  tokens: number;
  /** max |TPA output − baseline output| over every token and coordinate */
  maxError: number;
  /** max |baseline output| (the scale the error is measured against) */
  maxOutput: number;
  /** the TPA layer's head factors as it computed them for token 0, each [h, R] */
  headFactors: { A_Q: Float32Array; A_K: Float32Array; A_V: Float32Array };
}

/**
 * Builds the pair, runs both layers on the same inputs and compares their outputs. Frees everything.
 * Reads results back with `await data()` (no synchronous GPU read-backs on webgpu/webgl).
 */
export async function compareSpecialCase(
  stop: BaselineStop,
  shape: SpecialCaseShape,
  seed: number,
  tokens = 8,
): Promise<SpecialCaseReport> {
  const pair = buildSpecialCase(stop, shape, seed);
  const kept: tf.Tensor[] = [];
  try {
    const data = specialCaseInputs(tokens, shape.dModel, seed);
    const traced: Partial<Record<'A_Q' | 'A_K' | 'A_V', tf.Tensor>> = {};
    const [base, tpa] = tf.tidy(() => {
      const x = tf.tensor3d(data, [1, tokens, shape.dModel]);
      const b = pair.baseline.forward(x);
      const t = pair.tpa.forward(x, (name, value) => {
        // token 0's [h, R] head factor
        if (name === 'A_Q' || name === 'A_K' || name === 'A_V') {
          const [, , h, r] = value.shape as [number, number, number, number];
          traced[name] = tf.keep(tf.reshape(tf.slice(value, [0, 0, 0, 0], [1, 1, h, r]), [h * r]));
        }
      });
      return [b, t];
    });
    kept.push(base, tpa, ...Object.values(traced));
    const { A_Q, A_K, A_V } = traced;
    if (!A_Q || !A_K || !A_V) throw new Error('the TPA layer did not report its head factors');
    const [b, t, aQ, aK, aV] = await Promise.all([base, tpa, A_Q, A_K, A_V].map((x) => x.data()));
    let maxError = 0;
    let maxOutput = 0;
    for (let i = 0; i < b!.length; i++) {
      maxError = Math.max(maxError, Math.abs((t![i] ?? Number.NaN) - (b![i] ?? 0)));
      maxOutput = Math.max(maxOutput, Math.abs(b![i] ?? 0));
    }
    const copy = (x: tf.TypedArray | undefined) => Float32Array.from(x ?? []);
    return {
      stop,
      ranks: pair.ranks,
      tokens,
      maxError,
      maxOutput,
      headFactors: { A_Q: copy(aQ), A_K: copy(aK), A_V: copy(aV) },
    };
  } finally {
    for (const x of kept) x.dispose();
    pair.dispose();
  }
}
