import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../src/sweep/manifest';
import { parseManifest } from '../../../src/sweep/manifest';
import { gapView } from '../../../src/view-models/quality/gap-curves';
import { lossCurvesView } from '../../../src/view-models/quality/loss-curves';
import {
  EXTENDED_STEPS,
  FIXTURE_RESULTS,
  fixtureManifest,
  fixtureWithExtended,
  fixtureWithLong,
  LONG_STEPS,
  fixtureWithLongest,
  withLongCurve,
} from './fixtures';

const withLong = (replicas: Manifest['replicas'] = []) => fixtureWithLong(replicas);

describe('loss against tokens', () => {
  it('the long section passes the manifest checks, and is optional', () => {
    expect(parseManifest(withLong()).ok).toBe(true);
    expect(parseManifest(fixtureManifest(FIXTURE_RESULTS)).ok).toBe(true);
  });

  it('puts every validation point at steps × batch × T tokens and the budgets on the same axis', () => {
    const view = lossCurvesView(withLong());
    expect(view.available).toBe(true);
    const mha = view.runs.find((r) => r.id === 'corpus-mha-h4')!;
    expect(mha.points[0]).toEqual({ step: 20, tokens: 20 * 16 * 64, value: 3 });
    expect(view.budgets.map((b) => b.budget)).toEqual(['quick', 'full', 'long']);
    const long = view.budgets.find((b) => b.budget === 'long')!;
    expect(long.tokens).toBe(LONG_STEPS * 16 * 64);
    // the run's own finals at each budget, in token order: quick (fixture: +0.5), full, long
    expect(mha.finals.map((f) => [f.budget, f.value])).toEqual([
      ['quick', 2.5],
      ['full', 2.0],
      ['long', 1.79],
    ]);
  });

  it('gives each final the range of its seeds at that budget, where it was repeated', () => {
    const fullReplicas = [{ id: 'corpus-mha-h4', seed: 2, valLoss: 2.04, accuracy: null }];
    const longReplicas = [
      { id: 'corpus-mha-h4', seed: 2, valLoss: 1.75, accuracy: null },
      { id: 'corpus-mha-h4', seed: 3, valLoss: 1.83, accuracy: null },
    ];
    const m = fixtureWithLong(longReplicas, fixtureManifest(FIXTURE_RESULTS, fullReplicas));
    const mha = lossCurvesView(m).runs.find((r) => r.id === 'corpus-mha-h4')!;
    expect(mha.finals.map((f) => [f.budget, f.seeds])).toEqual([
      ['quick', null],
      ['full', { min: 2.0, max: 2.04, mean: expect.closeTo(2.02, 12), seeds: 2 }],
      // MHA's own long final is 1.79
      ['long', { min: 1.75, max: 1.83, mean: expect.closeTo((1.75 + 1.83 + 1.79) / 3, 12), seeds: 3 }],
    ]);
    const tpa = lossCurvesView(m).runs.find((r) => r.id === 'corpus-tpa-h4-r4-2-2')!;
    expect(tpa.finals.every((f) => f.seeds === null)).toBe(true);
  });

  it('reports flatness per run and whether all meet the criterion', () => {
    const view = lossCurvesView(withLong());
    expect(view.runs.find((r) => r.id === 'corpus-mha-h4')!.flatness!.flat).toBe(true);
    expect(view.runs.find((r) => r.id === 'corpus-gqa-h4-g2')!.flatness!.flat).toBe(false);
    expect(view.allFlat).toBe(false);
    expect(view.criterion).toContain('20%');
    // GQA's last fifth (steps 80 → 100) improves 2.8 → 2.5; the others improve by under 1%
    const gqa = `${((100 * (2.8 - 2.5)) / 2.8).toFixed(2)}%`;
    expect(view.flatSummary).toBe(
      `1 of 4 runs of the long budget do not meet it after 102K tokens: GQA G=2 (${gqa}).`,
    );
    const flat = fixtureWithLong();
    flat.long = { ...flat.long!, runs: flat.long!.runs.filter((r) => r.id !== 'corpus-gqa-h4-g2') };
    expect(lossCurvesView(flat).flatSummary).toBe('All 3 runs of the long budget meet it after 102K tokens.');
  });

  it('tells runs past their best from those that levelled off, and compares the runs at their lowest points', () => {
    // TPA R=(4,4,4) lowest 1.85 at step 60, then rises: window 1.9 (step 80) → 1.95, flat by getting worse
    const m = withLongCurve(withLong(), 'corpus-tpa-h4-r4-4-4', [3, 2.0, 1.85, 1.9, 1.95]);
    const view = lossCurvesView(m);
    const tpa = view.runs.find((r) => r.id === 'corpus-tpa-h4-r4-4-4')!;
    expect(tpa.flatness!.state).toBe('past-best');
    expect(tpa.flatness!.lowest).toEqual({ step: 60, loss: 1.85, accuracy: null });
    // MHA's lowest is its last point, 1.79: the gap at the lowest points is 1.85 − 1.79
    expect(tpa.lowestGap).toBeCloseTo(0.06, 12);
    expect(view.runs.find((r) => r.id === 'corpus-mha-h4')!.lowestGap).toBeNull();
    expect(view.runs.find((r) => r.id === 'corpus-mha-h4')!.flatness!.state).toBe('levelled');
    const rise = `${((100 * (1.95 - 1.85)) / 1.85).toFixed(2)}%`;
    expect(view.flatSummary).toContain(
      `1 of 4 meet it past their best, ending more than 1% above their lowest point (validation rose while ` +
        `training went on): TPA R=(4,4,4) ${rise} above its lowest, at step 60.`,
    );
    // the curve's validation tokens: 4 batches of 16 × 64 (the long protocol), a point every 20 steps
    expect(view.lowestSummary).toContain("the curve's 4,096 validation tokens, every 20 steps");
    expect(view.lowestSummary).toContain('MHA 1.790 at step 100; TPA R=(4,2,2) 1.800 at step 100 (+0.010)');
    expect(view.lowestSummary).toContain('TPA R=(4,4,4) 1.850 at step 60 (+0.060)');
    // without a run past its best, the finals already compare runs that stopped improving
    expect(lossCurvesView(withLong()).lowestSummary).toBe('');
  });

  it('without a long section it says so', () => {
    const view = lossCurvesView(fixtureManifest(FIXTURE_RESULTS));
    expect(view.available).toBe(false);
    expect(view.runs).toEqual([]);
    expect(gapView(fixtureManifest(FIXTURE_RESULTS)).summary).toMatch(/not been trained/);
  });
});

