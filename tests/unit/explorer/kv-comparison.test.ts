import { describe, expect, it } from 'vitest';
import type { PlaygroundConfig } from '../../../src/config';
import { CHART_CONTEXTS, budgetLines, kvComparison, kvRows, kvRowOf } from '../../../src/view-models/memory';
import type { KvRow } from '../../../src/view-models/memory';
import { T6_SMALL } from './t6-small';

// Every expected number is worked out by hand in the comment beside it from the paper's Table 1
// (docs/kv-cache.md#formulas) and the shapes in docs/tpa-math.md#model-sizes, never by calling the formulas under test.

function byKind(rows: readonly KvRow[]): Record<string, KvRow> {
  return Object.fromEntries(rows.map((r) => [r.kind, r]));
}

describe('head-matched rows, T6-small shape (h = 34, d_h = 64, L = 12, bf16)', () => {
  const rows = byKind(kvRows(T6_SMALL, 'head'));

  it('keeps h = 34 for every kind', () => {
    for (const row of Object.values(rows)) expect(row.heads).toBe(34);
  });

  it('elements per token per layer follow Table 1', () => {
    expect(rows.mha!.elementsPerToken).toBe(4352); // 2·34·64
    expect(rows.mqa!.elementsPerToken).toBe(128); // 2·64
    expect(rows.gqa!.elementsPerToken).toBe(256); // 2·2·64
    expect(rows.mla!.elementsPerToken).toBe(288); // 256 + 32
    expect(rows['tpa-kvonly']!.elementsPerToken).toBe(392); // (2+2)(34+64)
    expect(rows.tpa!.elementsPerToken).toBe(392); // (2+2)(34+64) = 4·98
  });

  it('fills the formula with the numbers', () => {
    expect(rows.tpa!.formula.filled).toBe('(2+2)(34+64) = 392');
    expect(rows.mha!.formula.filled).toBe('2·34·64 = 4352');
    expect(rows.gqa!.formula.filled).toBe('2·2·64 = 256');
  });

  it('ratio to MHA is elements / 4352, and reads as "11.1× smaller"', () => {
    expect(rows.tpa!.ratioToMha).toBeCloseTo(392 / 4352, 12);
    expect(rows.mqa!.ratioToMha).toBeCloseTo(128 / 4352, 12);
    expect(rows.mha!.ratioToMha).toBe(1);
    // 4352 / 392 = 11.10…
    expect(rows.tpa!.reductionText).toBe('11.1× smaller than MHA');
    // 392 / 4352 = 0.09007…
    expect(rows.tpa!.ratioText).toBe('0.0901× MHA');
    // 4352 / 128 = 34 exactly
    expect(rows.mqa!.reductionText).toBe('34× smaller than MHA');
    expect(rows.mha!.reductionText).toBe('baseline');
  });

  it('bytes per token over all layers and the total at 32,768 tokens', () => {
    // 392 elements · 12 layers · 2 bytes = 9408 bytes per token
    expect(rows.tpa!.bytesPerTokenAllLayers).toBe(9408);
    // 9408 · 32768 = 308,281,344 bytes
    expect(rows.tpa!.totalBytesAtContext).toBe(308_281_344);
    // MHA: 4352 · 12 · 2 = 104,448 per token; · 32768 = 3,422,552,064
    expect(rows.mha!.bytesPerTokenAllLayers).toBe(104_448);
    expect(rows.mha!.totalBytesAtContext).toBe(3_422_552_064);
  });

  it('longest context that fits in 24 GB', () => {
    // floor(24e9 / 9408) = 2,551,020 (9408 · 2,551,020 = 23,999,996,160 ≤ 24e9 < + 9408)
    expect(rows.tpa!.longestContextAtBudget).toBe(2_551_020);
    // floor(24e9 / 104,448) = 229,779 (104,448 · 229,779 = 23,999,958,… )
    expect(rows.mha!.longestContextAtBudget).toBe(Math.floor(24e9 / 104_448));
    expect(104_448 * 229_779).toBeLessThanOrEqual(24e9);
    expect(104_448 * 229_780).toBeGreaterThan(24e9);
    expect(rows.mha!.longestContextAtBudget).toBe(229_779);
    expect(rows.tpa!.fitsAtContext).toBe(true);
  });

  it('attention parameters and the per-head cost', () => {
    // MHA: 4·d·h·d_h = 4·768·34·64 = 6,684,672; one head more costs 4·768·64 = 196,608
    expect(rows.mha!.attentionParams).toBe(6_684_672);
    expect(rows.mha!.paramsPerHead).toBe(196_608);
    // TPA: d(R_Q+R_K+R_V)(h+d_h) + d·h·d_h = 768·10·98 + 768·34·64 = 752,640 + 1,671,168 = 2,423,808
    expect(rows.tpa!.attentionParams).toBe(2_423_808);
    // one head more: 768·10 + 768·64 = 56,832
    expect(rows.tpa!.paramsPerHead).toBe(56_832);
    expect(rows.tpa!.cacheGrowsWithHeads).toBe(true);
    expect(rows.mqa!.cacheGrowsWithHeads).toBe(false);
    expect(rows.mla!.cacheGrowsWithHeads).toBe(false);
  });

  it('marks only config.kind as current', () => {
    expect(
      Object.values(rows)
        .filter((r) => r.current)
        .map((r) => r.kind),
    ).toEqual(['tpa']);
    const mqaRows = kvRows({ ...T6_SMALL, kind: 'mqa' }, 'head');
    expect(mqaRows.filter((r) => r.current).map((r) => r.kind)).toEqual(['mqa']);
  });
});

