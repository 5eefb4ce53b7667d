import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, normalizeConfig } from '../../../src/config';
import { modelSpecOf } from '../../../src/config/model-spec';
import { CHECK_PROTOCOLS, SWEEP_PROTOCOLS } from '../../../src/sweep/protocol';
import { buildRun, cacheBytesPerToken, defaultSweep } from '../../../src/sweep/runs';

const sweep = defaultSweep();
const byId = new Map(sweep.map((r) => [r.id, r]));
const run = (id: string) => {
  const r = byId.get(id);
  if (!r) throw new Error(`no run ${id} in the sweep: ${[...byId.keys()].join(', ')}`);
  return r;
};

describe('default sweep', () => {
  it('has every kind on both tasks, TPA at several ranks, and parameter-matched runs on the corpus', () => {
    for (const task of ['corpus', 'recall'] as const) {
      const kinds = new Set(sweep.filter((r) => r.task === task).map((r) => r.kind));
      expect([...kinds].sort()).toEqual(['gqa', 'mha', 'mla', 'mqa', 'tpa', 'tpa-kvonly']);
    }
    const ranks = sweep
      .filter((r) => r.task === 'corpus' && r.shape.attention.kind === 'tpa' && r.matching.includes('head'))
      .map((r) => (r.shape.attention.kind === 'tpa' ? r.shape.attention : null))
      .map((a) => `${a?.rankQ},${a?.rankK},${a?.rankV}`);
    expect(ranks.sort()).toEqual(['1,1,1', '2,1,1', '2,2,2', '4,1,1', '4,2,2', '4,4,4']);
    expect(
      sweep
        .filter((r) => r.task === 'corpus' && r.matching.includes('param'))
        .map((r) => r.kind)
        .sort(),
    ).toEqual(['gqa', 'mha', 'mla', 'mqa', 'tpa', 'tpa-kvonly']);
    expect(new Set(sweep.map((r) => r.id)).size).toBe(sweep.length);
  });

  it('trains every run of a task the same way: one seed, context, batch, step count and learning rate', () => {
    for (const r of sweep) {
      const p = SWEEP_PROTOCOLS[r.task];
      expect(r.patch).toMatchObject({
        seed: p.seed,
        trainBatch: p.batch,
        trainSteps: p.steps,
        learningRate: p.learningRate,
        modelContext: p.contextLength,
        dataset: r.task,
      });
      expect(r.shape).toMatchObject({ dModel: 128, layers: 2, maxSeqLen: p.contextLength });
      expect(r.shape.attention.headDim).toBe(32);
    }
  });

  // hand-computed: elements per token per layer (paper Table 1) × L = 2 layers × 4 bytes (float32)
  it.each([
    ['corpus-mha-h4', 2 * 4 * 32, 2048], // 2·h·d_h
    ['corpus-mqa-h4', 2 * 32, 512], // 2·d_h
    ['corpus-gqa-h4-g2', 2 * 2 * 32, 1024], // 2·G·d_h
    ['corpus-mla-h4-c128-q128-r32', 128 + 32, 1280], // d_c + d_h^R (d_c capped at d = 128)
    ['corpus-tpakv-h4-r2-2', (2 + 2) * (4 + 32), 1152], // (R_K+R_V)(h+d_h)
    ['corpus-tpa-h4-r4-2-2', (2 + 2) * (4 + 32), 1152],
    ['corpus-tpa-h4-r1-1-1', (1 + 1) * (4 + 32), 576],
    ['corpus-tpa-h4-r4-4-4', (4 + 4) * (4 + 32), 2304],
    ['corpus-tpa-h6-r4-2-2', (2 + 2) * (6 + 32), 1216],
    ['corpus-mqa-h7', 2 * 32, 512],
  ])('%s caches %i elements per token per layer, %i bytes per token', (id, elements, bytes) => {
    expect(run(id).kvElementsPerTokenPerLayer).toBe(elements);
    expect(run(id).kvBytesPerToken).toBe(bytes);
    expect(cacheBytesPerToken(run(id).shape)).toBe(bytes);
  });

  // attention parameters per layer, d = 128 (paper Table 1); parameter matching aims at 4d² = 65536
  it.each([
    ['corpus-mha-h4', 4 * 128 * 128],
    ['corpus-tpa-h4-r4-2-2', 128 * (4 + 2 + 2) * (4 + 32) + 128 * 4 * 32],
    ['corpus-mqa-h7', 2 * 128 * 32 * (7 + 1)],
    ['corpus-gqa-h6-g2', 2 * 128 * 32 * (6 + 2)],
    ['corpus-tpa-h6-r4-2-2', 128 * 8 * (6 + 32) + 128 * 6 * 32],
    ['corpus-tpakv-h6-r2-2', 128 * 4 * (6 + 32) + 2 * 128 * 6 * 32],
  ])('%s has %i attention parameters per layer', (id, params) => {
    expect(run(id).attentionParamsPerLayer).toBe(params);
  });

  it('parameter matching keeps the head-matched ranks and changes only h', () => {
    const a = run('corpus-tpa-h6-r4-2-2');
    expect(a.matching).toEqual(['param']);
    expect(a.shape.attention).toEqual({ kind: 'tpa', heads: 6, headDim: 32, rankQ: 4, rankK: 2, rankV: 2 });
    expect(run('corpus-mha-h4').matching).toEqual(['head', 'param']);
    expect(run('corpus-gqa-h4-g2').matching).toEqual(['head']);
  });

  it('a run loaded into the store rebuilds the same model, without adjustments', () => {
    for (const r of sweep) {
      const { config, notices } = normalizeConfig({ ...DEFAULT_CONFIG, ...r.patch });
      expect(notices).toEqual([]);
      const spec = modelSpecOf(config);
      expect(spec.adjustments).toEqual([]);
      expect(spec.shape).toEqual(r.shape);
    }
  });

  it('the default TPA run is the playground default fitted to the small model', () => {
    expect(modelSpecOf(DEFAULT_CONFIG).shape).toEqual(run('corpus-tpa-h4-r4-2-2').shape);
  });

  it('builds a run with another protocol: only the training knobs change', () => {
    const a = buildRun({ task: 'corpus', kind: 'tpa', matching: 'head' });
    const b = buildRun({ task: 'corpus', kind: 'tpa', matching: 'head' }, CHECK_PROTOCOLS);
    expect(b.shape).toEqual(a.shape);
    expect(b.patch).toMatchObject({
      trainSteps: CHECK_PROTOCOLS.corpus.steps,
      trainBatch: CHECK_PROTOCOLS.corpus.batch,
    });
  });

  it('ships weights for the six kinds at the default shape on the corpus only', () => {
    expect(sweep.filter((r) => r.checkpoint).map((r) => r.id)).toEqual([
      'corpus-mha-h4',
      'corpus-mqa-h4',
      'corpus-gqa-h4-g2',
      'corpus-mla-h4-c128-q128-r32',
      'corpus-tpakv-h4-r2-2',
      'corpus-tpa-h4-r4-2-2',
    ]);
  });
});
