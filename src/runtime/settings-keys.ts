/**
 * Which parts of the config each kind of request depends on. When a key changes, the requests that
 * depend on it are stale: a new backend or thread count restarts the worker, a new model key rebuilds
 * the model, new training knobs restart a running training, new sampling knobs stop a generation.
 */
import type { PlaygroundConfig } from '../config';
import { datasetSpecOf } from '../config/dataset-spec';
import { modelSpecOf } from '../config/model-spec';
import type { BackendChoice, ThreadChoice } from '../spec';
import { modelKey } from '../spec/model-key';

export interface SettingsKeys {
  backend: BackendChoice;
  threads: ThreadChoice;
  model: string;
  train: string;
  sampling: string;
}

export function settingsKeysOf(config: PlaygroundConfig, customText: string): SettingsKeys {
  const spec = modelSpecOf(config);
  return {
    backend: config.backend,
    threads: config.wasmThreads,
    model: modelKey(spec.shape, config.seed, datasetSpecOf(config, customText)),
    train: `${config.learningRate}|${config.trainBatch}|${config.trainSteps}`,
    sampling: `${config.temperature}|${config.topK}|${config.seed}`,
  };
}