describe('gap to MHA against tokens', () => {
  it('subtracts MHA at the same step and judges the trend against the seed spread', () => {
    const view = gapView(withLong());
    expect(view.reference?.id).toBe('corpus-mha-h4');
    const tpa = view.curves.find((c) => c.id === 'corpus-tpa-h4-r4-2-2')!;
    expect(tpa.points.map((p) => Number(p.value.toFixed(6)))).toEqual([-0.1, 0.05, 0.05, 0.01, 0.01]);
    expect(tpa.trend).toBe('narrows');
    // |0.01| − |0.05|
    expect(tpa.change).toBeCloseTo(-0.04, 12);
    expect(view.curves.find((c) => c.id === 'corpus-tpa-h4-r4-4-4')!.trend).toBe('widens');
    expect(view.summary).toContain('TPA R=(4,2,2) +0.050 → +0.010 (narrows)');
    // where it holds, from the runs' shapes and protocols: d = 128, 2 layers; 10 × 16 × 64 and 100 × 16 × 64 tokens
    expect(view.summary).toMatch(
      /^Validation loss minus MHA's, from 10\.2K tokens \(full budget\) to 102K tokens \(long budget\), at d = 128, 2 layers \(/,
    );
  });

  it('a change within the seed spread holds', () => {
    // MHA again with seed 2 ends 0.3 higher: changes of 0.04 and 0.11 nats hold, GQA's 0.51 still widens
    const view = gapView(withLong([{ id: 'corpus-mha-h4', seed: 2, valLoss: 2.09, accuracy: null }]));
    expect(view.seedSpread).toBeCloseTo(0.3, 12);
    const trend = (id: string) => view.curves.find((c) => c.id === id)!.trend;
    expect(trend('corpus-tpa-h4-r4-2-2')).toBe('holds');
    expect(trend('corpus-tpa-h4-r4-4-4')).toBe('holds');
    expect(trend('corpus-gqa-h4-g2')).toBe('widens');
  });
});

