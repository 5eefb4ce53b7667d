/**
 * The shape of one attention layer, per kind: the one definition every layer uses (memory formulas,
 * the model, the worker protocol, the sweep). Symbols follow the paper (arXiv 2501.06425, Table 1;
 * docs/kv-cache.md): h = heads, d_h = headDim, G = kvHeads, d_c = kvLatentDim, d'_c = queryLatentDim,
 * d_h^R = ropeDim, R_Q / R_K / R_V = rankQ / rankK / rankV.
 */
import * as v from 'valibot';
import { count, positive } from './numbers';

/** Every kind, in the order the explainer tells the story: MHA → MQA → GQA → MLA → TPA. */
export const ATTENTION_KINDS = ['mha', 'mqa', 'gqa', 'mla', 'tpa-kvonly', 'tpa'] as const;

/**
 * Labelled departures from the official T6 attention, for diagnosing what a result depends on
 * (docs/recall-diagnosis.md). Absent (or every field at its default) is the official model, bit for bit.
 * The memory formulas ignore the variant (a constant head factor would not need to be cached).
 * - headFactor: how the head factors A depend on the token: 'contextual' (official, A = x·W_A),
 *   'constant' (learned, token-independent: the paper's non-contextual TPA), 'sigmoid' (σ(x·W_A)),
 *   'grouped' (x·W_A plus a learned bias that starts at GQA's grouping: head i on rank ⌊i·R/h⌋ with weight R);
 * - headFactorOn: which factorised maps (q, k, v) headFactor applies to (default: all of them);
 * - rankScale: the scale of (1/R)·AᵀB: 'inverse' (official, 1/R) or 'inverseSqrt' (1/√R);
 * - qkNorm: RMS-normalise every head's q and k, with a learned per-head logit gain (starts at 1);
 * - rope: 'factors' (official: rows of B_Q, B_K), 'heads' (the materialised q, k, as `T6_ropek.py`; the
 *   same function up to rounding) or 'none' (no position signal but the causal mask);
 * - factorInit: W_B's bound at init: 'xavier' (official, through the (d, R, d_h) view) or 'matched' (Q, K
 *   and V entries start with the spread MHA's nn.Linear init gives them, for contextual and constant A).
 */
export const TpaVariantSchema = v.object({
  headFactor: v.optional(v.picklist(['contextual', 'constant', 'sigmoid', 'grouped'])),
  headFactorOn: v.optional(v.array(v.picklist(['q', 'k', 'v']))),
  rankScale: v.optional(v.picklist(['inverse', 'inverseSqrt'])),
  qkNorm: v.optional(v.boolean()),
  rope: v.optional(v.picklist(['factors', 'heads', 'none'])),
  factorInit: v.optional(v.picklist(['xavier', 'matched'])),
});
export type TpaVariant = v.InferOutput<typeof TpaVariantSchema>;

export const AttentionSchema = v.variant('kind', [
  v.object({ kind: v.literal('mha'), heads: positive, headDim: positive }),
  v.object({ kind: v.literal('mqa'), heads: positive, headDim: positive }),
  v.object({ kind: v.literal('gqa'), heads: positive, headDim: positive, kvHeads: positive }),
  v.object({
    kind: v.literal('mla'),
    heads: positive,
    headDim: positive,
    kvLatentDim: positive,
    queryLatentDim: positive,
    ropeDim: count,
  }),
  v.object({
    kind: v.literal('tpa'),
    heads: positive,
    headDim: positive,
    rankQ: positive,
    rankK: positive,
    rankV: positive,
    variant: v.optional(TpaVariantSchema),
  }),
  v.object({
    kind: v.literal('tpa-kvonly'),
    heads: positive,
    headDim: positive,
    rankK: positive,
    rankV: positive,
    variant: v.optional(TpaVariantSchema),
  }),
]);

export type AttentionConfig = v.InferOutput<typeof AttentionSchema>;
export type AttentionKind = AttentionConfig['kind'];

export const KIND_LABELS: Readonly<Record<AttentionKind, string>> = {
  mha: 'MHA',
  mqa: 'MQA',
  gqa: 'GQA',
  mla: 'MLA',
  tpa: 'TPA',
  'tpa-kvonly': 'TPA-KVonly',
};

export function isAttentionKind(value: string): value is AttentionKind {
  return (ATTENTION_KINDS as readonly string[]).includes(value);
}

/** The three attention inputs a TPA layer factorises (and the factor panel can show). */
export const FACTOR_PARTS = ['q', 'k', 'v'] as const;
export type FactorPart = (typeof FACTOR_PARTS)[number];

/**
 * MHA, MQA and GQA reached from TPA by fixing its head factors (docs/tpa-math.md#special-cases): the
 * stops of that walk, the first being the trained TPA model itself, and the baselines the worker checks.
 */
export const BASELINE_STOPS = ['mha', 'mqa', 'gqa'] as const;
export type BaselineStop = (typeof BASELINE_STOPS)[number];
export const SPECIAL_STOPS = ['tpa', ...BASELINE_STOPS] as const;
export type SpecialStop = (typeof SPECIAL_STOPS)[number];
