import type { LossPoint } from '../../spec';

/** How many recent steps the speed figures average over. */
const RECENT_STEPS = 10;

export interface TrainingStats {
  /** steps taken */
  step: number;
  /** the step the current run trains to */
  untilStep: number;
  /** step / untilStep, in [0, 1] */
  fraction: number;
  /** tokens predicted per second of step time, over the recent steps (null before the first step) */
  tokensPerSec: number | null;
  /** median step time over the recent steps, ms */
  stepMs: number | null;
  /** time left at that pace, ms (null when unknown; 0 when done) */
  etaMs: number | null;
  loss: number | null;
  /** the latest validation loss, and the step it was measured at */
  valLoss: number | null;
  valStep: number | null;
  accuracy: number | null;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Progress, speed and ETA of training from its loss history. */
export function trainingStats(history: readonly LossPoint[], untilStep: number): TrainingStats {
  const last = history.at(-1);
  const step = last?.step ?? 0;
  const recent = history.slice(-RECENT_STEPS);
  const ms = recent.reduce((s, p) => s + p.ms, 0);
  const tokens = recent.reduce((s, p) => s + p.tokens, 0);
  const stepMs = recent.length > 0 ? median(recent.map((p) => p.ms)) : null;
  const lastVal = [...history].reverse().find((p) => p.valLoss !== null);
  const remaining = Math.max(0, untilStep - step);
  return {
    step,
    untilStep,
    fraction: untilStep > 0 ? Math.min(1, step / untilStep) : 0,
    tokensPerSec: ms > 0 ? (tokens / ms) * 1000 : null,
    stepMs,
    etaMs: remaining === 0 ? 0 : stepMs === null ? null : remaining * stepMs,
    loss: last?.loss ?? null,
    valLoss: lastVal?.valLoss ?? null,
    valStep: lastVal?.step ?? null,
    accuracy: lastVal?.accuracy ?? null,
  };
}