describe('the gap between seed means', () => {
  const replica = (id: string, seed: number, valLoss: number) => ({ id, seed, valLoss, accuracy: null });
  const MHA = 'corpus-mha-h4';
  const TPA = 'corpus-tpa-h4-r4-2-2';
  const GQA = 'corpus-gqa-h4-g2';

  it('is the mean of the run’s seeds minus the mean of MHA’s, where both have the same seeds', () => {
    const m = withLong([
      replica(MHA, 2, 1.83),
      replica(MHA, 3, 1.77),
      replica(TPA, 2, 1.84),
      replica(TPA, 3, 1.76),
      // GQA with two seeds against MHA's three: no like-for-like mean
      replica(GQA, 2, 2.5),
    ]);
    expect(parseManifest(m).ok).toBe(true);
    const view = gapView(m);
    const mhaFinal = m.long!.runs.find((r) => r.id === MHA)!.final.valLoss;
    const tpaFinal = m.long!.runs.find((r) => r.id === TPA)!.final.valLoss;
    const expected = (tpaFinal + 1.84 + 1.76) / 3 - (mhaFinal + 1.83 + 1.77) / 3;
    const tpa = view.curves.find((c) => c.id === TPA)!;
    expect(tpa.seedMeans).toHaveLength(1);
    expect(tpa.seedMeans[0]!.budget).toBe('long');
    expect(tpa.seedMeans[0]!.seeds).toBe(3);
    expect(tpa.seedMeans[0]!.value).toBeCloseTo(expected, 12);
    // the wider of the two ranges: TPA's max(1.84, final) − min(1.76, final)
    const tpaRange = Math.max(1.84, tpaFinal) - Math.min(1.76, tpaFinal);
    const mhaRange = Math.max(1.83, mhaFinal) - Math.min(1.77, mhaFinal);
    expect(tpa.seedMeans[0]!.range).toBeCloseTo(Math.max(tpaRange, mhaRange), 12);
    expect(view.curves.find((c) => c.id === GQA)!.seedMeans).toEqual([]);
    expect(view.seedSummary).toBe(
      `Mean over 3 seeds each, TPA R=(4,2,2) minus MHA: ${expected >= 0 ? '+' : '−'}${Math.abs(expected).toFixed(3)} at the long budget's end (one seed's final spans up to ${Math.max(tpaRange, mhaRange).toFixed(3)} there).`,
    );
  });

  it('is absent with one seed each', () => {
    expect(gapView(withLong()).seedSummary).toBe('');
    expect(gapView(withLong()).curves.every((c) => c.seedMeans.length === 0)).toBe(true);
  });
});

