import { describe, expect, it } from 'vitest';
import {
  attentionParamCount,
  cacheFormulaText,
  kvCacheBytes,
  kvCacheElementsPerToken,
  longestContext,
  parameterMatchedHeads,
} from '../../../src/memory';
import type { AttentionConfig } from '../../../src/spec';

// Every expected number below is worked out by hand in the comment beside it, from the paper's Table 1
// and the shapes in docs/tpa-math.md#model-sizes, docs/kv-cache.md#paper-configs and #public-presets, never by calling the code under test.

describe('kvCacheElementsPerToken on published shapes', () => {
  const cases: [string, AttentionConfig, number][] = [
    // GPT-2 small: 2·12·64 = 1536
    ['GPT-2 small MHA', { kind: 'mha', heads: 12, headDim: 64 }, 1536],
    // Llama-3-8B: 2·8·128 = 2048
    ['Llama-3-8B GQA', { kind: 'gqa', heads: 32, kvHeads: 8, headDim: 128 }, 2048],
    // DeepSeek-V2: 512 + 64 = 576
    [
      'DeepSeek-V2 MLA',
      { kind: 'mla', heads: 128, headDim: 128, kvLatentDim: 512, queryLatentDim: 1536, ropeDim: 64 },
      576,
    ],
    // T6-small TPA: (2+2)(34+64) = 4·98 = 392
    ['T6-small TPA', { kind: 'tpa', heads: 34, headDim: 64, rankQ: 6, rankK: 2, rankV: 2 }, 392],
    // T6-small TPA-KVonly: (2+2)(22+64) = 4·86 = 344
    ['T6-small TPA-KVonly', { kind: 'tpa-kvonly', heads: 22, headDim: 64, rankK: 2, rankV: 2 }, 344],
    // T6-small MQA: 2·64 = 128
    ['T6-small MQA', { kind: 'mqa', heads: 23, headDim: 64 }, 128],
    // T6-small GQA (2 KV heads): 2·2·64 = 256
    ['T6-small GQA', { kind: 'gqa', heads: 22, kvHeads: 2, headDim: 64 }, 256],
    // T6-medium TPA: (2+2)(47+64) = 444
    ['T6-medium TPA', { kind: 'tpa', heads: 47, headDim: 64, rankQ: 6, rankK: 2, rankV: 2 }, 444],
    // T6-XL TPA: (2+2)(78+64) = 568; XL TPA-KVonly: 4·(47+64) = 444
    ['T6-XL TPA', { kind: 'tpa', heads: 78, headDim: 64, rankQ: 6, rankK: 2, rankV: 2 }, 568],
    ['T6-XL TPA-KVonly', { kind: 'tpa-kvonly', heads: 47, headDim: 64, rankK: 2, rankV: 2 }, 444],
    // T6 MLA with d_c = 256, d_R = 32: 288; with d_c = 512: 544
    [
      'T6 MLA d_c=256',
      { kind: 'mla', heads: 23, headDim: 64, kvLatentDim: 256, queryLatentDim: 512, ropeDim: 32 },
      288,
    ],
    [
      'T6 MLA d_c=512',
      { kind: 'mla', heads: 23, headDim: 64, kvLatentDim: 512, queryLatentDim: 1024, ropeDim: 32 },
      544,
    ],
    // docs/kv-cache.md#same-shape-comparison, h = 12: GQA G=4: 2·4·64 = 512; TPA R=2: 4·76 = 304; TPA R=1: 2·76 = 152
    ['h=12 GQA G=4', { kind: 'gqa', heads: 12, kvHeads: 4, headDim: 64 }, 512],
    ['h=12 TPA R=2', { kind: 'tpa', heads: 12, headDim: 64, rankQ: 6, rankK: 2, rankV: 2 }, 304],
    ['h=12 TPA R=1', { kind: 'tpa', heads: 12, headDim: 64, rankQ: 6, rankK: 1, rankV: 1 }, 152],
    // R_K ≠ R_V: (1+3)(8+16) = 96
    ['TPA R_K≠R_V', { kind: 'tpa', heads: 8, headDim: 16, rankQ: 2, rankK: 1, rankV: 3 }, 96],
  ];
  it.each(cases)('%s', (_name, attn, expected) => {
    expect(kvCacheElementsPerToken(attn)).toBe(expected);
  });
});

