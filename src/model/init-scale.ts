import * as tf from '@tensorflow/tfjs-core';
import { xavierFeatureFactor, xavierHeadFactor } from './init';
import { matchedFeatureBound } from './attention/tpa-variant';

/**
 * Init-spread controls for the recall diagnosis (docs/recall-diagnosis.md): how much smaller official
 * TPA's Q, K and V entries start than MHA's, and an MHA whose Q, K and V projections are shrunk by
 * that much after its own init ("MHA at TPA's spread"), so that the init spread can be tested apart from
 * the factorisation.
 */

/** A factor per attention input: Q, K and V. */
export interface QkvScale {
  readonly q: number;
  readonly k: number;
  readonly v: number;
}

/**
 * Official TPA's spread of one factorised map's entries over MHA's, for an RMS-normalised input: the
 * entries of (1/R)·AᵀB grow linearly with W_B's bound, and `matchedFeatureBound` is the bound that gives
 * MHA's spread, so the ratio is the official (Xavier through the (d, R, d_h) view) bound over it.
 */
export function officialTpaSpreadRatio(dModel: number, heads: number, headDim: number, rank: number): number {
  const a = xavierHeadFactor(dModel, heads, rank);
  const b = xavierFeatureFactor(dModel, rank, headDim);
  if (a.kind !== 'uniform' || b.kind !== 'uniform') throw new Error('the TPA factors are Xavier-uniform');
  return b.bound / matchedFeatureBound(dModel, rank, a.bound, 1 / rank);
}

/** Official TPA's Q, K and V spreads over MHA's at ranks (R_Q, R_K, R_V). */
export function officialTpaSpreadScale(
  dModel: number,
  heads: number,
  headDim: number,
  ranks: { readonly rankQ: number; readonly rankK: number; readonly rankV: number },
): QkvScale {
  return {
    q: officialTpaSpreadRatio(dModel, heads, headDim, ranks.rankQ),
    k: officialTpaSpreadRatio(dModel, heads, headDim, ranks.rankK),
    v: officialTpaSpreadRatio(dModel, heads, headDim, ranks.rankV),
  };
}

const PROJECTION = /(^|\.)W_([qkv])$/;

/**
 * Multiplies the Q, K and V projections (every parameter named `W_q`, `W_k`, `W_v`, alone or after a
 * prefix such as `layers.0.attn.`) by `scale`, in place. For kinds with plain projections (MHA, MQA,
 * GQA); throws, before changing anything, when one of the three is missing.
 */
export function scaleQkvInit(params: Readonly<Record<string, tf.Variable>>, scale: QkvScale): void {
  const hits = Object.entries(params).flatMap(([name, variable]) => {
    const which = PROJECTION.exec(name)?.[2] as keyof QkvScale | undefined;
    return which ? [{ which, variable }] : [];
  });
  for (const which of ['q', 'k', 'v'])
    if (!hits.some((h) => h.which === which)) throw new Error(`scaleQkvInit: the model has no W_${which}`);
  for (const { which, variable } of hits) tf.tidy(() => variable.assign(tf.mul(variable, scale[which])));
}