describe('the extended budget (MHA and the default TPA, twice the long steps)', () => {
  it('passes the manifest checks and adds a budget mark and a final for its two runs only', () => {
    const m = fixtureWithExtended();
    expect(parseManifest(m).ok).toBe(true);
    const view = lossCurvesView(m);
    expect(view.budgets.map((b) => b.budget)).toEqual(['quick', 'full', 'long', 'extended']);
    expect(view.budgets.slice(2).map((b) => b.tokens)).toEqual([
      LONG_STEPS * 16 * 64,
      EXTENDED_STEPS * 16 * 64,
    ]);
    const mha = view.runs.find((r) => r.id === 'corpus-mha-h4')!;
    expect(mha.finals.at(-1)).toMatchObject({ budget: 'extended', value: 1.7 });
    expect(view.runs.find((r) => r.id === 'corpus-gqa-h4-g2')!.finals.map((f) => f.budget)).not.toContain(
      'extended',
    );
    // MHA's extended curve: 1.72 at step 160 (80% of 200) → 1.70 at 200
    expect(mha.extendedFlatness!.improvement).toBeCloseTo((1.72 - 1.7) / 1.72, 12);
    expect(view.runs.find((r) => r.id === 'corpus-gqa-h4-g2')!.extendedFlatness).toBeNull();
  });

  it('an extended run of another kind, or of the recall task, is refused', () => {
    const m = fixtureWithExtended();
    const recall = { ...m.extended!.runs[0]!, task: 'recall' as const };
    expect(parseManifest({ ...m, extended: { ...m.extended!, runs: [recall] } }).ok).toBe(false);
  });

  it('the gap gets the extended point, and the sentence says it', () => {
    const gap = gapView(fixtureWithExtended());
    const tpa = gap.curves.find((c) => c.id === 'corpus-tpa-h4-r4-2-2')!;
    // 1.71 − 1.70
    expect(tpa.finals.at(-1)!.budget).toBe('extended');
    expect(tpa.finals.at(-1)!.value).toBeCloseTo(0.01, 12);
    expect(gap.summary).toContain(
      'TPA R=(4,2,2) +0.050 → +0.010 (narrows), then +0.010 at 205K tokens (extended budget)',
    );
    // TPA − MHA at each step of the extended curves (40, 80, …, 200)
    const mha = [2.5, 1.9, 1.78, 1.72, 1.7];
    const own = [2.6, 1.95, 1.8, 1.74, 1.71];
    expect(tpa.extendedPoints.map((p) => p.step)).toEqual([40, 80, 120, 160, 200]);
    tpa.extendedPoints.forEach((p, i) => expect(p.value).toBeCloseTo(own[i]! - mha[i]!, 12));
    expect(gap.curves.find((c) => c.id === 'corpus-gqa-h4-g2')!.extendedPoints).toEqual([]);
  });

  it('says how the last-fifth improvement moved and where the criterion would be met at that trend', () => {
    const m = fixtureWithExtended();
    // MHA's long curve made steeper: its last fifth improves 1.85 → 1.80 (2.70%), against 1.16% extended
    m.long = {
      ...m.long!,
      runs: m.long!.runs.map((r) =>
        r.id !== 'corpus-mha-h4'
          ? r
          : {
              ...r,
              curve: {
                ...r.curve,
                valid: r.curve.valid.map((p, i) => ({ ...p, loss: [3, 2.2, 1.9, 1.85, 1.8][i]! })),
              },
            },
      ),
    };
    const text = lossCurvesView(m).extendedSummary;
    expect(text).toContain('extended budget: 200 steps, 205K tokens');
    expect(text).toContain('MHA 1.16% (2.70% at the long budget)');
    // β = ln(2.7027 / 1.1628) / ln 2 = 1.2168; 200 · 1.1628^(1 / 1.2168) = 226.3 → about 230 steps, 2.3× the long budget
    const beta = Math.log(0.05 / 1.85 / (0.02 / 1.72)) / Math.log(2);
    expect(beta).toBeCloseTo(1.2168, 3);
    expect(text).toContain('MHA: about 230 steps (2.3× the long budget)');
    // TPA: 0.55% at the long budget, 1.72% extended: the improvement grew, no trend to follow
    expect(text).toContain('TPA R=(4,2,2): no falling trend to follow');
  });

  it('is empty without an extended section', () => {
    expect(lossCurvesView(fixtureWithLong()).extendedSummary).toBe('');
  });
});

