import { describe, expect, it } from 'vitest';
import type { ManifestDiagnosisRun, ManifestRecallDiagnosis } from '../../../src/sweep/manifest';
import {
  accuracyCurves,
  attentionView,
  circuitOf,
  defaultSelection,
  diagnosisTable,
  inPlayShare,
  positionChart,
  recallConclusion,
  sequenceText,
  tokenRole,
  uniformPreviousToken,
  verdictOf,
  viewableRuns,
} from '../../../src/view-models/recall';
import { DIAG_ANSWERS, DIAG_STEPS, fixtureDiagnosis } from '../sweep/diagnosis-fixture';

const section = () => fixtureDiagnosis();
const runOf = (s: ManifestRecallDiagnosis, id: string) => s.runs.find((r) => r.id === id)!;

/** Gives a run other per-query accuracies, keeping its figures consistent. */
function setAccuracy(run: ManifestDiagnosisRun, byQuery: number[]): void {
  const accuracy = byQuery.reduce((a, b) => a + b, 0) / byQuery.length;
  run.byQuery = byQuery;
  run.final.accuracy = accuracy;
  run.wrong = { total: DIAG_ANSWERS - Math.round(accuracy * DIAG_ANSWERS), stillInPlay: 0 };
}

describe('recall diagnosis: the runs’ figures', () => {
  it('place a run against recall and the elimination score', () => {
    const run = structuredClone(runOf(section(), 'tpa'));
    // elimination: (1/4 + 1/3 + 1/2 + 1) / 4 = 0.5208
    const at = (byQuery: number[]) => (setAccuracy(run, byQuery), verdictOf(run));
    expect(at([1, 1, 0.9, 1])).toBe('recalls');
    expect(at([0.3, 0.4, 0.5, 1])).toBe('elimination');
    expect(at([0.1, 0.1, 0.2, 0.6])).toBe('below-elimination');
    expect(at([0.7, 0.7, 0.8, 1])).toBe('between');
  });

  it('read the circuit off the best heads, the wrong answers still in play, and the even-spread score', () => {
    const s = section();
    expect(circuitOf(runOf(s, 'tpa'))).toEqual({ previousToken: 0.3, readsValue: 0.2 });
    expect(circuitOf(runOf(s, 'tpa-3-layers'))).toEqual({ previousToken: 0.3, readsValue: 0.2 });
    // 40 answers at 55%: 18 wrong, all 18 in play
    expect(inPlayShare(runOf(s, 'tpa'))).toBe(1);
    expect(inPlayShare(runOf(s, 'mha'))).toBeNaN();
    expect(uniformPreviousToken(4)).toBeCloseTo((1 / 2 + 1 / 4 + 1 / 6 + 1 / 8) / 4, 12);
    expect(uniformPreviousToken(1)).toBe(0.5);
  });
});

describe('recall diagnosis: accuracy by query position', () => {
  it('sets MHA, official TPA and the fix beside the elimination score', () => {
    const chart = positionChart(section())!;
    expect(chart.queries).toEqual(['1st query', '2nd query', '3rd query', '4th query']);
    expect(chart.series.map((x) => x.id)).toEqual(['mha', 'tpa', 'tpa-fix', 'elimination']);
    expect(chart.series[1]!.values).toEqual([0.3, 0.4, 0.5, 1]);
    expect(chart.series[3]!.values).toEqual([0.25, 1 / 3, 0.5, 1]);
    expect(chart.series.filter((x) => x.baseline).map((x) => x.id)).toEqual(['elimination']);
    expect(chart.series[2]!.label).toMatch(/variant \(the fix\)/);
    expect(chart.caption).toContain('30 / 40 / 50 / 100%');
    expect(chart.caption).toContain('25 / 33 / 50 / 100%');
    expect(chart.caption).toContain('(52.1% overall, TPA R=(4,2,2) 55.0%)');
  });

  it('is absent without the official run', () => {
    const s = section();
    s.runs = s.runs.filter((r) => r.role !== 'official');
    expect(positionChart(s)).toBeNull();
    expect(recallConclusion(s)).toBeNull();
    expect(accuracyCurves(s)).toBeNull();
  });
});

