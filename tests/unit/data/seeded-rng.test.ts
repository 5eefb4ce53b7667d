import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/data';

const draw = (seed: number, n: number) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('createRng', () => {
  it('repeats a seed exactly and differs between seeds, even adjacent ones', () => {
    expect(draw(42, 50)).toEqual(draw(42, 50));
    expect(draw(42, 50)).not.toEqual(draw(43, 50));
    expect(draw(0, 1)[0]).not.toBe(draw(1, 1)[0]);
  });

  it('next() is in [0, 1) and roughly uniform', () => {
    const values = draw(7, 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const buckets = new Array<number>(10).fill(0);
    for (const v of values) buckets[Math.floor(v * 10)]!++;
    for (const count of buckets) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  it('int(n) covers exactly 0 … n−1 and rejects bad n', () => {
    const rng = createRng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(rng.int(7));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(rng.int(1)).toBe(0);
    for (const bad of [0, -1, 2.5, NaN]) expect(() => rng.int(bad)).toThrow(RangeError);
  });

  it('shuffle permutes in place, deterministically, and reaches every order of 3 items', () => {
    const items = Array.from({ length: 30 }, (_, i) => i);
    const a = createRng(9).shuffle(items.slice());
    expect(a).not.toEqual(items);
    expect(a.slice().sort((x, y) => x - y)).toEqual(items);
    expect(createRng(9).shuffle(items.slice())).toEqual(a);
    const rng = createRng(1);
    const orders = new Set<string>();
    for (let i = 0; i < 200; i++) orders.add(rng.shuffle(['a', 'b', 'c']).join(''));
    expect(orders.size).toBe(6);
  });

  it('fork gives a reproducible stream different from the parent', () => {
    const parent = createRng(5);
    const child = parent.fork();
    const again = createRng(5).fork();
    const c = [child.next(), child.next()];
    expect([again.next(), again.next()]).toEqual(c);
    expect([parent.next(), parent.next()]).not.toEqual(c);
  });

  it('rejects a non-finite seed', () => {
    expect(() => createRng(Infinity)).toThrow(RangeError);
  });
});