describe('attentionParamCount', () => {
  it('MHA with h·d_h = d has 4d² parameters (GPT-2 small: 4·768² = 2,359,296)', () => {
    expect(attentionParamCount({ kind: 'mha', heads: 12, headDim: 64 }, 768)).toBe(2_359_296);
  });
  it('MQA: 2·d·d_h·(h+1) = 2·768·64·24 = 2,359,296 (T6-small h = 23 is exactly 4d²)', () => {
    expect(attentionParamCount({ kind: 'mqa', heads: 23, headDim: 64 }, 768)).toBe(2_359_296);
  });
  it('GQA: 2·d·d_h·(h+G) = 2·768·64·(22+2) = 2,359,296', () => {
    expect(attentionParamCount({ kind: 'gqa', heads: 22, kvHeads: 2, headDim: 64 }, 768)).toBe(2_359_296);
  });
  it('TPA: d(R_Q+R_K+R_V)(h+d_h) + d·h·d_h = 768·10·98 + 768·34·64 = 752,640 + 1,671,168', () => {
    const attn: AttentionConfig = { kind: 'tpa', heads: 34, headDim: 64, rankQ: 6, rankK: 2, rankV: 2 };
    expect(attentionParamCount(attn, 768)).toBe(2_423_808);
  });
  it('TPA-KVonly: d(R_K+R_V)(h+d_h) + 2d·h·d_h = 768·4·86 + 2·768·22·64 = 264,192 + 2,162,688', () => {
    const attn: AttentionConfig = { kind: 'tpa-kvonly', heads: 22, headDim: 64, rankK: 2, rankV: 2 };
    expect(attentionParamCount(attn, 768)).toBe(2_426_880);
  });
  it("MLA, T6-medium (h=23, d_c=256, d'_c=512, d_R=32, d=1024): 4.21M as docs/tpa-math.md#baselines", () => {
    // q_a 1024·512 = 524,288; q_b 512·23·96 = 1,130,496; kv_a 1024·288 = 294,912;
    // kv_b 256·23·128 = 753,664; o 23·64·1024 = 1,507,328; total 4,210,688
    const attn: AttentionConfig = {
      kind: 'mla',
      heads: 23,
      headDim: 64,
      kvLatentDim: 256,
      queryLatentDim: 512,
      ropeDim: 32,
    };
    expect(attentionParamCount(attn, 1024)).toBe(4_210_688);
  });
  it('paper Example I (d=2048, H=32, d_h=64): MHA 16.8M, GQA G=4 9.4M, TPA (16,1,1) 7.7M', () => {
    // 4·2048·2048 = 16,777,216; 2·2048·64·36 = 9,437,184;
    // 2048·18·96 + 2048·2048 = 3,538,944 + 4,194,304 = 7,733,248
    expect(attentionParamCount({ kind: 'mha', heads: 32, headDim: 64 }, 2048)).toBe(16_777_216);
    expect(attentionParamCount({ kind: 'gqa', heads: 32, kvHeads: 4, headDim: 64 }, 2048)).toBe(9_437_184);
    const tpa: AttentionConfig = { kind: 'tpa', heads: 32, headDim: 64, rankQ: 16, rankK: 1, rankV: 1 };
    expect(attentionParamCount(tpa, 2048)).toBe(7_733_248);
  });
});