describe('parameter-matched heads', () => {
  // T6-medium, d = 1024, d_h = 64, target 4d² = 4,194,304 (docs/tpa-math.md#model-sizes gives the paper's heads):
  //   MHA 4·d·64·h = 4d² → h = 16
  //   MQA 2·d·64·(h+1) = 4d² → h + 1 = 32 → h = 31
  //   GQA 2·d·64·(h+2) = 4d² → h = 30 (a multiple of G = 2)
  //   TPA d·10·(h+64) + d·64·h = 4d² → 74h = 4096 − 640 = 3456 → h ≈ 46.7 → 47
  //   TPA-KVonly d·4·(h+64) + 2·d·64·h = 4d² → 132h = 4096 − 256 = 3840 → h ≈ 29.1 → 29
  //   MLA 512(d + 96h) + 256(d + 128h) + d(64h + 32) = 819,200 + 147,456h → h ≈ 22.9 → 23
  const medium: PlaygroundConfig = { ...T6_SMALL, heads: 47, layers: 24, dModel: 1024, compare: 'param' };
  const rows = byKind(kvRows(medium));

  it('gives each kind the paper’s T6-medium heads', () => {
    expect(rows.mha!.heads).toBe(16);
    expect(rows.mqa!.heads).toBe(31);
    expect(rows.gqa!.heads).toBe(30);
    expect(rows.mla!.heads).toBe(23);
    expect(rows['tpa-kvonly']!.heads).toBe(29);
    expect(rows.tpa!.heads).toBe(47);
  });

  it('TPA caches 3.9–5.6× less than MHA but more than MQA, GQA and MLA', () => {
    // TPA (2+2)(47+64) = 444, MHA 2·16·64 = 2048: 2048 / 444 = 4.61
    expect(rows.tpa!.elementsPerToken).toBe(444);
    expect(rows.mha!.elementsPerToken).toBe(2048);
    expect(rows.tpa!.ratioToMha).toBeCloseTo(444 / 2048, 12);
    expect(rows.tpa!.reductionText).toBe('4.61× smaller than MHA');
    for (const k of ['mqa', 'gqa', 'mla'] as const) {
      expect(rows.tpa!.elementsPerToken).toBeGreaterThan(rows[k]!.elementsPerToken);
    }
  });

  it('every kind lands near 4d² attention parameters', () => {
    const target = 4 * 1024 * 1024;
    for (const row of Object.values(rows)) {
      // rounding to whole heads (to multiples of G = 2 for GQA) leaves at most half a step from the target
      const step = row.kind === 'gqa' ? 2 : 1;
      expect(Math.abs(row.attentionParams - target)).toBeLessThanOrEqual((row.paramsPerHead * step) / 2);
    }
  });

  it('T6-small: TPA gets h = 33 (the paper rounded to 34), MHA h = 12', () => {
    const small = byKind(kvRows({ ...T6_SMALL, compare: 'param' }));
    // 768·10·(h+64) + 768·64·h = 4·768² → 74h = 3072 − 640 = 2432 → h ≈ 32.9 → 33
    expect(small.tpa!.heads).toBe(33);
    expect(small.mha!.heads).toBe(12);
    // (2+2)(33+64) = 388 vs 2·12·64 = 1536 → 1536/388 = 3.96
    expect(small.tpa!.elementsPerToken).toBe(388);
    expect(small.tpa!.reductionText).toBe('3.96× smaller than MHA');
  });
});