describe('the longest budget (the long runs at four times the steps)', () => {
  it('a longest section passes the manifest checks; a recall run in it is refused', () => {
    const m = fixtureWithLongest();
    expect(parseManifest(m).ok).toBe(true);
    const recall = { ...m.longest!.runs[0]!, task: 'recall' as const };
    expect(parseManifest({ ...m, longest: { ...m.longest!, runs: [recall] } }).ok).toBe(false);
  });

  const withLongest = () => ({ ...fixtureWithExtended(), longest: fixtureWithLongest().longest });

  it('draws the longest curves, with the long, extended and longest finals as points, and no extended lines', () => {
    const view = lossCurvesView(withLongest());
    expect(view.curveBudget).toBe('longest');
    expect(view.curveBudgetName).toBe('longest budget');
    expect(view.budgets.map((b) => b.budget)).toEqual(['quick', 'full', 'long', 'extended', 'longest']);
    const tpa = view.runs.find((r) => r.id === 'corpus-tpa-h4-r4-2-2')!;
    // a point every 40 steps of the 400, at steps × 16 × 64 tokens
    expect(tpa.points.map((p) => p.step)).toEqual([40, 80, 120, 160, 200, 240, 280, 320, 360, 400]);
    expect(tpa.points[6]).toEqual({ step: 280, tokens: 280 * 16 * 64, value: 1.7 });
    expect(tpa.extendedPoints).toEqual([]);
    expect(tpa.extendedFlatness).toBeNull();
    expect(tpa.finals.map((f) => [f.budget, f.value])).toEqual([
      ['quick', 2.55],
      ['full', 2.05],
      ['long', 1.8],
      ['extended', 1.71],
      ['longest', 1.74],
    ]);
    // the extrapolation towards flatness gives way to the measurement
    expect(view.extendedSummary).toBe('');
  });

  it('judges each longest curve: levelled off, past its best or still improving, and compares the lowest points', () => {
    const view = lossCurvesView(withLongest());
    const state = Object.fromEntries(view.runs.map((r) => [r.id, r.flatness!.state]));
    expect(state).toEqual({
      'corpus-mha-h4': 'levelled',
      'corpus-tpa-h4-r4-2-2': 'past-best',
      'corpus-tpa-h4-r4-4-4': 'levelled',
      'corpus-gqa-h4-g2': 'improving',
    });
    const improved = `${((100 * (2.0 - 1.8)) / 2.0).toFixed(2)}%`;
    const rise = `${((100 * (1.74 - 1.7)) / 1.7).toFixed(2)}%`;
    expect(view.flatSummary).toBe(
      `1 of 4 runs of the longest budget do not meet it after 410K tokens: GQA G=2 (${improved}). ` +
        `1 of 4 meet it past their best, ending more than 1% above their lowest point (validation rose while ` +
        `training went on): TPA R=(4,2,2) ${rise} above its lowest, at step 280.`,
    );
    // MHA's lowest is its last point, 1.68; TPA R=(4,2,2)'s 1.70 at step 280
    expect(view.runs.find((r) => r.id === 'corpus-tpa-h4-r4-2-2')!.lowestGap).toBeCloseTo(0.02, 12);
    expect(view.lowestSummary).toContain('every 40 steps');
    expect(view.lowestSummary).toContain('MHA 1.680 at step 400; TPA R=(4,2,2) 1.700 at step 280 (+0.020)');
  });

  it('gives the range of a lowest point over seeds from replicas that recorded theirs', () => {
    const m = withLongest();
    m.longest = {
      ...m.longest!,
      replicas: [
        {
          id: 'corpus-tpa-h4-r4-2-2',
          seed: 2,
          valLoss: 1.75,
          accuracy: null,
          lowest: { step: 240, loss: 1.69 },
        },
        {
          id: 'corpus-tpa-h4-r4-2-2',
          seed: 3,
          valLoss: 1.76,
          accuracy: null,
          lowest: { step: 320, loss: 1.72 },
        },
        // an older replica without its lowest point counts for the finals only
        { id: 'corpus-mha-h4', seed: 2, valLoss: 1.69, accuracy: null },
      ],
    };
    expect(parseManifest(m).ok).toBe(true);
    const summary = lossCurvesView(m).lowestSummary;
    // seed 1's 1.700 with the replicas' 1.69 and 1.72
    expect(summary).toContain('TPA R=(4,2,2) 1.700 at step 280 (+0.020; 3 seeds: 1.690–1.720)');
    expect(summary).toContain('MHA 1.680 at step 400;');
  });

  it('measures the gap along the longest curves and adds the longest final to the sentence', () => {
    const gap = gapView(withLongest());
    const tpa = gap.curves.find((c) => c.id === 'corpus-tpa-h4-r4-2-2')!;
    expect(tpa.points).toHaveLength(10);
    expect(tpa.points[6]!.value).toBeCloseTo(1.7 - 1.7, 12);
    expect(tpa.points[9]!.value).toBeCloseTo(1.74 - 1.68, 12);
    expect(tpa.extendedPoints).toEqual([]);
    expect(tpa.finals.find((f) => f.budget === 'longest')!.value).toBeCloseTo(0.06, 12);
    // the verdict stays full → long
    expect(tpa.trend).toBe(gapView(fixtureWithLong()).curves.find((c) => c.id === tpa.id)!.trend);
    expect(gap.summary).toContain('(extended budget), then +0.060 at 410K tokens (longest budget)');
  });
});
