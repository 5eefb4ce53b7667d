import { cacheFormulaText, kvCacheElementsPerToken } from '../../memory';
import type { FormulaText } from '../../memory';
import type { AttentionConfig, BaselineStop, SpecialStop } from '../../spec';
import { groupsOf, stopRanks } from '../../factors/special-case-factors';
import type { Ranks } from '../../factors/special-case-factors';
import type { LayerTensors, TensorLike } from '../../factors/matrix';
import { tokenCount, tokenMatrix } from '../../factors/matrix';

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
const EQUAL_TOLERANCE = 1e-5;

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

/** A head factor as rows × columns numbers, e.g. A_K [h × R_K]. */
export interface HeadFactorGrid {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

/** Everything the special-case panel shows at one stop. */
export interface StopView {
  stop: SpecialStop;
  title: string;
  rule: string;
  ranks: Ranks;
  heads: number;
  headDim: number;
  /** A_Q, A_K, A_V as the TPA layer computed them (the stop's fixed a, or the live model's A(x_t)) */
  factors: { A_Q: HeadFactorGrid | null; A_K: HeadFactorGrid; A_V: HeadFactorGrid } | null;
  /** largest |entry| over the factors (a shared colour range) */
  extent: number;
  cache: StopCache;
  /** the measured comparison (baseline stops only) */
  check: { maxError: number; maxOutput: number; tokens: number; equal: boolean } | null;
}

export interface MeasuredStop {
  ranks: Ranks;
  tokens: number;
  maxError: number;
  maxOutput: number;
  headFactors: Record<'A_Q' | 'A_K' | 'A_V', { shape: readonly number[]; data: ArrayLike<number> }>;
}

const grid = (t: { shape: readonly number[]; data: ArrayLike<number> }): HeadFactorGrid => ({
  rows: t.shape[0] ?? 0,
  cols: t.shape[1] ?? 0,
  data: t.data,
});

function extentOf(factors: StopView['factors']): number {
  if (!factors) return 0;
  return Math.max(
    0,
    ...[factors.A_Q, factors.A_K, factors.A_V].flatMap((g) => (g ? Array.from(g.data, Math.abs) : [])),
  );
}

/** A baseline stop from the worker's measurement (null while it is being built). */
export function measuredStopView(
  stop: BaselineStop,
  shape: { heads: number; headDim: number; kvHeads: number },
  measured: MeasuredStop | null,
): StopView {
  const ranks = measured?.ranks ?? stopRanks(stop, shape.heads, shape.kvHeads);
  const factors = measured
    ? {
        A_Q: grid(measured.headFactors.A_Q),
        A_K: grid(measured.headFactors.A_K),
        A_V: grid(measured.headFactors.A_V),
      }
    : null;
  return {
    stop,
    ...STOP_TEXT[stop],
    ranks,
    heads: shape.heads,
    headDim: shape.headDim,
    factors,
    extent: extentOf(factors),
    cache: stopCache(stop, shape.heads, shape.headDim, ranks),
    check: measured
      ? {
          maxError: measured.maxError,
          maxOutput: measured.maxOutput,
          tokens: measured.tokens,
          equal: isEqualOutput(measured.maxError),
        }
      : null,
  };
}

/** The TPA stop: the live model's own (contextual) head factors for one token, [h, R] each. */
function liveStopView(
  shape: { heads: number; headDim: number; rankK: number; rankV: number; rankQ?: number },
  factors: {
    A_Q?: { shape: readonly number[]; data: ArrayLike<number> };
    A_K: { shape: readonly number[]; data: ArrayLike<number> };
    A_V: { shape: readonly number[]; data: ArrayLike<number> };
  } | null,
): StopView {
  const ranks: Ranks = { rankQ: shape.rankQ ?? shape.heads, rankK: shape.rankK, rankV: shape.rankV };
  const grids = factors
    ? { A_Q: factors.A_Q ? grid(factors.A_Q) : null, A_K: grid(factors.A_K), A_V: grid(factors.A_V) }
    : null;
  return {
    stop: 'tpa',
    ...STOP_TEXT.tpa,
    ranks,
    heads: shape.heads,
    headDim: shape.headDim,
    factors: grids,
    extent: extentOf(grids),
    cache: stopCache('tpa', shape.heads, shape.headDim, ranks),
    check: null,
  };
}

/** The TPA stop for token `token` of an inspected layer (null when the layer has no K/V factors). */
export function liveStopFromLayer(layer: LayerTensors, token: number, headDim: number): StopView | null {
  const { A_Q: aQ, A_K: aK, A_V: aV } = layer.tensors;
  if (!aK || !aV) return null;
  const t = Math.min(Math.max(0, Math.round(token)), tokenCount(aK) - 1);
  const at = (x: TensorLike) => {
    const m = tokenMatrix(x, t);
    return { shape: [m.rows, m.cols], data: m.data };
  };
  const heads = aK.shape[1] ?? 0;
  return liveStopView(
    {
      heads,
      headDim,
      rankK: aK.shape[2] ?? 0,
      rankV: aV.shape[2] ?? 0,
      ...(aQ ? { rankQ: aQ.shape[2] ?? 0 } : {}),
    },
    { ...(aQ ? { A_Q: at(aQ) } : {}), A_K: at(aK), A_V: at(aV) },
  );
}
