import { describe, expect, it } from 'vitest';
import { createMqarTask, createRng } from '../../../src/data';
import { parseManifest } from '../../../src/sweep/manifest';
import { RunIdSchema } from '../../../src/sweep/manifest-fields';
import type { ManifestRecallDiagnosis } from '../../../src/sweep/manifest';
import { datasetOfRun } from '../../../src/sweep/point-plan';
import { SWEEP_PROTOCOLS } from '../../../src/sweep/protocol';
import {
  DIAGNOSIS_REQUESTS,
  DIAGNOSIS_SEQUENCE_SEED,
  FIX_VARIANT,
  recallDiagnosisSweep,
} from '../../../src/sweep/recall-diagnosis';
import { defaultSweep } from '../../../src/sweep/runs';
import * as v from 'valibot';
import { FIXTURE_RESULTS, fixtureManifest } from './fixtures';
import { fixtureDiagnosis } from './diagnosis-fixture';

const runs = recallDiagnosisSweep();
const byId = new Map(runs.map((r) => [r.id, r]));
const run = (id: string) => {
  const r = byId.get(id);
  if (!r) throw new Error(`no diagnosis run ${id}: ${[...byId.keys()].join(', ')}`);
  return r;
};
const shipped = new Map(defaultSweep().map((r) => [r.id, r]));

describe('the recall diagnosis runs', () => {
  it('have unique, file-name safe ids; the official TPA and MHA are the shipped recall runs', () => {
    expect(new Set(runs.map((r) => r.id)).size).toBe(runs.length);
    for (const r of runs) expect(v.is(RunIdSchema, r.id)).toBe(true);
    expect(run('tpa').shape).toEqual(shipped.get('recall-tpa-h4-r4-2-2')!.shape);
    expect(run('mha').shape).toEqual(shipped.get('recall-mha-h4')!.shape);
    expect(run('mla').shape).toEqual(shipped.get('recall-mla-h4-c128-q128-r32')!.shape);
    expect(runs.filter((r) => r.role === 'official').map((r) => r.id)).toEqual(['tpa']);
    expect(runs.filter((r) => r.role === 'fix').map((r) => r.id)).toEqual(['tpa-fix']);
  });

  it('change one thing each from the official run, and the protocol only where they say so', () => {
    const official = run('tpa');
    const officialAttention = official.shape.attention;
    for (const r of runs.filter((x) => x.kind === 'tpa')) {
      const { variant, ...attention } = { variant: undefined, ...r.shape.attention };
      expect(attention).toEqual(officialAttention);
      expect(variant).toEqual(DIAGNOSIS_REQUESTS.find((q) => q.id === r.id)!.variant);
      expect(r.shape.dModel).toBe(official.shape.dModel);
      expect(r.shape.layers).toBe(r.id === 'tpa-3-layers' ? 3 : 2);
      expect(r.protocol).toEqual({
        ...SWEEP_PROTOCOLS.recall,
        learningRate: r.id === 'tpa-lr-1e-4' ? 1e-4 : SWEEP_PROTOCOLS.recall.learningRate,
        steps: r.id === 'tpa-3000-steps' ? 3000 : SWEEP_PROTOCOLS.recall.steps,
      });
    }
    expect(run('tpa-fix').shape.attention).toMatchObject({ variant: FIX_VARIANT });
    expect(official.shape.attention).not.toHaveProperty('variant');
  });

  it('cover the causes the issue lists, each a run', () => {
    const variants = runs.map((r) =>
      r.shape.attention.kind === 'tpa' ? r.shape.attention.variant : undefined,
    );
    const has = (p: (x: NonNullable<(typeof variants)[number]>) => boolean) =>
      variants.some((x) => x !== undefined && p(x));
    expect(has((x) => x.factorInit === 'matched' && x.headFactor === undefined)).toBe(true);
    expect(has((x) => x.headFactor === 'constant' && x.headFactorOn === undefined)).toBe(true);
    expect(has((x) => x.headFactor === 'constant' && x.headFactorOn?.join() === 'k' && !x.factorInit)).toBe(
      true,
    );
    expect(has((x) => x.qkNorm === true)).toBe(true);
    expect(has((x) => x.rankScale === 'inverseSqrt')).toBe(true);
    expect(has((x) => x.rope === 'none')).toBe(true);
    const control = run('mha-tpa-init');
    expect(control.kind).toBe('mha');
    expect(control.initSpreadOf).toEqual({ rankQ: 4, rankK: 2, rankV: 2 });
    expect(runs.filter((r) => r.initSpreadOf).map((r) => r.id)).toEqual(['mha-tpa-init']);
  });

  it('record attention on the fixed sequence for MHA, the official TPA and the fix only', () => {
    expect(
      runs
        .filter((r) => r.attention)
        .map((r) => r.id)
        .sort(),
    ).toEqual(['mha', 'tpa', 'tpa-fix']);
  });

  it('refuse a variant on a kind without factors, init scaling of a kind without W_q, W_k, W_v, and repeated ids', () => {
    const base = { label: 'x', change: 'x', role: 'variant' as const };
    expect(() =>
      recallDiagnosisSweep(undefined, [{ ...base, id: 'a', kind: 'mha', variant: { qkNorm: true } }]),
    ).toThrow(/variant needs a TPA kind/);
    expect(() =>
      recallDiagnosisSweep(undefined, [
        { ...base, id: 'a', kind: 'tpa', initSpreadOf: { rankQ: 1, rankK: 1, rankV: 1 } },
      ]),
    ).toThrow(/initSpreadOf/);
    expect(() =>
      recallDiagnosisSweep(undefined, [
        { ...base, id: 'a', kind: 'mha' },
        { ...base, id: 'a', kind: 'mha' },
      ]),
    ).toThrow(/twice/);
  });

  it('pick a fixed sequence whose four values are distinct, so a query reads one value', () => {
    const dataset = datasetOfRun(run('tpa'));
    if (dataset.kind !== 'recall') throw new Error('recall dataset expected');
    const task = createMqarTask({ ...dataset.task, contextLength: 24 });
    const seq = task.sequence(createRng(DIAGNOSIS_SEQUENCE_SEED));
    const values = seq.pairs.map((p) => p.value);
    expect(new Set(values).size).toBe(values.length);
    expect(seq.queries).toHaveLength(values.length);
  });
});

