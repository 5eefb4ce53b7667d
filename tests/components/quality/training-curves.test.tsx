/**
 * The quality panel's views of training: validation loss against tokens (log x), the gap to MHA against
 * tokens, the run toggles both share, and the budget switch of the corpus Pareto chart; with and without
 * the manifest's long section.
 */
import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { DEFAULT_CONFIG } from '../../../src/config';
import type { Manifest } from '../../../src/sweep/manifest';
import { QualityView } from '../../../components/quality/QualityView';
import { TrainingCurvesSection } from '../../../components/quality/TrainingCurvesSection';
import {
  FIXTURE_LONG_CURVES,
  FIXTURE_RESULTS,
  fixtureManifest,
  fixtureWithExtended,
  fixtureWithLong,
  EXTENDED_STEPS,
  LONG_STEPS,
  withLongCurve,
  FIXTURE_LONGEST_CURVES,
  fixtureWithLongest,
  LONGEST_STEPS,
} from '../../unit/sweep/fixtures';
import { normalisedSvg } from '../support/normalize-svg';

const MHA = 'corpus-mha-h4';
const TPA = 'corpus-tpa-h4-r4-2-2';
const GQA = 'corpus-gqa-h4-g2';

/** The long fixture with MHA repeated at seeds 2 and 3 (long finals 1.79, 1.78, 1.80: spread 0.02). */
const longReplicas: Manifest['replicas'] = [
  { id: MHA, seed: 2, valLoss: 1.78, accuracy: null },
  { id: MHA, seed: 3, valLoss: 1.8, accuracy: null },
];
const withLong = fixtureWithLong(longReplicas);
const withoutLong = fixtureManifest(FIXTURE_RESULTS);

const renderView = (manifest: Manifest) =>
  render(<QualityView manifest={manifest} config={DEFAULT_CONFIG} onChange={vi.fn()} />);

const num = (el: Element, attr: string) => Number(el.getAttribute(attr));
const marks = (chart: string, testId: string) =>
  within(screen.getByTestId(`${chart}-chart`)).queryAllByTestId(`${chart}-${testId}`);
const runIds = (els: readonly Element[]) => els.map((e) => e.getAttribute('data-run-id'));

function finalOf(chart: string, run: string, budget: string): Element {
  const found = marks(chart, 'final').find(
    (m) => m.getAttribute('data-run-id') === run && m.getAttribute('data-budget') === budget,
  );
  if (!found) throw new Error(`no ${budget} final of ${run} on the ${chart} chart`);
  return found;
}

/** Table cells of a column by run id, as their data-value. */
function column(tableId: string, col: string): Record<string, string> {
  const rows = within(screen.getByTestId(tableId)).getAllByRole('row').slice(1);
  return Object.fromEntries(
    rows.map((r) => [
      r.getAttribute('data-run-id'),
      r.querySelector(`[data-col="${col}"]`)!.getAttribute('data-value')!,
    ]),
  );
}

describe('without a long section', () => {
  it('says the long budget is not trained yet, and draws no curves', () => {
    renderView(withoutLong);
    expect(screen.getByTestId('curves-unavailable').textContent).toMatch(
      /^The long budget, [\d,]+ steps × 16 windows of 64 characters .* has not been trained yet: PRETRAIN_PART=long npm run pretrain adds it/,
    );
    // the command is set as code
    expect(screen.getByTestId('curves-unavailable').querySelector('code')!.textContent).toBe(
      'PRETRAIN_PART=long npm run pretrain',
    );
    expect(screen.queryByTestId('curves-chart')).toBeNull();
    expect(screen.queryByTestId('gap-chart')).toBeNull();
  });

  it('offers the long budget on the switch as not trained, and says so instead of a chart', () => {
    renderView(withoutLong);
    const long = within(screen.getByTestId('quality-budget-switch')).getByRole('radio', {
      name: /^long not trained yet$/,
    });
    fireEvent.click(long);
    expect(screen.queryByTestId('pareto-chart-corpus')).toBeNull();
    expect(screen.getByTestId('pareto-unavailable-corpus-long').textContent).toMatch(
      /has not been trained yet/,
    );
    expect(screen.getByTestId('quality-summary-budget').textContent).toBe(
      'There are no precomputed corpus runs at the long budget yet.',
    );
    // the recall chart has one budget and stays
    expect(screen.getByTestId('pareto-chart-recall')).toBeTruthy();
  });
});

