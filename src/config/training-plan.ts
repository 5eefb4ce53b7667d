import type { SamplingPlan, TrainPlan, LrSchedule } from '../spec';
import type { PlaygroundConfig } from './';

/**
 * Warm-up + cosine schedule over the configured steps: peak = the learning-rate knob, floor = a tenth
 * of it, warm-up 5% of the steps (at least 1, at most 100).
 */
export function scheduleOf(config: PlaygroundConfig): LrSchedule {
  const steps = config.trainSteps;
  return {
    maxLr: config.learningRate,
    minLr: config.learningRate / 10,
    warmupSteps: Math.min(100, Math.max(1, Math.round(steps * 0.05))),
    totalSteps: steps,
  };
}

/** Train until `untilStep` (default: the configured number of steps). */
export function trainPlanOf(config: PlaygroundConfig, untilStep: number = config.trainSteps): TrainPlan {
  return { untilStep, batch: config.trainBatch, schedule: scheduleOf(config) };
}

export function samplingPlanOf(config: PlaygroundConfig): SamplingPlan {
  return { temperature: config.temperature, topK: config.topK, seed: config.seed };
}
