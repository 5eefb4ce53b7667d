import { cacheFormulaText, kvCacheElementsPerToken } from '../memory';
import type { AttentionConfig, FormulaText } from '../memory';

/**
 * MHA, MQA and GQA as TPA with fixed (non-contextual) head factors (paper §4; tpa-facts §1.5). One rule
 * covers all three: with G groups of h/G heads, R_K = R_V = G and a_j = G·mask_j (ones on group j's
 * heads), so the 1/R of TPA cancels. MHA is G = h (a_i = h·e_i), MQA is G = 1 (a = 1_h). Queries stay
 * full rank: R_Q = h with a_i = h·e_i.
 */
export const SPECIAL_STOPS = ['tpa', 'mha', 'mqa', 'gqa'] as const;
export type SpecialStop = (typeof SPECIAL_STOPS)[number];
/** The stops the worker checks (the first stop is the live model itself). */
export type BaselineStop = Exclude<SpecialStop, 'tpa'>;

export interface Ranks {
  rankQ: number;
  rankK: number;
  rankV: number;
}

/** G of a stop: MHA h, MQA 1, GQA the given G. */
export function groupsOf(stop: BaselineStop, heads: number, kvHeads: number): number {
  return stop === 'mha' ? heads : stop === 'mqa' ? 1 : kvHeads;
}

export function stopRanks(stop: BaselineStop, heads: number, kvHeads: number): Ranks {
  const g = groupsOf(stop, heads, kvHeads);
  return { rankQ: heads, rankK: g, rankV: g };
}

/** a_{i,j} = G·[head i is in group j] for G groups of h/G consecutive heads: the h × G head factor. */
export function groupHeadFactor(heads: number, groups: number): number[][] {
  if (heads % groups !== 0) throw new Error(`G = ${groups} does not divide h = ${heads}`);
  const size = heads / groups;
  return Array.from({ length: heads }, (_, i) =>
    Array.from({ length: groups }, (_, j) => (Math.floor(i / size) === j ? groups : 0)),
  );
}

export const STOP_TEXT: Readonly<Record<SpecialStop, { title: string; rule: string }>> = {
  tpa: { title: 'TPA (the trained model)', rule: 'A_K(x_t), A_V(x_t) depend on the token' },
  mha: { title: 'MHA', rule: 'R = h, a_i = h·e_i' },
  mqa: { title: 'MQA', rule: 'R_K = R_V = 1, a = 1_h' },
  gqa: { title: 'GQA', rule: 'R_K = R_V = G, a_j = G·mask_j' },
};

export interface StopCache {
  /** the baseline's own formula (null for the TPA stop) */
  baseline: FormulaText | null;
  /** TPA's general layout with these ranks, caching A and B: (R_K+R_V)(h+d_h) */
  contextual: FormulaText;
  /** with fixed head factors only B is cached: (R_K+R_V)·d_h, which is the baseline's number */
  fixedHeads: FormulaText & { elements: number };
}

export function stopCache(stop: SpecialStop, heads: number, headDim: number, ranks: Ranks): StopCache {
  const tpa: AttentionConfig = { kind: 'tpa', heads, headDim, ...ranks };
  const fixed = (ranks.rankK + ranks.rankV) * headDim;
  const baseline: AttentionConfig | null =
    stop === 'tpa'
      ? null
      : stop === 'gqa'
        ? { kind: 'gqa', heads, headDim, kvHeads: ranks.rankK }
        : { kind: stop, heads, headDim };
  return {
    baseline: baseline ? cacheFormulaText(baseline) : null,
    contextual: cacheFormulaText(tpa),
    fixedHeads: {
      symbolic: '(R_K+R_V)·d_h',
      filled: `(${ranks.rankK}+${ranks.rankV})·${headDim} = ${fixed}`,
      elements: fixed,
    },
  };
}

/** Largest |difference| of outputs still called equal (float32 arithmetic on outputs of size ~1). */
export const EQUAL_TOLERANCE = 1e-5;

export function isEqualOutput(maxError: number): boolean {
  return Number.isFinite(maxError) && maxError < EQUAL_TOLERANCE;
}

/** Elements per token of a baseline kind (for the stop's headline). */
export function baselineElements(
  stop: BaselineStop,
  heads: number,
  headDim: number,
  kvHeads: number,
): number {
  const g = groupsOf(stop, heads, kvHeads);
  return kvCacheElementsPerToken({ kind: 'gqa', heads, headDim, kvHeads: g });
}