describe('loss against tokens', () => {
  it('draws one curve per long run, named for screen readers, with its table as description', () => {
    renderView(withLong);
    const chart = screen.getByRole('img', { name: /^Validation loss against tokens seen \(log scale\)/ });
    expect(chart.getAttribute('data-testid')).toBe('curves-chart');
    expect(runIds(marks('curves', 'line'))).toEqual(Object.keys(FIXTURE_LONG_CURVES));
    const table = document.getElementById(chart.getAttribute('aria-describedby')!)!;
    expect(table.getAttribute('data-testid')).toBe('curves-table');
  });

  it('puts the budgets and the finals at their tokens on a log axis, and losses on a linear one', () => {
    renderView(withLong);
    // MHA's finals: quick 4 × 8 × 64, full 10 × 16 × 64, long 100 × 16 × 64 tokens (budget protocols)
    const tokens = { quick: 4 * 8 * 64, full: 10 * 16 * 64, long: LONG_STEPS * 16 * 64 };
    const f = {
      quick: finalOf('curves', MHA, 'quick'),
      full: finalOf('curves', MHA, 'full'),
      long: finalOf('curves', MHA, 'long'),
    };
    for (const [b, t] of Object.entries(tokens)) expect(num(f[b as keyof typeof f], 'data-tokens')).toBe(t);
    // equal ratios of tokens are equal distances: x is proportional to log(tokens)
    const dx = (a: Element, b: Element) => num(b, 'cx') - num(a, 'cx');
    expect(dx(f.quick, f.full) / dx(f.full, f.long)).toBeCloseTo(
      Math.log(tokens.full / tokens.quick) / Math.log(tokens.long / tokens.full),
      6,
    );
    // y is linear in loss: the same px per nat between any two finals (quick 2.5, full 2.0, long 1.79)
    const slope = (a: Element, b: Element) =>
      (num(b, 'cy') - num(a, 'cy')) / (num(b, 'data-value') - num(a, 'data-value'));
    expect(num(f.quick, 'data-value')).toBe(2.5);
    expect(slope(f.quick, f.full)).toBeCloseTo(slope(f.full, f.long), 6);
    expect(slope(f.quick, f.full)).toBeLessThan(0);
    // each budget's rule stands at its tokens, where the finals of that budget are
    for (const rule of marks('curves', 'budget')) {
      const budget = rule.getAttribute('data-budget') as keyof typeof f;
      expect(num(rule, 'data-tokens')).toBe(tokens[budget]);
      expect(num(rule, 'data-x')).toBeCloseTo(num(f[budget], 'cx'), 6);
      expect(rule.textContent).toBe(budget);
    }
  });

  it('shows the seed range as a bar from the lowest to the highest final', () => {
    renderView(withLong);
    const bars = marks('curves', 'seeds');
    expect(bars.map((b) => [b.getAttribute('data-run-id'), b.getAttribute('data-budget')])).toEqual([
      [MHA, 'long'],
    ]);
    const [stem] = bars[0]!.querySelectorAll('line');
    const long = finalOf('curves', MHA, 'long');
    const full = finalOf('curves', MHA, 'full');
    // px per nat and the px of 0 nats from two finals, then where 1.78 and 1.80 must be
    const perNat = (num(long, 'cy') - num(full, 'cy')) / (1.79 - 2.0);
    const at = (v: number) => num(full, 'cy') + (v - 2.0) * perNat;
    expect(num(stem!, 'y1')).toBeCloseTo(at(1.78), 6);
    expect(num(stem!, 'y2')).toBeCloseTo(at(1.8), 6);
    expect(num(stem!, 'x1')).toBeCloseTo(num(long, 'cx'), 6);
  });

  it('tables each run’s flatness over the last fifth of its steps against the criterion', () => {
    renderView(withLong);
    expect(
      screen.getByRole('table', { name: /flatness of its curve at the long budget/ }).textContent,
    ).toBeTruthy();
    expect(screen.getByTestId('curves-table-caption').textContent).toMatch(
      /last 20% of steps improve validation loss by less than 1%/,
    );
    // steps 20…100: the window opens at step 80 (the 4th point) and closes at step 100 (the 5th)
    const improvement = column('curves-table', 'improvement');
    const flat = column('curves-table', 'flat');
    const lowest = column('curves-table', 'lowest');
    for (const [id, c] of Object.entries(FIXTURE_LONG_CURVES)) {
      const expected = (c[3]! - c[4]!) / c[3]!;
      expect(Number(improvement[id])).toBeCloseTo(expected, 12);
      expect(flat[id]).toBe(String(expected < 0.01));
      // every fixture curve falls to its end: its lowest point is its last
      expect(Number(lowest[id])).toBe(Math.min(...c));
    }
    const text = (id: string, col: string) =>
      screen.getByTestId('curves-table').querySelector(`tr[data-run-id="${id}"] [data-col="${col}"]`)!
        .textContent;
    expect(text(GQA, 'flat')).toBe('no, still improving');
    expect(text(MHA, 'flat')).toBe('yes, levelled off');
    // TPA R=(4,2,2) ends at 1.80, MHA at 1.79
    expect(text(TPA, 'lowest')).toBe('1.800 at step 100 (+0.010)');
    expect(text(MHA, 'lowest')).toBe('1.790 at step 100');
    // no run is past its best, so the finals need no second comparison
    expect(screen.queryByTestId('curves-lowest-summary')).toBeNull();
    expect(screen.getByTestId('curves-flat-summary').textContent).toMatch(
      /^1 of 4 runs of the long budget do not meet it/,
    );
    expect(column('curves-table', 'final-long')[MHA]).toBe('1.79');
  });

  it('says which run is past its best, and compares the runs at their lowest points', () => {
    renderView(withLongCurve(withLong, 'corpus-tpa-h4-r4-4-4', [3, 2.0, 1.85, 1.9, 1.95]));
    const row = screen.getByTestId('curves-table').querySelector('tr[data-run-id="corpus-tpa-h4-r4-4-4"]')!;
    expect(row.querySelector('[data-col="flat"]')!.textContent).toBe('yes, past its best');
    expect(row.querySelector('[data-col="lowest"]')!.textContent).toBe('1.850 at step 60 (+0.060)');
    expect(screen.getByTestId('curves-flat-summary').textContent).toMatch(
      /TPA R=\(4,4,4\) 5\.41% above its lowest/,
    );
    expect(screen.getByTestId('curves-lowest-summary').textContent).toMatch(
      /TPA R=\(4,4,4\) 1\.850 at step 60/,
    );
  });

  it('a run’s checkbox takes its curve off both charts and puts it back', () => {
    renderView(withLong);
    const box = within(screen.getByTestId('curves-toggles')).getByRole('checkbox', { name: 'GQA G=2' });
    expect((box as HTMLInputElement).checked).toBe(true);
    expect(runIds(marks('gap', 'line'))).toContain(GQA);
    fireEvent.click(box);
    expect((box as HTMLInputElement).checked).toBe(false);
    expect(runIds(marks('curves', 'line'))).not.toContain(GQA);
    expect(runIds(marks('curves', 'final'))).not.toContain(GQA);
    expect(runIds(marks('gap', 'line'))).not.toContain(GQA);
    // the token axis stays where it was; the table still lists every run
    expect(Object.keys(column('curves-table', 'flat'))).toContain(GQA);
    act(() => box.focus());
    fireEvent.click(box);
    expect(runIds(marks('curves', 'line'))).toContain(GQA);
  });
});

