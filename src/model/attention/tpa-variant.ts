import * as tf from '@tensorflow/tfjs-core';
import type { TpaVariant } from '../../spec';
import { ZEROS } from '../init';
import type { ParamFactory } from '../init';
import type { LinearImpl } from '../linear';
import { rmsNorm } from '../rmsnorm';
import { project4d } from './common';

/**
 * The labelled departures from official TPA (TpaVariant, src/memory/attention-config.ts), kept apart
 * from the official path: with no variant every helper here gives back exactly what tpa-kv.ts computed
 * before variants existed (same ops, same numbers).
 */

export type HeadFactorMode = NonNullable<TpaVariant['headFactor']>;
export type FactorName = 'q' | 'k' | 'v';

/** The head-factor mode of map `which` under `variant` ('contextual' unless the variant says so). */
export function headFactorModeOf(variant: TpaVariant | undefined, which: FactorName): HeadFactorMode {
  const mode = variant?.headFactor ?? 'contextual';
  const on = variant?.headFactorOn;
  return on && !on.includes(which) ? 'contextual' : mode;
}

/** The scale of (1/R)·AᵀB: 1/R (official) or 1/√R. */
export function rankScaleOf(rank: number, variant: TpaVariant | undefined): number {
  return variant?.rankScale === 'inverseSqrt' ? 1 / Math.sqrt(rank) : 1 / rank;
}

/** Where RoPE is applied ('factors' is the official place). */
export function ropePlaceOf(variant: TpaVariant | undefined): NonNullable<TpaVariant['rope']> {
  return variant?.rope ?? 'factors';
}

/**
 * Whether the layer must build Q and K before attending even when decoding: a per-head norm or a
 * rotation of the materialised heads cannot be applied to the cached factors.
 */
export function needsMaterialisedQk(variant: TpaVariant | undefined): boolean {
  return variant?.qkNorm === true || ropePlaceOf(variant) === 'heads';
}

/**
 * W_B's init bound under `factorInit: 'matched'`: with x RMS-normalised (Σx² = d) an entry of x·W for
 * W ~ U(±b) has spread b·√(d/3), and an entry of (1/R)·AᵀB (R independent products) has
 * (1/R)·√R·σ_A·σ_B. Solving for σ_B = target spread 1/√3 (MHA's U(±1/√d) init) gives the bound
 * 1 / (scale·√R·σ_A·√d), σ_A = headBound·√(d/3).
 */
export function matchedFeatureBound(dModel: number, rank: number, headBound: number, scale: number): number {
  const sigmaA = headBound * Math.sqrt(dModel / 3);
  return 1 / (scale * Math.sqrt(rank) * sigmaA * Math.sqrt(dModel));
}

/** The weights of a head factor: W_A [d, h·R] (contextual, sigmoid, grouped) or a constant A [1, h·R]. */
export interface HeadFactorWeights {
  readonly mode: HeadFactorMode;
  /** W_A [d, h·R], or for 'constant' the learned A itself [1, h·R] */
  readonly A: tf.Variable<tf.Rank.R2>;
  /** 'grouped': the learned bias [1, h·R], starting at GQA's grouping */
  readonly bias?: tf.Variable<tf.Rank.R2>;
}

/**
 * GQA's head factor as a TPA A [h, R] flattened head-major: head i uses rank ⌊i·R/h⌋ with weight R, so
 * (1/R)·AᵀB gives head i the row B_⌊i·R/h⌋ (docs/tpa-math.md, "Special cases": MHA, MQA and GQA as
 * non-contextual TPA).
 */
export function groupedHeadFactor(heads: number, rank: number): Float32Array {
  const a = new Float32Array(heads * rank);
  for (let i = 0; i < heads; i++) a[i * rank + Math.floor((i * rank) / heads)] = rank;
  return a;
}

/**
 * Creates the variant's head-factor weights. `contextualBound` is the official W_A's Xavier bound;
 * a constant A starts at U(±bound·√d), the spread of x·W_A at init for an RMS-normalised x.
 */
export function createHeadFactor(
  factory: ParamFactory,
  which: FactorName,
  mode: HeadFactorMode,
  dModel: number,
  heads: number,
  rank: number,
  contextualBound: number,
): HeadFactorWeights {
  const width = heads * rank;
  if (mode === 'constant') {
    const bound = contextualBound * Math.sqrt(dModel);
    return { mode, A: factory.create(`A_${which}`, [1, width], { kind: 'uniform', bound }) };
  }
  const A = factory.create(`W_A_${which}`, [dModel, width], { kind: 'uniform', bound: contextualBound });
  if (mode !== 'grouped') return { mode, A };
  const bias = factory.create(`b_A_${which}`, [1, width], ZEROS);
  tf.tidy(() => bias.assign(tf.tensor2d(groupedHeadFactor(heads, rank), [1, width])));
  return { mode, A, bias };
}

/** A(x) [B, T, h, R] under the variant's head-factor mode. */
export function headFactorOf(
  x: tf.Tensor3D,
  w: HeadFactorWeights,
  heads: number,
  rank: number,
  impl: LinearImpl,
): tf.Tensor4D {
  const [b, t] = x.shape;
  return tf.tidy(() => {
    switch (w.mode) {
      case 'contextual':
        return project4d(x, w.A, heads, rank, impl);
      case 'sigmoid':
        return tf.sigmoid(project4d(x, w.A, heads, rank, impl));
      case 'grouped':
        return tf.add(project4d(x, w.A, heads, rank, impl), tf.reshape(w.bias!, [1, 1, heads, rank]));
      case 'constant':
        return tf.add(tf.zeros([b, t, heads, rank]), tf.reshape(w.A, [1, 1, heads, rank]));
    }
  });
}

/** The per-head logit gain of qkNorm [1, h], starting at 1. */
export function createLogitGain(factory: ParamFactory, heads: number): tf.Variable<tf.Rank.R2> {
  const gain = factory.create('qk_gain', [1, heads], ZEROS);
  tf.tidy(() => gain.assign(tf.ones([1, heads])));
  return gain;
}

/** qkNorm on queries [B, T, h, d]: RMS-normalised per head, times the head's gain. */
export function normaliseQueries(q: tf.Tensor4D, gain: tf.Tensor2D): tf.Tensor4D {
  const h = q.shape[2];
  return tf.tidy(() => tf.mul(rmsNorm(q), tf.reshape(gain, [1, 1, h, 1])));
}
