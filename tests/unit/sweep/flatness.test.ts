import { describe, expect, it } from 'vitest';
import { curveFlatness, FLAT_TOLERANCE, lowestPoint, stepsToFlat } from '../../../src/sweep/flatness';

describe('curve flatness (the long budget criterion)', () => {
  const curve = (losses: readonly number[], every: number) =>
    losses.map((loss, i) => ({ step: (i + 1) * every, loss }));

  it('opens the window at the last point at or before 80% of the steps and compares it with the last point', () => {
    // 100 steps, points every 10: the window opens at step 80
    const valid = curve([3, 2.5, 2.2, 2.1, 2.05, 2.02, 2.01, 2.0, 1.995, 1.99], 10);
    const f = curveFlatness(valid, 100)!;
    expect(f.from).toEqual({ step: 80, loss: 2.0 });
    expect(f.to).toEqual({ step: 100, loss: 1.99 });
    // (2.0 − 1.99) / 2.0 = 0.005, computed by hand
    expect(f.improvement).toBeCloseTo(0.005, 12);
    expect(f.flat).toBe(true);
  });

  it('a curve still falling by more than 1% over its last fifth is not flat', () => {
    const valid = curve([3, 2.6, 2.4, 2.3, 2.2], 20); // window opens at step 80 (2.3), ends at 2.2
    const f = curveFlatness(valid, 100)!;
    expect(f.improvement).toBeCloseTo(0.1 / 2.3, 12);
    expect(f.improvement).toBeGreaterThan(FLAT_TOLERANCE);
    expect(f.flat).toBe(false);
  });

  it('a curve that got worse counts as flat (negative improvement)', () => {
    const f = curveFlatness(curve([3, 2, 1.9, 1.8, 1.85], 20), 100)!;
    expect(f.improvement).toBeLessThan(0);
    expect(f.flat).toBe(true);
  });

  it('tells a curve that levelled off from one past its best by how far it ends above its lowest point', () => {
    // lowest 1.99 at step 90, ends at 2.0: 0.5% above it, within the tolerance → levelled off
    const levelled = curveFlatness(curve([3, 2.5, 2.2, 2.1, 2.05, 2.02, 2.01, 2.0, 1.99, 2.0], 10), 100)!;
    expect(levelled.lowest).toEqual({ step: 90, loss: 1.99 });
    expect(levelled.rise).toBeCloseTo(0.01 / 1.99, 12);
    expect(levelled.state).toBe('levelled');
    // lowest 1.8 at step 60, ends at 1.85: (1.85 − 1.8) / 1.8 = 2.8% above it → past its best
    const past = curveFlatness(curve([3, 2, 1.9, 1.8, 1.83, 1.85], 20), 120)!;
    expect(past.lowest).toEqual({ step: 80, loss: 1.8 });
    expect(past.rise).toBeCloseTo(0.05 / 1.8, 12);
    expect(past.flat).toBe(true);
    expect(past.state).toBe('past-best');
    // still falling: improving, whatever its lowest point
    const falling = curveFlatness(curve([3, 2.6, 2.4, 2.3, 2.2], 20), 100)!;
    expect(falling.state).toBe('improving');
    expect(falling.lowest).toEqual({ step: 100, loss: 2.2 });
    expect(falling.rise).toBe(0);
  });

  it('the lowest point is the earliest of equal ones, and an empty curve has none', () => {
    expect(lowestPoint(curve([2, 1.5, 1.7, 1.5], 1))).toEqual({ step: 2, loss: 1.5 });
    expect(lowestPoint([])).toBeNull();
  });

  it('needs a point in the window and one after it', () => {
    expect(curveFlatness([], 100)).toBeNull();
    expect(
      curveFlatness(
        [
          { step: 90, loss: 2 },
          { step: 100, loss: 1.9 },
        ],
        100,
      ),
    ).toBeNull();
    expect(curveFlatness([{ step: 10, loss: 2 }], 100)).toBeNull();
  });
});

describe('steps to flat (following the trend between two budgets)', () => {
  // improvement(T) = 0.2·T^−0.5 meets 1% where T^0.5 = 20, i.e. at T = 400, computed by hand
  const law = (steps: number) => ({ steps, improvement: 0.2 * steps ** -0.5 });

  it('finds where a power-law trend through two budgets crosses the tolerance', () => {
    expect(stepsToFlat(law(25), law(100))).toBeCloseTo(400, 6);
    // any two points on the same law give the same answer
    expect(stepsToFlat(law(4), law(9))).toBeCloseTo(400, 6);
  });

  it('a slower fall needs more steps: halving per doubling gives the squared ratio', () => {
    // 4% at 1,000 steps, 2% at 2,000: β = 1, so 1% at 4,000
    expect(stepsToFlat({ steps: 1000, improvement: 0.04 }, { steps: 2000, improvement: 0.02 })).toBeCloseTo(
      4000,
      6,
    );
    // 4% → 2.83% per doubling (β = 0.5): 4% falls to 1% when (T / 1,000)^0.5 = 4, at 16,000
    const at = stepsToFlat(
      { steps: 1000, improvement: 0.04 },
      { steps: 2000, improvement: 0.04 / Math.SQRT2 },
    )!;
    expect(at).toBeCloseTo(16000, 3);
  });

  it('is the longer budget when it is already flat, and null without a falling trend', () => {
    expect(stepsToFlat({ steps: 100, improvement: 0.05 }, { steps: 200, improvement: 0.009 })).toBe(200);
    expect(stepsToFlat({ steps: 100, improvement: 0.02 }, { steps: 200, improvement: 0.03 })).toBeNull();
    expect(stepsToFlat({ steps: 100, improvement: -0.01 }, { steps: 200, improvement: 0.02 })).toBeNull();
    expect(stepsToFlat({ steps: 200, improvement: 0.05 }, { steps: 100, improvement: 0.02 })).toBeNull();
    expect(FLAT_TOLERANCE).toBe(0.01);
  });
});