describe('the token axis switch', () => {
  it('puts both charts on a linear token axis and back, by radio buttons', () => {
    renderView(withLong);
    const group = screen.getByRole('group', { name: 'Token axis of both charts' });
    const [log, linear] = within(group).getAllByRole('radio') as HTMLInputElement[];
    expect(log!.checked).toBe(true);
    const mhaLong = () => num(finalOf('curves', MHA, 'long'), 'cx');
    const mhaFull = () => num(finalOf('curves', MHA, 'full'), 'cx');
    // on a linear axis a final's distance from the axis's zero is proportional to its tokens
    fireEvent.click(linear!);
    expect(linear!.checked).toBe(true);
    expect(screen.getByRole('img', { name: /^Validation loss against tokens seen \(linear scale\)/ })).toBe(
      screen.getByTestId('curves-chart'),
    );
    expect(screen.getByRole('img', { name: /against tokens seen \(linear scale\), for 3 runs/ })).toBe(
      screen.getByTestId('gap-chart'),
    );
    expect(screen.getByTestId('curves-chart').textContent).toContain('tokens seen per run (linear scale)');
    const longTokens = num(finalOf('curves', MHA, 'long'), 'data-tokens');
    const fullTokens = num(finalOf('curves', MHA, 'full'), 'data-tokens');
    expect(mhaLong() / mhaFull()).toBeCloseTo(longTokens / fullTokens, 6);
    fireEvent.click(log!);
    expect(screen.getByTestId('curves-chart').textContent).toContain('tokens seen per run (log scale)');
  });
});

