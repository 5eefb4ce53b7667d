import type { AttentionConfig } from '../spec';
import { kvCacheElementsPerToken } from './formulas';

export interface FormulaText {
  /** The formula in the paper's symbols, e.g. `(R_K+R_V)(h+d_h)` */
  symbolic: string;
  /** The same with this config's numbers filled in and the result, e.g. `(2+2)(34+64) = 392` */
  filled: string;
}

/** Per-token, per-layer KV-cache formula of this kind, as text a reader can check by hand. */
export function cacheFormulaText(attn: AttentionConfig): FormulaText {
  const n = kvCacheElementsPerToken(attn);
  switch (attn.kind) {
    case 'mha':
      return { symbolic: '2·h·d_h', filled: `2·${attn.heads}·${attn.headDim} = ${n}` };
    case 'mqa':
      return { symbolic: '2·d_h', filled: `2·${attn.headDim} = ${n}` };
    case 'gqa':
      return { symbolic: '2·G·d_h', filled: `2·${attn.kvHeads}·${attn.headDim} = ${n}` };
    case 'mla':
      return { symbolic: 'd_c + d_h^R', filled: `${attn.kvLatentDim} + ${attn.ropeDim} = ${n}` };
    case 'tpa':
    case 'tpa-kvonly':
      return {
        symbolic: '(R_K+R_V)(h+d_h)',
        filled: `(${attn.rankK}+${attn.rankV})(${attn.heads}+${attn.headDim}) = ${n}`,
      };
  }
}