describe('chart series and budget lines', () => {
  it('samples 2^10 … 2^20 tokens', () => {
    expect(CHART_CONTEXTS).toEqual([
      1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288, 1048576,
    ]);
  });

  it('each point is elements · L · batch · bytes · tokens', () => {
    const config = { ...T6_SMALL, batch: 4, dtype: 'fp32' as const };
    const { chart } = kvComparison(config);
    const tpa = chart.series.find((s) => s.kind === 'tpa')!;
    expect(tpa.current).toBe(true);
    expect(tpa.points).toHaveLength(11);
    // 392 · 12 · 4 sequences · 4 bytes · 1024 = 77,070,336
    expect(tpa.points[0]).toEqual({ tokens: 1024, bytes: 77_070_336 });
    // ×1024 at 1M tokens
    expect(tpa.points[10]).toEqual({ tokens: 1048576, bytes: 77_070_336 * 1024 });
    // longest context: floor(24e9 / (392·12·4·4)) = floor(24e9 / 75,264) = 318,877
    expect(tpa.longestContext).toBe(318_877);
    expect(chart.contextLength).toBe(32768);
  });

  it('budget lines: 24 and 80 GB plus the chosen one, deduplicated and sorted', () => {
    expect(budgetLines(24).map((b) => [b.gb, b.chosen])).toEqual([
      [24, true],
      [80, false],
    ]);
    expect(budgetLines(40).map((b) => [b.gb, b.bytes, b.chosen])).toEqual([
      [24, 24e9, false],
      [40, 40e9, true],
      [80, 80e9, false],
    ]);
    expect(budgetLines(192).map((b) => b.gb)).toEqual([24, 80, 192]);
    expect(budgetLines(8).map((b) => b.label)).toEqual(['8 GB budget', '24 GB', '80 GB']);
  });

  it('byte extent spans the smallest point and the largest of points and budgets', () => {
    const { chart } = kvComparison(T6_SMALL);
    // smallest: MQA at 1K tokens, 128·12·2·1024 = 3,145,728; largest: MHA at 1M, 104,448·2^20 = 109,521,666,048
    expect(chart.bytesExtent).toEqual([3_145_728, 109_521_666_048]);
    const big = kvComparison({ ...T6_SMALL, budgetGB: 4096 }).chart;
    expect(big.bytesExtent[1]).toBe(4096e9);
  });
});

