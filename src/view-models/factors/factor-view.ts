import { kvCacheElementsPerToken } from '../../memory';
import { maxAbs, maxAbsDiff, rowOf, tokenCount, tokenMatrix } from '../../factors/matrix';
import type { LayerTensors, Matrix } from '../../factors/matrix';
import type { FactorPart } from '../../spec';
import { assemble, rankOneTerms, runningSums } from '../../factors/outer-products';

interface PartNames {
  symbol: 'Q' | 'K' | 'V';
  a: string;
  /** the B the product uses: rotated for Q and K, plain for V */
  b: string;
  aLabel: string;
  bLabel: string;
  rotated: boolean;
}

const NAMES: Readonly<Record<FactorPart, PartNames>> = {
  q: { symbol: 'Q', a: 'A_Q', b: 'B_Q_rot', aLabel: 'A_Q', bLabel: 'B̃_Q', rotated: true },
  k: { symbol: 'K', a: 'A_K', b: 'B_K_rot', aLabel: 'A_K', bLabel: 'B̃_K', rotated: true },
  v: { symbol: 'V', a: 'A_V', b: 'B_V', aLabel: 'A_V', bLabel: 'B_V', rotated: false },
};

/**
 * Everything the factor panel shows for one token and one of Q, K, V:
 *   A [h × R], B [R × d_h] (B̃, after RoPE, for Q and K), the R terms (1/R)·a_r ⊗ b_r, their running sums,
 *   the sum, and the matrix the worker reported for that token, with the largest difference.
 */
export interface FactorView {
  part: FactorPart;
  symbol: 'Q' | 'K' | 'V';
  aLabel: string;
  bLabel: string;
  rotated: boolean;
  /** the token's index (= its RoPE position) and the number of tokens inspected */
  token: number;
  tokens: number;
  heads: number;
  headDim: number;
  rank: number;
  a: Matrix;
  b: Matrix;
  terms: Matrix[];
  running: Matrix[];
  sum: Matrix;
  /** what the worker computed (tfjs, float32) for this token */
  reported: Matrix;
  /** max |sum − reported| */
  maxError: number;
  /** symmetric colour ranges: A, B, and everything h × d_h (terms, sums, reported) */
  extent: { a: number; b: number; out: number };
}

export type FactorViewResult = { ok: true; view: FactorView } | { ok: false; reason: string };

/** The factor view of `part` at `token` (clamped into range), or why this layer has none. */
export function factorView(layer: LayerTensors, part: FactorPart, token: number): FactorViewResult {
  const names = NAMES[part];
  const aT = layer.tensors[names.a];
  const bT = layer.tensors[names.b];
  const outT = layer.tensors[names.symbol];
  if (!aT || !bT || !outT) {
    const reason =
      layer.kind === 'tpa-kvonly' && part === 'q'
        ? 'TPA-KVonly projects its queries with a plain W_q: only K and V are factorised.'
        : `${layer.kind.toUpperCase()} has no factors: switch the attention kind to TPA to see them.`;
    return { ok: false, reason };
  }
  const tokens = tokenCount(aT);
  if (tokens === 0) return { ok: false, reason: 'No tokens were inspected.' };
  const t = Math.min(Math.max(0, Math.round(token)), tokens - 1);
  const a = tokenMatrix(aT, t);
  const b = tokenMatrix(bT, t);
  const reported = tokenMatrix(outT, t);
  const terms = rankOneTerms(a, b);
  const running = runningSums(terms);
  const sum = running.at(-1) ?? assemble(a, b);
  const out = Math.max(maxAbs(reported.data), maxAbs(sum.data), ...terms.map((m) => maxAbs(m.data)));
  return {
    ok: true,
    view: {
      part,
      symbol: names.symbol,
      aLabel: names.aLabel,
      bLabel: names.bLabel,
      rotated: names.rotated,
      token: t,
      tokens,
      heads: a.rows,
      headDim: b.cols,
      rank: a.cols,
      a,
      b,
      terms,
      running,
      sum,
      reported,
      maxError: maxAbsDiff(sum.data, reported.data),
      extent: { a: maxAbs(a.data), b: maxAbs(b.data), out },
    },
  };
}

/** One head's row of every term, the sum and the reported matrix: the numbers of the table view. */
export interface HeadBreakdown {
  head: number;
  terms: Float64Array[];
  sum: Float64Array;
  reported: Float64Array;
  /** |sum − reported| per feature */
  error: Float64Array;
}

export function headBreakdown(view: FactorView, head: number): HeadBreakdown {
  const i = Math.min(Math.max(0, Math.round(head)), view.heads - 1);
  const sum = rowOf(view.sum, i);
  const reported = rowOf(view.reported, i);
  return {
    head: i,
    terms: view.terms.map((m) => rowOf(m, i)),
    sum,
    reported,
    error: sum.map((s, j) => Math.abs(s - (reported[j] ?? Number.NaN))),
  };
}

/** One tensor TPA caches per token and layer. */
export interface CachedFactor {
  name: string;
  shape: [number, number];
  elements: number;
  bytes: number;
}

export interface CacheComparison {
  tensors: CachedFactor[];
  /** (R_K + R_V)(h + d_h) */
  elements: number;
  bytes: number;
  /** what MHA caches for the same token with the same h and d_h: K and V, 2·h·d_h */
  mhaElements: number;
  mhaBytes: number;
  /** mhaElements / elements */
  saving: number;
}

/**
 * What TPA keeps per token and layer (A_K, B̃_K pre-rotated, A_V, B_V; docs/kv-cache.md#formulas) next to MHA's K
 * and V, at `bytesPerElement` (4 for the in-browser model's float32 cache).
 */
export function cacheComparison(
  shape: { heads: number; headDim: number; rankK: number; rankV: number },
  bytesPerElement = 4,
): CacheComparison {
  const { heads: h, headDim: dh, rankK, rankV } = shape;
  const entry = (name: string, rows: number, cols: number): CachedFactor => ({
    name,
    shape: [rows, cols],
    elements: rows * cols,
    bytes: rows * cols * bytesPerElement,
  });
  const tensors = [
    entry('A_K', h, rankK),
    entry('B̃_K', rankK, dh),
    entry('A_V', h, rankV),
    entry('B_V', rankV, dh),
  ];
  const elements = kvCacheElementsPerToken({ kind: 'tpa', heads: h, headDim: dh, rankQ: 1, rankK, rankV });
  const mhaElements = kvCacheElementsPerToken({ kind: 'mha', heads: h, headDim: dh });
  return {
    tensors,
    elements,
    bytes: elements * bytesPerElement,
    mhaElements,
    mhaBytes: mhaElements * bytesPerElement,
    saving: mhaElements / elements,
  };
}
