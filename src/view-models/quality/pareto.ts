/**
 * Pareto frontiers of quality against KV-cache size: a run is on the frontier when no run with a cache
 * at most as large is at least as good and strictly better in one of the two. Pure functions over
 * plain points; the chart draws the frontier as a staircase (the best quality reachable at each cache
 * size).
 */

export interface QualityPoint {
  readonly id: string;
  /** KV-cache bytes per token */
  readonly x: number;
  /** validation loss (lower is better) or recall accuracy (higher is better) */
  readonly y: number;
}

/** Whether lower or higher y is better. */
export type Goal = 'min' | 'max';

const better = (a: number, b: number, goal: Goal) => (goal === 'min' ? a < b : a > b);

/**
 * The frontier points sorted by x ascending (y strictly improving along it). Ties in x keep the better
 * y; exact duplicates keep the first. Non-finite y never enters.
 */
export function paretoFrontier<P extends QualityPoint>(points: readonly P[], goal: Goal): P[] {
  const sorted = points
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
    .slice()
    .sort((a, b) => a.x - b.x || (goal === 'min' ? a.y - b.y : b.y - a.y));
  const out: P[] = [];
  for (const p of sorted) {
    const last = out.at(-1);
    if (!last || better(p.y, last.y, goal)) out.push(p);
  }
  return out;
}

/** The frontier point that is best within a cache budget (the last with x ≤ budget), or null. */
export function bestWithin<P extends QualityPoint>(frontier: readonly P[], budget: number): P | null {
  let best: P | null = null;
  for (const p of frontier) if (p.x <= budget) best = p;
  return best;
}
