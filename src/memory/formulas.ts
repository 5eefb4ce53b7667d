import type { AttentionConfig } from '../spec';

/**
 * KV-cache elements one token occupies in one layer (paper Table 1):
 *   MHA 2·h·d_h · MQA 2·d_h · GQA 2·G·d_h · MLA d_c + d_h^R · TPA and TPA-KVonly (R_K + R_V)(h + d_h).
 */
export function kvCacheElementsPerToken(attn: AttentionConfig): number {
  switch (attn.kind) {
    case 'mha':
      return 2 * attn.heads * attn.headDim;
    case 'mqa':
      return 2 * attn.headDim;
    case 'gqa':
      return 2 * attn.kvHeads * attn.headDim;
    case 'mla':
      return attn.kvLatentDim + attn.ropeDim;
    case 'tpa':
    case 'tpa-kvonly':
      return (attn.rankK + attn.rankV) * (attn.heads + attn.headDim);
  }
}

/**
 * Parameters of one attention layer including the output projection W_O, no biases (paper Table 1).
 * d = dModel.
 */
export function attentionParamCount(attn: AttentionConfig, dModel: number): number {
  const d = dModel;
  const hdh = attn.heads * attn.headDim;
  switch (attn.kind) {
    case 'mha':
      return 4 * d * hdh;
    case 'mqa':
      return 2 * d * attn.headDim * (attn.heads + 1);
    case 'gqa':
      return 2 * d * attn.headDim * (attn.heads + attn.kvHeads);
    case 'mla': {
      const { queryLatentDim: dcq, kvLatentDim: dc, ropeDim: dr, heads: h } = attn;
      return dcq * (d + hdh + h * dr) + dc * (d + 2 * hdh) + d * (hdh + dr);
    }
    case 'tpa':
      return d * (attn.rankQ + attn.rankK + attn.rankV) * (attn.heads + attn.headDim) + d * hdh;
    case 'tpa-kvonly':
      return d * (attn.rankK + attn.rankV) * (attn.heads + attn.headDim) + 2 * d * hdh;
  }
}

export interface CacheShape {
  layers: number;
  tokens: number;
  batch: number;
  /** e.g. 4 for fp32, 2 for bf16, 1 for fp8, 0.5 for int4 */
  bytesPerElement: number;
}

/** Total KV-cache bytes for `tokens` tokens of `batch` sequences over `layers` layers. */
export function kvCacheBytes(attn: AttentionConfig, shape: CacheShape): number {
  return kvCacheElementsPerToken(attn) * shape.layers * shape.tokens * shape.batch * shape.bytesPerElement;
}

export interface BudgetShape {
  layers: number;
  batch: number;
  bytesPerElement: number;
  budgetBytes: number;
}

/** The longest context (whole tokens) whose KV cache fits in `budgetBytes`. */
export function longestContext(attn: AttentionConfig, shape: BudgetShape): number {
  const bytesPerToken = kvCacheElementsPerToken(attn) * shape.layers * shape.batch * shape.bytesPerElement;
  if (!(bytesPerToken > 0) || !(shape.budgetBytes > 0)) return 0;
  return Math.floor(shape.budgetBytes / bytesPerToken);
}