describe('the manifest’s recall-diagnosis section', () => {
  const withSection = (edit?: (s: ManifestRecallDiagnosis) => void) => {
    const section = JSON.parse(JSON.stringify(fixtureDiagnosis())) as ManifestRecallDiagnosis;
    edit?.(section);
    return { ...fixtureManifest(FIXTURE_RESULTS), recallDiagnosis: section };
  };
  const rejected = (edit: (s: ManifestRecallDiagnosis) => void, message: RegExp) => {
    const r = parseManifest(JSON.parse(JSON.stringify(withSection(edit))));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  };
  const runOf = (s: ManifestRecallDiagnosis, id: string) => s.runs.find((r) => r.id === id)!;

  it('is optional, and a well-formed one is accepted as is', () => {
    expect(parseManifest(fixtureManifest(FIXTURE_RESULTS)).ok).toBe(true);
    const input = JSON.parse(JSON.stringify(withSection()));
    const r = parseManifest(input);
    expect(r.ok ? 'ok' : r.message).toBe('ok');
    if (r.ok) expect(r.value).toEqual(input);
  });

  it('rejects figures that do not add up', () => {
    rejected((s) => (runOf(s, 'tpa').final.accuracy = 0.9), /tpa: accuracy .* not the mean/);
    rejected((s) => (runOf(s, 'tpa').wrong.total += 1), /wrong answers, its accuracy says/);
    rejected((s) => (runOf(s, 'tpa').wrong.stillInPlay = 99), /more wrong answers in play/);
    rejected((s) => runOf(s, 'mha').elimination.pop(), /elimination scores for 4 queries/);
    rejected((s) => (runOf(s, 'mla').curve.at(-1)!.step = 19), /curve ends at step 19/);
    rejected((s) => (runOf(s, 'mla').curve[1]!.step = 1), /not increasing/);
    rejected((s) => runOf(s, 'mla').heads.pop(), /head scores for 2 layers × 4 heads/);
    rejected((s) => (runOf(s, 'mla').id = 'tpa'), /id appears twice/);
    rejected((s) => (runOf(s, 'tpa').initScale = { q: 1, k: 1, v: 1 }), /init scale needs W_q/);
    rejected((s) => (s.sequence.queries[0]!.answer = '9'), /not its pair's value/);
    rejected((s) => (s.sequence.queries[0]!.position = 12), /not the key of pair/);
    rejected((s) => s.sequence.tokens.pop(), /the sequence has 23 tokens/);
  });

  it('rejects attention that looks ahead, does not sum to one, or has the wrong shape', () => {
    const head = (s: ManifestRecallDiagnosis) => runOf(s, 'mha').sequence!.attention[1]![2]!;
    rejected((s) => (head(s)[3]![4] = 0.1), /looks ahead/);
    rejected((s) => (head(s)[5]![0]! += 0.1), /sums to/);
    rejected((s) => runOf(s, 'mha').sequence!.attention[1]!.pop(), /3 heads, not 4/);
    rejected((s) => runOf(s, 'tpa').sequence!.predicted.pop(), /3 predicted answers/);
  });
});
