import type { LossPoint } from '../spec';

/** A problem with training the panel explains, with one suggested fix. */
export interface TrainingAlert {
  kind: 'nan' | 'diverging';
  message: string;
  /** the learning rate to try instead */
  suggestedLr: number;
}

/** Suggest a third of the current learning rate (not below the knob's minimum). */
export function lowerLearningRate(lr: number, min = 1e-5): number {
  return Math.max(min, Number((lr / 3).toPrecision(2)));
}

/** The steps the "rising loss" check looks at. */
const DIVERGENCE_WINDOW = 5;

/**
 * Training diverges when, after the first 10 steps, the last five losses all sit clearly above the best
 * loss so far (by more than 0.5 nats and 30%): the learning rate is too high for this model.
 */
export function divergenceAlert(history: readonly LossPoint[], lr: number): TrainingAlert | null {
  if (history.length < 10 + DIVERGENCE_WINDOW) return null;
  const recent = history.slice(-DIVERGENCE_WINDOW);
  const best = Math.min(...history.slice(0, -DIVERGENCE_WINDOW).map((p) => p.loss));
  const floor = Math.max(best + 0.5, best * 1.3);
  if (!recent.every((p) => p.loss > floor)) return null;
  const low = Math.min(...recent.map((p) => p.loss));
  return {
    kind: 'diverging',
    message: `The loss is rising: the last ${DIVERGENCE_WINDOW} steps are all above ${low.toFixed(2)}, while it had reached ${best.toFixed(2)}. The learning rate (${lr}) is probably too high for this model.`,
    suggestedLr: lowerLearningRate(lr),
  };
}

/** The alert for a loss that became NaN (training stopped; the weights went back to `restoredStep`). */
export function nanAlert(restoredStep: number, lr: number): TrainingAlert {
  const back =
    restoredStep > 0
      ? `the model went back to step ${restoredStep}, its last good state`
      : 'the model went back to its initial weights (no good state was kept yet)';
  return {
    kind: 'nan',
    message: `The loss became NaN (not a number), so training stopped and ${back}. This usually means the learning rate (${lr}) is too high.`,
    suggestedLr: lowerLearningRate(lr),
  };
}