describe('recall diagnosis: the attention viewer', () => {
  it('starts at official TPA, its last layer, head 1 and the first query', () => {
    const s = section();
    expect(viewableRuns(s).map((r) => r.id)).toEqual(['tpa', 'mha', 'tpa-fix']);
    expect(defaultSelection(s)).toEqual({ runId: 'tpa', layer: 1, head: 0, query: 0 });
    const view = attentionView(s, null)!;
    expect(view.runs.map((r) => r.value)).toEqual(['tpa', 'mha', 'tpa-fix']);
    expect(view.runs[0]!.label).toBe('TPA R=(4,2,2) (official T6)');
    expect(view.layers.map((l) => l.label)).toEqual(['Layer 1', 'Layer 2']);
    expect(view.heads).toHaveLength(4);
    expect(view.queries.map((q) => q.label)).toEqual([
      '1st: C → 7',
      '2nd: A → 3',
      '3rd: D → 5',
      '4th: B → 1',
    ]);
    expect(view.queryRow).toBe(13);
    expect(view.pairColumns).toEqual([2, 3]);
    expect(view.matrix.rows).toBe(24);
    expect(view.matrix.data).toEqual(runOf(s, 'tpa').sequence!.attention[1]![0]!.flat());
  });

  it('fits a selection to what exists', () => {
    const s = section();
    const view = attentionView(s, { runId: 'nope', layer: 9, head: -1, query: 99 })!;
    expect(view.selection).toEqual({ runId: 'tpa', layer: 1, head: 0, query: 3 });
    expect(attentionView({ ...s, runs: s.runs.map((r) => ({ ...r, sequence: null })) }, null)).toBeNull();
  });

  it('says which token the query finds and what the model answers', () => {
    const s = section();
    // MHA's layer-2 head 1 puts 0.99 on the asked value: A (pair 0) reads 3
    const mha = attentionView(s, { runId: 'mha', layer: 1, head: 0, query: 1 })!;
    const row = runOf(s, 'mha').sequence!.attention[1]![0]![15]!;
    expect(mha.finding).toContain(
      `looks most at the asked value 3 (its key's value) (weight ${row[1]!.toFixed(2)})`,
    );
    expect(mha.finding).toContain('It finds the value of its key');
    expect(mha.answer).toBe('MHA answers 3: right.');
    // official TPA spreads: 0.2 on the value plus an even 0.8/14 over the 14 tokens it sees
    const tpa = attentionView(s, { runId: 'tpa', layer: 1, head: 0, query: 0 })!;
    const even = 0.8 / 14;
    expect(tpa.finding).toContain(`${(0.2 + even).toFixed(2)} on the asked value 7`);
    expect(tpa.finding).toContain(`${(3 * even).toFixed(2)} on the other 3 values`);
    expect(tpa.finding).toContain('It does not look at the pairs much.');
    expect(tpa.answer).toBe('TPA R=(4,2,2) answers 3: wrong (the value of C is 7).');
  });

  it('gives the head’s previous-token score on the sequence and over the validation sequences', () => {
    const s = section();
    const view = attentionView(s, { runId: 'mha', layer: 0, head: 0, query: 0 })!;
    const head = runOf(s, 'mha').sequence!.attention[0]![0]!;
    const onSequence = [0, 1, 2, 3].reduce((sum, i) => sum + head[2 * i + 1]![2 * i]!, 0) / 4;
    expect(view.headSummary).toContain(`put ${onSequence.toFixed(2)} of this head's attention on their keys`);
    expect(view.headSummary).toContain(`it would be ${uniformPreviousToken(4).toFixed(2)}`);
    expect(view.headSummary).toContain('Over 32 validation sequences: previous token 0.97');
  });

  it('writes the sequence on one line, pairs and query–answer pairs together', () => {
    expect(sequenceText(section().sequence)).toBe('A3 C7 B1 D5 ____ | C7 A3 D5 B1 ___');
    expect(attentionView(section(), null)!.sequenceText).toBe('A3 C7 B1 D5 ____ | C7 A3 D5 B1 ___');
  });

  it('names every kind of token a query can look at', () => {
    const seq = section().sequence;
    // the query C at 13 asks pair 1 (C 7 at 2, 3)
    expect(tokenRole(seq, 13, 13, 1)).toBe('itself (the query key C)');
    expect(tokenRole(seq, 2, 13, 1)).toBe('its own key C in the pairs');
    expect(tokenRole(seq, 0, 13, 1)).toBe('the key A of another pair');
    expect(tokenRole(seq, 3, 13, 1)).toBe("the asked value 7 (its key's value)");
    expect(tokenRole(seq, 5, 13, 1)).toBe('the value 1 of another key (B)');
    expect(tokenRole(seq, 13, 15, 0)).toBe('an earlier query key C');
    expect(tokenRole(seq, 14, 15, 0)).toBe('an earlier answer 7');
    expect(tokenRole(seq, 12, 13, 1)).toBe('the separator |');
    expect(tokenRole(seq, 8, 13, 1)).toBe('padding _');
  });
});

