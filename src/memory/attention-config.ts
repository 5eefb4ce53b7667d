/**
 * The shape of one attention layer, per kind. Symbols follow the paper (arXiv 2501.06425, Table 1):
 * h = heads, d_h = headDim, G = kvHeads, d_c = kvLatentDim, d'_c = queryLatentDim, d_h^R = ropeDim,
 * R_Q / R_K / R_V = rankQ / rankK / rankV.
 */
export type AttentionConfig =
  | { kind: 'mha'; heads: number; headDim: number }
  | { kind: 'mqa'; heads: number; headDim: number }
  | { kind: 'gqa'; heads: number; kvHeads: number; headDim: number }
  | {
      kind: 'mla';
      heads: number;
      headDim: number;
      kvLatentDim: number;
      queryLatentDim: number;
      ropeDim: number;
    }
  | { kind: 'tpa'; heads: number; headDim: number; rankQ: number; rankK: number; rankV: number }
  | { kind: 'tpa-kvonly'; heads: number; headDim: number; rankK: number; rankV: number };

export type AttentionKind = AttentionConfig['kind'];

/** Every kind, in the order the explainer tells the story: MHA → MQA → GQA → MLA → TPA. */
export const ATTENTION_KINDS: readonly AttentionKind[] = ['mha', 'mqa', 'gqa', 'mla', 'tpa-kvonly', 'tpa'];

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
