/** Linear warm-up then cosine decay to a floor, as the T6 training script. */
import type { LrSchedule } from '../spec';

/** Learning rate at step `step` (0-based): maxLr·(step+1)/warmup, then cosine from maxLr to minLr. */
export function learningRateAt(step: number, s: LrSchedule): number {
  if (step < s.warmupSteps) return (s.maxLr * (step + 1)) / s.warmupSteps;
  if (step >= s.totalSteps) return s.minLr;
  const progress = (step - s.warmupSteps) / Math.max(1, s.totalSteps - s.warmupSteps);
  return s.minLr + 0.5 * (s.maxLr - s.minLr) * (1 + Math.cos(Math.PI * progress));
}