describe('sentences', () => {
  it('head-matched sentence names h, both formulas and the 11.1× ratio', () => {
    const { explanation } = kvComparison(T6_SMALL);
    expect(explanation.subject).toBe('tpa');
    expect(explanation.head).toContain('h = 34');
    expect(explanation.head).toContain('(2+2)(34+64) = 392');
    expect(explanation.head).toContain('2·34·64 = 4352');
    expect(explanation.head).toContain('11.1× smaller');
  });

  it('parameter-matched sentence gives the matched heads and the comparison with MQA', () => {
    const { explanation } = kvComparison(T6_SMALL);
    // 4·768² = 2,359,296
    expect(explanation.param).toContain('2,359,296');
    expect(explanation.param).toContain('MHA gets h = 12');
    expect(explanation.param).toContain('1,536');
    expect(explanation.param).toContain('TPA gets h = 33');
    expect(explanation.param).toContain('388');
    // 1536 / 388 = 3.958…; 388 / 128 = 3.03
    expect(explanation.param).toContain('3.96× smaller');
    expect(explanation.param).toContain("3.03× larger than MQA's 128");
  });

  it('why sentence: per-head costs, head counts and the moving ratio', () => {
    const { explanation } = kvComparison(T6_SMALL);
    // TPA head 768·(6+2+2) + 768·64 = 56,832; MHA head 4·768·64 = 196,608
    expect(explanation.why).toContain('56,832');
    expect(explanation.why).toContain('196,608');
    expect(explanation.why).toContain('h = 33');
    expect(explanation.why).toContain('h = 12');
    // MHA goes from 4,352 to 1,536; ratio 392/4352 = 0.0901 → 388/1536 = 0.253
    expect(explanation.why).toContain('4,352 to 1,536');
    expect(explanation.why).toContain('0.0901×');
    expect(explanation.why).toContain('0.253×');
  });

  it('is about the selected kind, and about TPA when MHA is selected', () => {
    const mqa = kvComparison({ ...T6_SMALL, kind: 'mqa' }).explanation;
    expect(mqa.subject).toBe('mqa');
    expect(mqa.why).toContain('does not depend on h');
    // MQA is the smallest cache of all: nothing else to compare downwards
    expect(mqa.param).toContain('no other kind caches less');
    expect(kvComparison({ ...T6_SMALL, kind: 'mha' }).explanation.subject).toBe('tpa');
  });

  it('says the comparisons agree when matching parameters changes no head count', () => {
    // d = 8 with d_h = 64: 4d² = 256 parameters is less than one head of any kind costs, so every kind's
    // matched h is the minimum, 1; with h = 1 (and G = 1) head-matched and parameter-matched coincide.
    const tiny: PlaygroundConfig = { ...T6_SMALL, heads: 1, kvHeads: 1, dModel: 8 };
    expect(kvRows(tiny, 'param').map((r) => r.heads)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(kvComparison(tiny).explanation.why).toContain('the two comparisons agree');
    // and with h = 12 at d = 768 they do not: TPA moves to 33
    expect(kvComparison({ ...T6_SMALL, heads: 12 }).explanation.why).toContain('instead of both 12');
  });

  it('summary line: elements, ratio, total at context and longest context', () => {
    const { summary } = kvComparison(T6_SMALL);
    expect(summary).toContain('TPA');
    expect(summary).toContain('392 elements per token per layer');
    expect(summary).toContain('11.1× smaller than MHA');
    // 308,281,344 bytes = 308 MB
    expect(summary).toContain('32,768 tokens the cache is 308 MB');
    // 2,551,020 tokens = 2.55M
    expect(summary).toContain('up to 2.55M tokens fit in 24 GB');
  });

  it('summary with a batch, another budget and a budget too small for one token', () => {
    const s = kvComparison({ ...T6_SMALL, kind: 'mha', batch: 8, budgetGB: 80 }).summary;
    // 104,448 · 32,768 · 8 = 27,380,416,512 bytes = 27.4 GB; floor(80e9 / (104,448·8)) = 95,741
    expect(s).toContain('32,768 tokens × 8 sequences the cache is 27.4 GB');
    expect(s).toContain('up to 95.7K tokens fit in 80 GB');
    expect(s).toContain('the MHA baseline');
    // 2·256·512 elements · 512 layers · 4 B · 4096 sequences per token ≫ 1 GB
    const huge = kvComparison({
      ...T6_SMALL,
      kind: 'mha',
      heads: 256,
      headDim: 512,
      layers: 512,
      dtype: 'fp32',
      batch: 4096,
      budgetGB: 1,
    }).summary;
    expect(huge).toContain('not one token fits in 1 GB');
  });

  it('kvRowOf finds a kind', () => {
    expect(kvRowOf(kvRows(T6_SMALL), 'gqa').elementsPerToken).toBe(256);
  });
});
