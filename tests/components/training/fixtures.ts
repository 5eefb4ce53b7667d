import { DEFAULT_CONFIG } from '../../../src/config';
import type { PlaygroundConfig } from '../../../src/config';
import { modelSpecOf } from '../../../src/config/model-spec';
import { createModelStore, initialRuntimeState } from '../../../src/runtime/runtime-state';
import type { ModelRuntimeState } from '../../../src/runtime/runtime-state';
import type { BackendInfo, LossPoint, ModelInfo } from '../../../src/spec';
import { fakeActions } from '../support/services';

export const CONFIG: PlaygroundConfig = {
  ...DEFAULT_CONFIG,
  kind: 'tpa',
  rankQ: 6,
  rankK: 2,
  rankV: 2,
  modelDModel: 32,
  modelLayers: 2,
  modelHeads: 2,
  modelHeadDim: 8,
  modelContext: 16,
  trainSteps: 40,
  learningRate: 0.003,
};

const SPEC = modelSpecOf(CONFIG);

export const BACKEND: BackendInfo = {
  backend: 'wasm',
  requested: 'auto',
  reason:
    'Auto: the WebGPU adapter is a software fallback (google swiftshader), so it was raced against the others on a short matmul probe: webgpu 150 ms, webgl 40 ms, wasm 3.0 ms. wasm was fastest.',
  adapter: { vendor: 'google', architecture: 'swiftshader', description: '', isFallback: true },
  probes: [
    { backend: 'webgpu', ms: 150, error: null },
    { backend: 'webgl', ms: 40, error: null },
    { backend: 'wasm', ms: 3, error: null },
  ],
};

const MODEL: ModelInfo = {
  key: 'k',
  config: { ...SPEC.shape, vocabSize: 75 },
  parameters: 23584,
  dataset: { kind: 'corpus', trainTokens: 379872, validTokens: 20128, vocabulary: 'abc' },
  step: 0,
};

/** `n` steps: loss 4.5 − 0.05·step, 200 ms and 64 tokens each, validation every 5 steps. */
export function history(n: number): LossPoint[] {
  return Array.from({ length: n }, (_, i) => {
    const step = i + 1;
    return {
      step,
      loss: 4.5 - 0.05 * step,
      valLoss: step % 5 === 0 ? 4.6 - 0.05 * step : null,
      accuracy: null,
      lr: 0.003,
      gradNorm: 1,
      ms: 200,
      tokens: 64,
    };
  });
}

/** The runtime's store with this file's model shape and `state`, and actions that record their calls. */
export function fakeRuntime(state: Partial<ModelRuntimeState> = {}) {
  const store = createModelStore({
    ...initialRuntimeState(),
    shape: SPEC.shape,
    adjustments: SPEC.adjustments,
    ...state,
  });
  const actions = fakeActions();
  return { actions, store, services: { runtime: actions, store } };
}

export const READY: Partial<ModelRuntimeState> = { phase: 'ready', backend: BACKEND, model: MODEL };
