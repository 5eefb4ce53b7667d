/**
 * The sentence on validation minus training loss at each budget's end (src/view-models/quality/train-fit.ts),
 * against differences set by hand in the fixture manifest.
 */
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../src/sweep/manifest';
import { trainFitSummary } from '../../../src/view-models/quality/train-fit';
import { lossCurvesView } from '../../../src/view-models/quality/loss-curves';
import { fixtureWithExtended } from './fixtures';

const MHA = 'corpus-mha-h4';
const TPA = 'corpus-tpa-h4-r4-2-2';

/** The fixture with each long and extended run's final training loss set to its validation loss − `gap(id)`. */
function withGaps(long: (id: string) => number, extended: (id: string) => number): Manifest {
  const m = fixtureWithExtended();
  const set = (runs: Manifest['runs'], gap: (id: string) => number) =>
    runs.map((r) => ({ ...r, final: { ...r.final, trainLoss: r.final.valLoss - gap(r.id) } }));
  return {
    ...m,
    long: { ...m.long!, runs: set(m.long!.runs, long) },
    extended: { ...m.extended!, runs: set(m.extended!.runs, extended) },
  };
}

describe('validation minus training loss', () => {
  const ids = fixtureWithExtended().long!.runs.map((r) => r.id);

  it('gives each budget its range, in token order, with MHA and the reference TPA named', () => {
    // long: MHA 0.08, TPA 0.05, the others 0.02 and 0.1; extended: MHA 0.2, TPA 0.12
    const gaps: Record<string, number> = { [MHA]: 0.08, [TPA]: 0.05 };
    const m = withGaps(
      (id) => gaps[id] ?? (id.includes('gqa') ? 0.1 : 0.02),
      (id) => (id === MHA ? 0.2 : 0.12),
    );
    const text = trainFitSummary(m, ids, TPA);
    // the fixture's full runs: training loss = validation − 0.01 for every run
    expect(text).toContain('full +0.010 (MHA +0.010, TPA R=(4,2,2) +0.010)');
    expect(text).toContain('long +0.020 to +0.100 (MHA +0.080, TPA R=(4,2,2) +0.050)');
    expect(text).toContain('extended +0.120 to +0.200 (MHA +0.200, TPA R=(4,2,2) +0.120)');
    expect(text.indexOf('full')).toBeLessThan(text.indexOf('long'));
    expect(text.indexOf('long')).toBeLessThan(text.indexOf('extended'));
    expect(text).toMatch(/At the extended budget MHA does so more than TPA R=\(4,2,2\) \(by 0\.080\)/);
  });

  it('does not blame MHA when the other run fits its training text as much', () => {
    const m = withGaps(
      () => 0.05,
      (id) => (id === MHA ? 0.1 : 0.15),
    );
    const text = trainFitSummary(m, ids, TPA);
    expect(text).toMatch(/At the extended budget TPA R=\(4,2,2\) does so at least as much as MHA\./);
    expect(text).not.toMatch(/MHA fitting the training text more/);
  });

  it('is part of the loss view, with the run the long budget repeats with seeds as the reference', () => {
    const m = fixtureWithExtended();
    const base = {
      ...m,
      long: { ...m.long!, replicas: [{ id: TPA, seed: 2, valLoss: 1.8, accuracy: null }] },
    };
    expect(lossCurvesView(base).fitSummary).toMatch(/\(MHA [+−]\d\.\d{3}, TPA R=\(4,2,2\) [+−]\d\.\d{3}\)/);
  });
});