describe('totals and budgets', () => {
  it('Llama-3-8B, 8k context, bf16: 2048 el · 32 layers · 8192 tokens · 2 B = 1 GiB', () => {
    const attn: AttentionConfig = { kind: 'gqa', heads: 32, kvHeads: 8, headDim: 128 };
    expect(kvCacheBytes(attn, { layers: 32, tokens: 8192, batch: 1, bytesPerElement: 2 })).toBe(
      1_073_741_824,
    );
  });
  it('batch and int4 scale linearly: GPT-2, 1024 tokens, batch 4, 0.5 B = 1536·12·1024·4·0.5', () => {
    const attn: AttentionConfig = { kind: 'mha', heads: 12, headDim: 64 };
    expect(kvCacheBytes(attn, { layers: 12, tokens: 1024, batch: 4, bytesPerElement: 0.5 })).toBe(37_748_736);
  });
  it('longest context rounds down: 24 GB, Llama-3-8B bf16 → floor(24e9 / 131072) = 183,105', () => {
    // bytes per token = 2048 · 32 · 2 = 131,072; 24e9 / 131072 = 183,105.46
    const attn: AttentionConfig = { kind: 'gqa', heads: 32, kvHeads: 8, headDim: 128 };
    expect(longestContext(attn, { layers: 32, batch: 1, bytesPerElement: 2, budgetBytes: 24e9 })).toBe(
      183_105,
    );
  });
  it('a context that exactly fills the budget fits; one more token does not', () => {
    const attn: AttentionConfig = { kind: 'mqa', heads: 4, headDim: 8 };
    // 16 el · 2 layers · 4 B = 128 B per token; 1280 B holds exactly 10 tokens
    expect(longestContext(attn, { layers: 2, batch: 1, bytesPerElement: 4, budgetBytes: 1280 })).toBe(10);
    expect(longestContext(attn, { layers: 2, batch: 1, bytesPerElement: 4, budgetBytes: 1279 })).toBe(9);
  });
});

describe('parameter-matched heads reproduce the paper where its rounding is to nearest', () => {
  // Solving params(h) = 4d² by hand (d_h = 64):
  //   MQA: 2d·64(h+1) = 4d² → h = 2d/64 − 1: 23 (d=768), 31 (1024), 39 (1280), 49 (1600)
  //   GQA G=2: h = 2d/64 − 2: 22, 30, 38, 48
  //   TPA (6,2,2): 10(h+64) + 64h = 4d → h = (4d − 640)/74: 46.7→47 (1024), 60.5→61 (1280), 77.8→78 (1600)
  //   TPA-KVonly (2,2): 4(h+64) + 128h = 4d → h = (4d − 256)/132: 29.1→29, 36.8→37, 46.5→47
  const tpa = (heads: number): AttentionConfig => ({
    kind: 'tpa',
    heads,
    headDim: 64,
    rankQ: 6,
    rankK: 2,
    rankV: 2,
  });
  const kvonly = (heads: number): AttentionConfig => ({
    kind: 'tpa-kvonly',
    heads,
    headDim: 64,
    rankK: 2,
    rankV: 2,
  });
  it.each([
    [768, 23, 22],
    [1024, 31, 30],
    [1280, 39, 38],
    [1600, 49, 48],
  ])('d=%i: MQA %i, GQA %i', (d, mqa, gqa) => {
    expect(parameterMatchedHeads({ kind: 'mqa', heads: 1, headDim: 64 }, d)).toBe(mqa);
    expect(parameterMatchedHeads({ kind: 'gqa', heads: 2, kvHeads: 2, headDim: 64 }, d)).toBe(gqa);
  });
  it.each([
    [1024, 47, 29],
    [1280, 61, 37],
    [1600, 78, 47],
  ])('d=%i: TPA %i, TPA-KVonly %i', (d, t, k) => {
    expect(parameterMatchedHeads(tpa(1), d)).toBe(t);
    expect(parameterMatchedHeads(kvonly(1), d)).toBe(k);
  });
  it('MHA gets h = d / d_h', () => {
    expect(parameterMatchedHeads({ kind: 'mha', heads: 3, headDim: 64 }, 768)).toBe(12);
  });
});

describe('formula text', () => {
  it('fills the TPA formula as the paper writes it', () => {
    const attn: AttentionConfig = { kind: 'tpa', heads: 34, headDim: 64, rankQ: 6, rankK: 2, rankV: 2 };
    expect(cacheFormulaText(attn)).toEqual({ symbolic: '(R_K+R_V)(h+d_h)', filled: '(2+2)(34+64) = 392' });
  });
  it('fills MLA and GQA', () => {
    expect(
      cacheFormulaText({
        kind: 'mla',
        heads: 8,
        headDim: 64,
        kvLatentDim: 256,
        queryLatentDim: 512,
        ropeDim: 32,
      }).filled,
    ).toBe('256 + 32 = 288');
    expect(cacheFormulaText({ kind: 'gqa', heads: 8, kvHeads: 2, headDim: 64 }).filled).toBe('2·2·64 = 256');
  });
});