describe('recall diagnosis: curves, table and conclusion', () => {
  it('draws the key runs first and says when each reached recall', () => {
    const curves = accuracyCurves(section())!;
    expect(curves.series.slice(0, 3).map((x) => [x.id, x.key])).toEqual([
      ['mha', true],
      ['tpa', true],
      ['tpa-fix', true],
    ]);
    expect(curves.series.slice(3).every((x) => !x.key)).toBe(true);
    expect(curves.series[0]!.recalledAt).toBe(DIAG_STEPS);
    expect(curves.series[1]!.recalledAt).toBeNull();
    expect(curves.maxStep).toBe(3000);
    expect(curves.elimination).toBeCloseTo((0.25 + 1 / 3 + 0.5 + 1) / 4, 12);
    expect(curves.caption).toContain(`MHA at step ${DIAG_STEPS}`);
    expect(curves.caption).toContain(
      'TPA R=(4,2,2) ends at 55.0%, at the elimination score (elimination: 52.1%)',
    );
  });

  it('tables every run with its figures', () => {
    const s = section();
    const table = diagnosisTable(s);
    expect(table.rows.map((r) => r.id)).toEqual(s.runs.map((r) => r.id));
    const tpa = table.rows.find((r) => r.id === 'tpa')!;
    expect(tpa).toMatchObject({
      role: 'official T6',
      official: true,
      accuracy: '55.0%',
      byQuery: '30 / 40 / 50 / 100%',
      inPlay: '100.0%',
      previousToken: '0.30',
      readsValue: '0.20',
      verdict: 'elimination',
      learningRate: '1e-3',
      steps: '20',
    });
    expect(table.rows.find((r) => r.id === 'mha')!.inPlay).toBe('–');
    expect(table.rows.find((r) => r.id === 'tpa-lr-1e-4')!.learningRate).toBe('1e-4');
    expect(table.rows.find((r) => r.id === 'tpa-3000-steps')!.steps).toBe('3,000');
    expect(table.rows.filter((r) => r.verdict === 'recalls').map((r) => r.id)).toEqual(['mha', 'tpa-fix']);
    expect(table.caption).toContain('(15), one seed each, with 40 validation answers');
    expect(table.caption).toContain('scores 25 / 33 / 50 / 100% by query');
  });

  it('concludes from the figures: elimination, two obstacles, the control, the circuit', () => {
    const c = recallConclusion(section())!;
    expect(c.scale).toContain('d = 128, 2 layers, 4 heads of 32');
    expect(c.scale).toContain('4 key–value pairs at T = 24, 20 AdamW steps');
    expect(c.scale).toContain('one seed (1) each');
    expect(c.mechanism).toContain('Official TPA ends at 55.0%, at the elimination score');
    expect(c.mechanism).toContain('100.0% of its wrong answers name a value not yet asked');
    expect(c.mechanism).toContain('elimination, not partial recall');
    expect(c.obstacles).toContain('TPA, constant A_K + matched init, a labelled variant');
    expect(c.obstacles).toContain('recalls: 97.5%, past 95% by step 20');
    expect(c.obstacles).toContain(
      'Either change alone is not enough: TPA, matched init 55.0% and TPA, constant A_K 55.0%, so each of the two is an obstacle on its own.',
    );
    expect(c.obstacles).toContain('fails too: 55.0%, at the elimination score');
    expect(c.circuit).toContain('(MHA 0.97 and 0.99 and TPA, constant A_K + matched init 0.95 and 0.97)');
    expect(c.circuit).toContain("Official TPA's best heads score 0.30 and 0.20 (an even spread gives 0.26");
    expect(c.others).toMatch(
      /^At the elimination score: MLA 55\.0%, TPA, constant A 55\.0%, .* and TPA, 3,000 steps 55\.0%\.$/,
    );
    expect(c.others).not.toContain('MHA');
    expect(c.others).not.toContain('TPA, matched init');
    expect(c.others).not.toContain('constant A_K 55');
    expect(c.open.some((x) => x.includes('token-dependent A_K blocks'))).toBe(true);
    expect(c.open.some((x) => x.includes('one seed'))).toBe(true);
  });

  it('says otherwise when the data say otherwise', () => {
    const s = section();
    setAccuracy(runOf(s, 'tpa-fix'), [0.3, 0.4, 0.5, 1]);
    setAccuracy(runOf(s, 'tpa-matched-init'), [1, 1, 1, 1]);
    setAccuracy(runOf(s, 'mha-tpa-init'), [1, 1, 1, 1]);
    setAccuracy(runOf(s, 'tpa-qk-norm'), [1, 1, 1, 1]);
    setAccuracy(runOf(s, 'tpa-no-rope'), [0.1, 0.1, 0.2, 0.6]);
    runOf(s, 'tpa-lr-1e-4').seed = 2;
    const c = recallConclusion(s)!;
    expect(c.obstacles).toContain('does not recall either: 55.0%');
    expect(c.obstacles).toContain('Either change alone is not always enough: TPA, constant A_K 55.0%.');
    expect(c.obstacles).toContain('Alone, TPA, matched init 100.0% recalls.');
    expect(c.obstacles).toContain('still recalls: 100.0%');
    expect(c.others).toContain('Also recalling: TPA, QK norm 100.0%');
    expect(c.others).toContain('Below the elimination score: TPA, no RoPE 25.0%.');
    expect(c.scale).toContain('seeds 1, 2');
    expect(c.open.some((x) => x.includes('A_K'))).toBe(false);
    expect(c.open.some((x) => x.includes('one seed'))).toBe(false);
  });
});