describe('gap to MHA against tokens', () => {
  it('draws each run minus MHA around a zero line, inside the seed-spread band', () => {
    renderView(withLong);
    expect(screen.getByRole('img', { name: /^Validation loss minus MHA's against tokens seen/ })).toBe(
      screen.getByTestId('gap-chart'),
    );
    expect(runIds(marks('gap', 'line')).sort()).toEqual([GQA, TPA, 'corpus-tpa-h4-r4-4-4'].sort());
    const zero = Number(screen.getByTestId('gap-zero').getAttribute('y1'));
    const band = screen.getByTestId('gap-band');
    expect(Number(band.getAttribute('data-spread'))).toBeCloseTo(0.02, 12);
    const rect = band.querySelector('rect')!;
    const top = num(rect, 'y');
    const bottom = top + num(rect, 'height');
    // symmetric around zero
    expect(zero - top).toBeCloseTo(bottom - zero, 6);
    // TPA's full-budget gap (2.05 − 2.00) and long gap (1.80 − 1.79) on the same linear axis as zero
    const full = finalOf('gap', TPA, 'full');
    const long = finalOf('gap', TPA, 'long');
    expect(num(full, 'data-value')).toBeCloseTo(0.05, 12);
    expect(num(long, 'data-value')).toBeCloseTo(0.01, 12);
    expect((zero - num(full, 'cy')) / 0.05).toBeCloseTo((zero - num(long, 'cy')) / 0.01, 6);
    // the band is ±0.02 on that axis
    expect((zero - top) / 0.02).toBeCloseTo((zero - num(long, 'cy')) / 0.01, 6);
  });

  it('gives each run’s verdict against the spread, and a sentence from the same numbers', () => {
    renderView(withLong);
    // sizes of the gap, full → long: TPA 0.05 → 0.01, TPA R=(4,4,4) 0.1 → 0.21, GQA 0.2 → 0.71
    expect(column('gap-table', 'trend')).toEqual({
      [GQA]: 'widens',
      [TPA]: 'narrows',
      'corpus-tpa-h4-r4-4-4': 'widens',
    });
    expect(Number(column('gap-table', 'change')[TPA])).toBeCloseTo(0.01 - 0.05, 12);
    expect(screen.getByTestId('gap-summary').textContent).toMatch(
      /^Validation loss minus MHA's, from 10\.2K tokens \(full budget\) to 102K tokens \(long budget\), at d = 128, 2 layers \(seed-to-seed spread 0\.020\): .*TPA R=\(4,2,2\) \+0\.050 → \+0\.010 \(narrows\)/,
    );
  });
});

describe('the gap between seed means', () => {
  it('is said under the gap chart once the default TPA has as many seeds as MHA', () => {
    renderView(withLong);
    // MHA alone has three seeds: no mean to compare
    expect(screen.queryByTestId('gap-seed-summary')).toBeNull();
    // TPA at seeds 2 and 3: 1.80 (own), 1.83, 1.77 → mean 1.80; MHA 1.79, 1.78, 1.80 → mean 1.79
    const both = fixtureWithLong([
      ...longReplicas,
      { id: TPA, seed: 2, valLoss: 1.83, accuracy: null },
      { id: TPA, seed: 3, valLoss: 1.77, accuracy: null },
    ]);
    render(<TrainingCurvesSection manifest={both} />);
    expect(screen.getByTestId('gap-seed-summary').textContent).toBe(
      "Mean over 3 seeds each, TPA R=(4,2,2) minus MHA: +0.010 at the long budget's end (one seed's final spans up to 0.060 there).",
    );
  });
});

describe('the budget switch of the corpus Pareto chart', () => {
  it('switches the chart, its table and the summary between quick, full and long', () => {
    renderView(withLong);
    const group = screen.getByRole('group', { name: 'Token budget of the corpus runs' });
    const radios = within(group).getAllByRole('radio') as HTMLInputElement[];
    // one native radio group (arrow keys move within it), in token order, full chosen
    expect(radios.map((r) => r.value)).toEqual(['quick', 'full', 'long', 'extended', 'longest']);
    expect(new Set(radios.map((r) => r.name)).size).toBe(1);
    expect(radios.map((r) => r.checked)).toEqual([false, true, false, false, false]);
    expect(radios.map((r) => r.labels![0]!.textContent)).toEqual([
      'quick 2.05K tokens',
      'full 10.2K tokens',
      'long 102K tokens',
      'extended not trained yet',
      'longest not trained yet',
    ]);
    expect(screen.getByTestId('quality-summary-budget').textContent).toMatch(/\(full budget: /);

    act(() => radios[2]!.focus());
    fireEvent.click(radios[2]!);
    expect(screen.queryByTestId('pareto-chart-corpus')).toBeNull();
    const long = within(screen.getByTestId('pareto-chart-corpus-long')).getAllByTestId('pareto-point');
    expect(runIds(long).sort()).toEqual(Object.keys(FIXTURE_LONG_CURVES).sort());
    expect(column('quality-table-corpus-long', 'metric')[MHA]).toBe('1.79');
    expect(screen.getByTestId('quality-summary-budget').textContent).toMatch(
      /after 102K tokens per run \(long budget: 100 steps × 16 windows of 64 characters\)/,
    );

    fireEvent.click(radios[0]!);
    expect(
      within(screen.getByTestId('pareto-chart-corpus-quick')).getAllByTestId('pareto-point'),
    ).toHaveLength(8);
    expect(screen.getByTestId('quality-summary-budget').textContent).toMatch(/\(quick budget: /);
  });
});

describe('with an extended section (MHA and the default TPA at twice the long steps)', () => {
  it('adds their finals to both charts, a column to both tables and a sentence from the same numbers', () => {
    render(<TrainingCurvesSection manifest={fixtureWithExtended()} />);
    // the loss chart: a dot at 200 × 16 × 64 tokens for MHA and TPA only, right of the long budget's rule
    const mha = finalOf('curves', MHA, 'extended');
    expect(num(mha, 'data-tokens')).toBe(EXTENDED_STEPS * 16 * 64);
    expect(num(mha, 'data-value')).toBe(1.7);
    expect(num(mha, 'cx')).toBeGreaterThan(num(finalOf('curves', MHA, 'long'), 'cx'));
    expect(marks('curves', 'final').filter((m) => m.getAttribute('data-budget') === 'extended')).toHaveLength(
      2,
    );
    // the gap chart: TPA 1.71 − 1.70
    expect(num(finalOf('gap', TPA, 'extended'), 'data-value')).toBeCloseTo(0.01, 12);
    // tables: the extended improvement (1.72 → 1.70 over MHA's last fifth), '–' for runs without it
    const ext = column('curves-table', 'improvement-extended');
    expect(Number(ext[MHA])).toBeCloseTo((1.72 - 1.7) / 1.72, 12);
    expect(ext[GQA]).toBe('NaN');
    expect(Number(column('gap-table', 'gap-extended')[TPA])).toBeCloseTo(0.01, 12);
    expect(screen.getByTestId('curves-extended-summary').textContent).toContain(
      'MHA 1.16% (0.56% at the long budget)',
    );
  });

  it('shows no extended column or sentence without the section', () => {
    render(<TrainingCurvesSection manifest={withLong} />);
    expect(screen.queryByTestId('curves-extended-summary')).toBeNull();
    expect(marks('curves', 'extended-line')).toHaveLength(0);
    expect(screen.getByTestId('curves-table').querySelector('[data-col="improvement-extended"]')).toBeNull();
    expect(screen.getByTestId('gap-table').querySelector('[data-col="gap-extended"]')).toBeNull();
  });
});

describe('with a longest section (the long runs at four times the steps)', () => {
  const withLongest = { ...fixtureWithExtended(), longest: fixtureWithLongest().longest };

  it('draws the longest curves with every budget as a point, and says which runs are past their best', () => {
    render(<TrainingCurvesSection manifest={withLongest} />);
    expect(screen.getByTestId('curves-section').textContent).toContain(
      "Each line is a run's validation loss through the longest budget",
    );
    expect(screen.getByTestId('gap-section').textContent).toContain('at the same step of the longest budget');
    expect(runIds(marks('curves', 'line')).sort()).toEqual(Object.keys(FIXTURE_LONGEST_CURVES).sort());
    // no thinner extended lines: the longest curves span the extended budget
    expect(marks('curves', 'extended-line')).toHaveLength(0);
    const longest = finalOf('curves', MHA, 'longest');
    expect(num(longest, 'data-tokens')).toBe(LONGEST_STEPS * 16 * 64);
    expect(num(longest, 'cx')).toBeGreaterThan(num(finalOf('curves', MHA, 'extended'), 'cx'));
    const row = (id: string) => screen.getByTestId('curves-table').querySelector(`tr[data-run-id="${id}"]`)!;
    expect(row(TPA).querySelector('[data-col="flat"]')!.textContent).toBe('yes, past its best');
    expect(row(TPA).querySelector('[data-col="lowest"]')!.textContent).toBe('1.700 at step 280 (+0.020)');
    expect(row(MHA).querySelector('[data-col="flat"]')!.textContent).toBe('yes, levelled off');
    expect(screen.getByTestId('curves-table').querySelector('[data-col="improvement-extended"]')).toBeNull();
    expect(screen.getByTestId('curves-lowest-summary').textContent).toContain(
      'TPA R=(4,2,2) 1.700 at step 280',
    );
    expect(screen.queryByTestId('curves-extended-summary')).toBeNull();
    // the gap table gets a column per budget end: TPA 1.74 − 1.68 at the longest
    expect(Number(column('gap-table', 'gap-longest')[TPA])).toBeCloseTo(0.06, 12);
    expect(Number(column('gap-table', 'gap-extended')[TPA])).toBeCloseTo(0.01, 12);
  });
});

describe('snapshots', () => {
  it('draws the loss and gap charts of the long fixture the same way', () => {
    render(<TrainingCurvesSection manifest={withLong} />);
    expect(normalisedSvg(screen.getByTestId('curves-chart'))).toMatchSnapshot();
    expect(normalisedSvg(screen.getByTestId('gap-chart'))).toMatchSnapshot();
  });
});
