/**
 * When a training curve counts as flat: over the last FLAT_FRACTION of the run's steps, validation loss
 * improved by less than FLAT_TOLERANCE of its value. The long budget (src/sweep/protocol.ts) is chosen so
 * that every run in it meets this; the quality panel states it and shows each run's figure.
 *
 * A flat curve is flat in one of two ways: it levelled off (it ends near its lowest point), or it is past
 * its best (it ends more than FLAT_TOLERANCE above its lowest point: validation rose while training went
 * on, the run has begun to learn its training text by heart). The second also meets the criterion, so
 * every curve carries its lowest point, the fair "trained until it stops improving" figure to compare.
 * docs/quality-budgets.md explains both, and the passes over the training text behind the second.
 */

/** The last fifth of the steps... */
export const FLAT_FRACTION = 0.2;
/** ...improve validation loss by less than 1%. */
export const FLAT_TOLERANCE = 0.01;

export interface ValidationPoint {
  readonly step: number;
  readonly loss: number;
}

/** How a curve ends: still improving (not flat), levelled off, or past its best (both flat). */
export type CurveState = 'improving' | 'levelled' | 'past-best';

export interface Flatness {
  /** the validation point that opens the window: the last one at or before (1 − FLAT_FRACTION) of the steps */
  readonly from: ValidationPoint;
  /** the curve's last validation point */
  readonly to: ValidationPoint;
  /** (from.loss − to.loss) / from.loss: the relative improvement over the window (negative: it got worse) */
  readonly improvement: number;
  readonly flat: boolean;
  /** the curve's lowest point (the earliest of equal ones) */
  readonly lowest: ValidationPoint;
  /** (to.loss − lowest.loss) / lowest.loss: how far the curve ends above its lowest point */
  readonly rise: number;
  readonly state: CurveState;
}

/** The lowest point of a validation curve (the earliest of equal ones); null for an empty curve. */
export function lowestPoint(valid: readonly ValidationPoint[]): ValidationPoint | null {
  let lowest: ValidationPoint | null = null;
  for (const p of valid) if (!lowest || p.loss < lowest.loss) lowest = p;
  return lowest;
}

/** The flatness of a validation curve of a run of `steps` steps; null if the curve has no point to open the window. */
export function curveFlatness(valid: readonly ValidationPoint[], steps: number): Flatness | null {
  const cut = (1 - FLAT_FRACTION) * steps;
  const to = valid.at(-1);
  let from: ValidationPoint | undefined;
  for (const p of valid) if (p.step <= cut) from = p;
  if (!from || !to || to.step <= from.step) return null;
  const improvement = (from.loss - to.loss) / from.loss;
  const flat = improvement < FLAT_TOLERANCE;
  // the curve has points, so it has a lowest one
  const lowest = lowestPoint(valid) ?? to;
  const rise = (to.loss - lowest.loss) / lowest.loss;
  const state: CurveState = !flat ? 'improving' : rise > FLAT_TOLERANCE ? 'past-best' : 'levelled';
  return { from, to, improvement, flat, lowest, rise, state };
}

/** A run's flatness figure at one budget: its steps and its relative improvement over the last fifth. */
export interface BudgetImprovement {
  readonly steps: number;
  readonly improvement: number;
}

/**
 * The steps at which a run would meet the criterion if its last-fifth improvement keeps falling with the
 * budget as it fell between two budgets, as a power of the steps: improvement(T) = i_b·(T / T_b)^−β with β
 * from the two measurements. The budget itself when the longer one already meets it; null when the
 * improvement did not fall between them (no trend to follow) or a figure is not positive.
 */
export function stepsToFlat(shorter: BudgetImprovement, longer: BudgetImprovement): number | null {
  if (longer.steps <= shorter.steps || shorter.improvement <= 0 || longer.improvement <= 0) return null;
  if (longer.improvement < FLAT_TOLERANCE) return longer.steps;
  if (longer.improvement >= shorter.improvement) return null;
  const beta = Math.log(shorter.improvement / longer.improvement) / Math.log(longer.steps / shorter.steps);
  return longer.steps * (longer.improvement / FLAT_TOLERANCE) ** (1 / beta);
}
