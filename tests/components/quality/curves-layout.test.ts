/**
 * The token-axis charts' layout (D3 scales, no DOM): budget labels that never overlap, and a loss axis
 * that spans the budgets' finals rather than the first steps' much higher losses.
 */
import { describe, expect, it } from 'vitest';
import { gapLayout, lossCurvesLayout } from '../../../components/quality/curves-layout';
import type { CurvesLayout } from '../../../components/quality/curves-layout';
import { gapView } from '../../../src/view-models/quality/gap-curves';
import { lossCurvesView } from '../../../src/view-models/quality/loss-curves';
import { fixtureWithExtended, fixtureWithLongest } from '../../unit/sweep/fixtures';

const manifest = fixtureWithExtended();
const view = lossCurvesView(manifest);

/** Each label's horizontal extent, by the same estimate of its width as the layout's (6.5 px a character). */
const extents = (l: CurvesLayout) =>
  l.budgets.map((b) => {
    const w = b.budget.length * 6.5 + 3;
    return {
      row: b.row,
      from: b.anchor === 'start' ? b.x : b.x - w,
      to: b.anchor === 'start' ? b.x + w : b.x,
    };
  });

describe('budget labels', () => {
  it('share a row when far apart and take a row each when they would overlap', () => {
    const wide = lossCurvesLayout(view, view.runs, 1600);
    expect(wide.budgets.map((b) => b.budget)).toEqual(['quick', 'full', 'long', 'extended']);
    expect(wide.budgets.every((b) => b.row === 0)).toBe(true);
    const narrow = lossCurvesLayout(view, view.runs, 260);
    const long = narrow.budgets.find((b) => b.budget === 'long')!;
    const extended = narrow.budgets.find((b) => b.budget === 'extended')!;
    expect(extended.x - long.x).toBeLessThan(40); // closer than "long" is wide
    expect(extended.row).not.toBe(long.row);
  });

  it('keep 10 px apart on the same row, at any width, on either token axis', () => {
    const withLongest = lossCurvesView({ ...manifest, longest: fixtureWithLongest().longest });
    for (const v of [view, withLongest])
      for (const scale of ['log', 'linear'] as const)
        for (let width = 200; width <= 1600; width += 37) {
          const e = extents(lossCurvesLayout(v, v.runs, width, scale));
          for (const a of e)
            for (const b of e)
              if (a !== b && a.row === b.row)
                expect(a.to + 10 <= b.from || b.to + 10 <= a.from, `${scale} ${width}`).toBe(true);
        }
  });
});

describe('the token axis', () => {
  it('starts a fifth of a decade before the shortest budget, not at a curve point before it', () => {
    // a curve measured at step 1 (1,024 tokens), far left of the quick budget's end (2,048 tokens)
    const early = {
      ...view,
      runs: view.runs.map((r) => ({ ...r, points: [{ step: 1, tokens: 1024, value: 6.5 }, ...r.points] })),
    };
    const quick = view.budgets.find((b) => b.budget === 'quick')!.tokens;
    const [lo, hi] = lossCurvesLayout(early, early.runs, 800).x.domain() as [number, number];
    expect(lo).toBeCloseTo(quick / 10 ** 0.2, 6);
    const last = Math.max(...view.budgets.map((b) => b.tokens));
    expect(hi).toBeCloseTo(last * 10 ** 0.2, 6);
    // the line still starts at its first point, left of the plot (the chart clips it)
    const line = lossCurvesLayout(early, early.runs, 800).lines[0]!.d;
    expect(Number(/^M(-?[\d.]+)/.exec(line)![1])).toBeLessThan(0);
  });
});

describe('the linear token axis', () => {
  it('runs from zero to a little past the last budget, each token the same width', () => {
    const l = lossCurvesLayout(view, view.runs, 800, 'linear');
    const last = Math.max(...view.budgets.map((b) => b.tokens));
    expect(l.x.domain()).toEqual([0, last * 1.04]);
    // proportional: a budget's rule sits at tokens / domain of the plot's width
    for (const b of l.budgets) expect(b.x).toBeCloseTo((b.tokens / (last * 1.04)) * l.innerWidth, 6);
    expect(l.xAxis.ticks.length).toBeGreaterThan(1);
    expect(l.xAxis.ticks.every((t) => t > 0 && t <= last * 1.04)).toBe(true);
    // the last fifth of the longest run's tokens takes a fifth of the plot (about a twenty-fifth on the log axis)
    const fifth = (layout: CurvesLayout) => layout.x(last) - layout.x(0.8 * last);
    expect(fifth(l) / l.innerWidth).toBeCloseTo(0.2 / 1.04, 6);
    const log = lossCurvesLayout(view, view.runs, 800);
    expect(fifth(log) / log.innerWidth).toBeLessThan(1 / 20);
  });
});

describe('the loss axis', () => {
  it('spans every final and seed range; the first steps, higher, are left above the plot', () => {
    const l = lossCurvesLayout(view, view.runs, 640);
    const finals = view.runs.flatMap((r) =>
      r.finals.flatMap((f) => [f.value, f.seeds?.min ?? f.value, f.seeds?.max ?? f.value]),
    );
    const [lo, hi] = l.y.domain() as [number, number];
    for (const v of finals) {
      expect(v).toBeGreaterThanOrEqual(lo);
      expect(v).toBeLessThanOrEqual(hi);
    }
    const first = view.runs.map((r) => r.points[0]!.value);
    expect(Math.max(...first)).toBeGreaterThan(Math.max(...finals));
    expect(first.some((v) => l.y(v) < 0)).toBe(true); // above the plot: the chart clips it
  });

  it('the gap axis still spans every point of the gap curves, zero and the seed band', () => {
    const gaps = gapView(manifest);
    const l = gapLayout(view, gaps.curves, 0.02, 640);
    const [lo, hi] = l.y.domain() as [number, number];
    const values = [
      ...gaps.curves.flatMap((c) => [...c.points, ...c.extendedPoints].map((p) => p.value)),
      0,
      0.02,
      -0.02,
    ];
    for (const v of values) {
      expect(v).toBeGreaterThanOrEqual(lo);
      expect(v).toBeLessThanOrEqual(hi);
    }
  });
});
