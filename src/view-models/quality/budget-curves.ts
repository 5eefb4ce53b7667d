/**
 * The pieces both views of training share: where each budget ends on the token axis, a run's final
 * validation loss at each budget it was trained at (with its seed range), which budget's validation curves
 * the charts draw, and a run's curve as points against tokens.
 */
import type { AttentionKind } from '../../spec';
import type { Manifest, ManifestBudgetSection, ManifestRun } from '../../sweep/manifest';
import { sectionOf } from '../../sweep/live-runs';
import { BUDGETS } from '../../sweep/protocol';
import type { Budget, TrainingProtocol } from '../../sweep/protocol';
import { tokensAt } from './scale';

export interface BudgetMark {
  readonly budget: Budget;
  /** tokens seen by the end of the budget */
  readonly tokens: number;
  readonly steps: number;
}

export interface CurvePoint {
  readonly step: number;
  readonly tokens: number;
  readonly value: number;
}

/** The final validation losses of one configuration trained with several seeds. */
export interface SeedRange {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** how many seeds (the run and its replicas) */
  readonly seeds: number;
}

/** A run's final value at a budget (its own training run under that budget's protocol). */
export interface BudgetFinal {
  readonly budget: Budget;
  readonly tokens: number;
  readonly value: number;
  /** the run's final with its seed replicas at this budget; null if it was trained with one seed */
  readonly seeds: SeedRange | null;
}

/** One run drawn against tokens: its curve at the curve budget, at the extended one, and its finals. */
export interface CurveSeries {
  readonly id: string;
  readonly label: string;
  readonly kind: AttentionKind;
  /** values at the curve budget's validation steps (curveBudgetOf) */
  readonly points: readonly CurvePoint[];
  /**
   * values at the extended budget's validation steps, drawn beside the long budget's curve; empty if the
   * run was not trained there, or when the charts draw the longest budget's curves (which span it)
   */
  readonly extendedPoints: readonly CurvePoint[];
  /** a value at the end of each budget the run was trained at, in token order */
  readonly finals: readonly BudgetFinal[];
}

export function budgetMarks(manifest: Manifest): BudgetMark[] {
  const marks: BudgetMark[] = [];
  for (const budget of BUDGETS) {
    const section = sectionOf(manifest, budget);
    if (section.runs.length === 0) continue;
    const p = section.protocolOf('corpus');
    marks.push({ budget, steps: p.steps, tokens: tokensAt(p, p.steps) });
  }
  return marks.sort((a, b) => a.tokens - b.tokens);
}

/** The range and mean of the final validation losses of `run` and its replicas; null with one seed. */
export function seedRangeOf(run: ManifestRun, replicas: Manifest['replicas']): SeedRange | null {
  const values = [run.final.valLoss, ...replicas.filter((r) => r.id === run.id).map((r) => r.valLoss)];
  if (values.length < 2) return null;
  return {
    min: Math.min(...values),
    max: Math.max(...values),
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    seeds: values.length,
  };
}

export function finalsOf(manifest: Manifest, id: string): BudgetFinal[] {
  const finals: BudgetFinal[] = [];
  for (const budget of BUDGETS) {
    const section = sectionOf(manifest, budget);
    const run = section.runs.find((r) => r.id === id);
    if (!run) continue;
    const p = section.protocolOf('corpus');
    finals.push({
      budget,
      tokens: tokensAt(p, run.steps),
      value: run.final.valLoss,
      seeds: seedRangeOf(run, section.replicas),
    });
  }
  return finals.sort((a, b) => a.tokens - b.tokens);
}

export function curveOf(run: ManifestRun, protocol: TrainingProtocol): CurvePoint[] {
  return run.curve.valid.map((p) => ({ step: p.step, tokens: tokensAt(protocol, p.step), value: p.loss }));
}

/** The budget whose validation curves the charts draw, with its section. */
export interface CurveBudget {
  readonly budget: 'long' | 'longest';
  readonly section: ManifestBudgetSection;
}

/**
 * The longest budget once it is trained (the long budget's runs four times as long: its curves span every
 * shorter budget), else the long one; null before either.
 */
export function curveBudgetOf(manifest: Manifest): CurveBudget | null {
  if (manifest.longest && manifest.longest.runs.length > 0)
    return { budget: 'longest', section: manifest.longest };
  return manifest.long ? { budget: 'long', section: manifest.long } : null;
}

/**
 * A run's validation curve at the extended budget, drawn beside the long budget's curves; empty if it was
 * not trained there or when the charts draw the longest budget's curves.
 */
export function extendedCurveOf(manifest: Manifest, id: string): CurvePoint[] {
  const ext = manifest.extended;
  const run = ext?.runs.find((r) => r.id === id);
  return ext && run && curveBudgetOf(manifest)?.budget === 'long' ? curveOf(run, ext.protocol) : [];
}
