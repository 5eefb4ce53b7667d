import type { AttentionConfig, T6Config } from '../../../../src/spec';

/** One tiny shape per kind (R_K ≠ R_V for the TPA kinds, G ∉ {1, h} for GQA, d_h^R > 0 for MLA). */
export const TINY_ATTENTION: Readonly<Record<AttentionConfig['kind'], AttentionConfig>> = {
  mha: { kind: 'mha', heads: 2, headDim: 4 },
  mqa: { kind: 'mqa', heads: 4, headDim: 4 },
  gqa: { kind: 'gqa', heads: 4, kvHeads: 2, headDim: 4 },
  mla: { kind: 'mla', heads: 2, headDim: 4, kvLatentDim: 6, queryLatentDim: 5, ropeDim: 2 },
  tpa: { kind: 'tpa', heads: 3, headDim: 4, rankQ: 2, rankK: 1, rankV: 3 },
  'tpa-kvonly': { kind: 'tpa-kvonly', heads: 3, headDim: 4, rankK: 2, rankV: 1 },
};

export const TINY_KINDS = Object.values(TINY_ATTENTION);

/** Edge shapes worth decoding too: MLA without a decoupled RoPE key (d_h^R = 0). */
export const EDGE_SHAPES: AttentionConfig[] = [
  { kind: 'mla', heads: 2, headDim: 4, kvLatentDim: 3, queryLatentDim: 4, ropeDim: 0 },
];

export function tinyModel(attention: AttentionConfig, layers = 2): T6Config {
  return { vocabSize: 11, dModel: 16, layers, attention, maxSeqLen: 16 };
}
