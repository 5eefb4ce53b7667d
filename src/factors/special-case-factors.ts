import type { BaselineStop } from '../spec';

/**
 * MHA, MQA and GQA as TPA with fixed (non-contextual) head factors (paper §4; docs/tpa-math.md#special-cases). One rule
 * covers all three: with G groups of h/G heads, R_K = R_V = G and a_j = G·mask_j (ones on group j's
 * heads), so the 1/R of TPA cancels. MHA is G = h (a_i = h·e_i), MQA is G = 1 (a = 1_h). Queries stay
 * full rank: R_Q = h with a_i = h·e_i.
 */

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
