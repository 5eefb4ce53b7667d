import type { ModelShape, AttentionConfig, AttentionKind } from '../spec';
import { nearestDivisor } from './';
import type { ConfigKey, PlaygroundConfig } from './';

/** A knob whose explorer value the small model cannot use as is, and what it uses instead. */
export interface SpecAdjustment {
  key: ConfigKey;
  from: number;
  to: number;
  /** one sentence for the panel, e.g. "R_Q = 6 is above min(h, d_h) = 4 …: the model uses 4" */
  message: string;
}

export interface ModelSpec {
  shape: ModelShape;
  adjustments: SpecAdjustment[];
}

/**
 * The shape of the small T6 the worker trains, from the playground config. The model's own knobs
 * (width, layers, h, d_h, context) are used as they are; the attention kind and its ranks/latents are
 * shared with the memory explorer, whose values are sized for large models, so they are fitted to the
 * small one. Every fit is returned as an adjustment the panel shows:
 * - GQA: G must divide the small model's h → the nearest divisor;
 * - TPA kinds: a rank above min(h, d_h) adds parameters but no expressiveness (an h × d_h matrix has at
 *   most that rank) → capped there;
 * - MLA: a latent wider than the model width d has no more rank than d → d_c, d'_c capped at d; the
 *   decoupled RoPE key d_h^R is capped at d_h.
 */
export function modelSpecOf(config: PlaygroundConfig, kind: AttentionKind = config.kind): ModelSpec {
  const h = config.modelHeads;
  const dh = config.modelHeadDim;
  const d = config.modelDModel;
  const adjustments: SpecAdjustment[] = [];
  const fit = (key: ConfigKey, from: number, to: number, why: string): number => {
    if (to !== from) adjustments.push({ key, from, to, message: `${why}: the model uses ${to}.` });
    return to;
  };
  const rank = (key: 'rankQ' | 'rankK' | 'rankV', symbol: string): number => {
    const cap = rankCap(config);
    const from = config[key];
    return fit(
      key,
      from,
      Math.min(from, cap),
      `${symbol} = ${from} is above min(h, d_h) = ${cap}, the largest rank an h × d_h factorisation can use`,
    );
  };

  let attention: AttentionConfig;
  switch (kind) {
    case 'mha':
    case 'mqa':
      attention = { kind, heads: h, headDim: dh };
      break;
    case 'gqa': {
      const g = config.kvHeads;
      const kvHeads = fit(
        'kvHeads',
        g,
        nearestDivisor(h, g),
        `G = ${g} does not divide the model's h = ${h}`,
      );
      attention = { kind, heads: h, headDim: dh, kvHeads };
      break;
    }
    case 'mla': {
      const latent = (key: 'kvLatentDim' | 'queryLatentDim', symbol: string) =>
        fit(
          key,
          config[key],
          Math.min(config[key], d),
          `${symbol} = ${config[key]} is wider than the model width d = ${d}, which bounds its rank`,
        );
      const kvLatentDim = latent('kvLatentDim', 'd_c');
      const queryLatentDim = latent('queryLatentDim', "d'_c");
      const ropeDim = fit(
        'ropeDim',
        config.ropeDim,
        Math.min(config.ropeDim, dh),
        `d_h^R = ${config.ropeDim} is above the model's head dim d_h = ${dh}`,
      );
      attention = { kind, heads: h, headDim: dh, kvLatentDim, queryLatentDim, ropeDim };
      break;
    }
    case 'tpa':
      attention = {
        kind,
        heads: h,
        headDim: dh,
        rankQ: rank('rankQ', 'R_Q'),
        rankK: rank('rankK', 'R_K'),
        rankV: rank('rankV', 'R_V'),
      };
      break;
    case 'tpa-kvonly':
      attention = { kind, heads: h, headDim: dh, rankK: rank('rankK', 'R_K'), rankV: rank('rankV', 'R_V') };
      break;
  }
  return {
    shape: { dModel: d, layers: config.modelLayers, attention, maxSeqLen: config.modelContext },
    adjustments,
  };
}

/**
 * The largest TPA rank the small model uses: min(h, d_h), the most an h × d_h factorisation can use
 * (a higher rank adds parameters but no expressiveness).
 */
export function rankCap(config: Pick<PlaygroundConfig, 'modelHeads' | 'modelHeadDim'>): number {
  return Math.min(config.modelHeads, config.modelHeadDim);
}

/** The attention of a shape in the paper's symbols, e.g. "TPA h=4 d_h=32 R_Q=4 R_K=2 R_V=2". */
export function attentionLabel(attn: AttentionConfig): string {
  const base = `h=${attn.heads} d_h=${attn.headDim}`;
  switch (attn.kind) {
    case 'mha':
    case 'mqa':
      return base;
    case 'gqa':
      return `${base} G=${attn.kvHeads}`;
    case 'mla':
      return `${base} d_c=${attn.kvLatentDim} d'_c=${attn.queryLatentDim} d_h^R=${attn.ropeDim}`;
    case 'tpa':
      return `${base} R_Q=${attn.rankQ} R_K=${attn.rankK} R_V=${attn.rankV}`;
    case 'tpa-kvonly':
      return `${base} R_K=${attn.rankK} R_V=${attn.rankV}`;
  }
}
