/**
 * Where a result of the sweep holds, in words: the model size its runs share and the training budget
 * they had ("d = 128, 2 layers", "307K tokens per run (full budget: 300 steps × 16 windows of 64
 * characters)"). Every sentence of the quality panel that interprets the sweep says both, from these.
 */
import type { ModelShape } from '../../spec';
import { sectionOf } from '../../sweep/live-runs';
import type { Manifest } from '../../sweep/manifest';
import type { Budget, SweepTask, TrainingProtocol } from '../../sweep/protocol';
import { formatInteger, formatTokensCompact } from '../format';

/** Tokens a run has predicted after `step` steps of its protocol. */
export const tokensAt = (p: Pick<TrainingProtocol, 'batch' | 'contextLength'>, step: number) =>
  step * p.batch * p.contextLength;

/** Tokens one run of a protocol trains on. */
export const runTokens = (p: TrainingProtocol) => tokensAt(p, p.steps);

const range = (values: readonly number[]) => {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? formatInteger(lo) : `${formatInteger(lo)}–${formatInteger(hi)}`;
};

/** "d = 128, 2 layers": the width and depth of a set of runs (a range where they differ); '' for none. */
export function scaleText(
  runs: readonly { readonly config: Pick<ModelShape, 'dModel' | 'layers'> }[],
): string {
  if (runs.length === 0) return '';
  const layers = runs.map((r) => r.config.layers);
  const one = Math.min(...layers) === 1 && Math.max(...layers) === 1;
  return `d = ${range(runs.map((r) => r.config.dModel))}, ${range(layers)} layer${one ? '' : 's'}`;
}

export const BUDGET_NAMES: Readonly<Record<Budget, string>> = {
  quick: 'quick budget',
  full: 'full budget',
  long: 'long budget',
  extended: 'extended budget',
  longest: 'longest budget',
};

const UNITS: Readonly<Record<SweepTask, string>> = {
  corpus: 'windows of {T} characters',
  recall: 'sequences of {T} tokens',
};

/** "300 steps × 16 windows of 64 characters": what one step trains on, and how many steps. */
export function stepsText(p: TrainingProtocol, task: SweepTask): string {
  return `${formatInteger(p.steps)} steps × ${p.batch} ${UNITS[task].replace('{T}', String(p.contextLength))}`;
}

/** "307K tokens per run (full budget: 300 steps × 16 windows of 64 characters)". */
export function budgetScope(manifest: Manifest, budget: Budget, task: SweepTask = 'corpus'): string {
  const p = sectionOf(manifest, budget).protocolOf(task);
  return `${formatTokensCompact(runTokens(p))} tokens per run (${BUDGET_NAMES[budget]}: ${stepsText(p, task)})`;
}
