import { describe, expect, it } from 'vitest';
import { bestWithin, paretoFrontier } from '../../../src/view-models/quality/pareto';

const p = (id: string, x: number, y: number) => ({ id, x, y });

describe('Pareto frontier', () => {
  const points = [
    p('mha', 2048, 2.0),
    p('mqa', 512, 2.3),
    p('tpa', 1152, 2.05),
    p('gqa', 1024, 2.2),
    p('big', 2304, 2.1),
  ];

  it('keeps the runs no smaller-cache run beats (loss: lower is better), sorted by cache size', () => {
    expect(paretoFrontier(points, 'min').map((q) => q.id)).toEqual(['mqa', 'gqa', 'tpa', 'mha']);
  });

  it('for accuracy (higher is better) the direction flips', () => {
    const acc = [p('a', 512, 0.3), p('b', 1024, 0.2), p('c', 2048, 0.9), p('d', 1152, 0.5)];
    expect(paretoFrontier(acc, 'max').map((q) => q.id)).toEqual(['a', 'd', 'c']);
  });

  it('at equal cache size only the better run is on it; non-finite values never are', () => {
    const tied = [p('worse', 576, 2.4), p('better', 576, 2.3), p('nan', 100, NaN)];
    expect(paretoFrontier(tied, 'min').map((q) => q.id)).toEqual(['better']);
  });

  it('the best run within a budget is the last frontier point at or under it', () => {
    const f = paretoFrontier(points, 'min');
    expect(bestWithin(f, 1152)?.id).toBe('tpa');
    expect(bestWithin(f, 1151)?.id).toBe('gqa');
    expect(bestWithin(f, 100)).toBeNull();
    expect(bestWithin(f, 1e9)?.id).toBe('mha');
  });
});
