/**
 * The page's one model runtime, created on first use by a model panel (so neither the worker nor its
 * tfjs bundle loads with the first screen). Also exposes a small hook for the end-to-end tests and
 * benchmarks: `window.__t6.crashWorker()` and `window.__t6.state()`.
 */
import { playgroundStore } from './playground-store';
import { createModelStore } from '../runtime/runtime-state';
import type { ModelRuntimeState, ModelStore } from '../runtime/runtime-state';
import { adaptWorker } from '../runtime/model-client';
import type { ModelClient } from '../runtime/model-client';
import { ModelRuntime } from '../runtime/model-runtime';
import type { RuntimeActions } from '../runtime/model-runtime';
import { indexedDbTextStore } from '../runtime/text-store';

export interface T6TestHook {
  crashWorker(): void;
  state(): ModelRuntimeState;
}

declare global {
  interface Window {
    __t6?: T6TestHook;
  }
}

export interface BrowserRuntime {
  runtime: RuntimeActions;
  store: ModelStore;
}

let instance: BrowserRuntime | undefined;
let client: ModelClient | undefined;
let modelRuntime: ModelRuntime | undefined;

export function getBrowserRuntime(): BrowserRuntime {
  if (instance) return instance;
  const store = createModelStore();
  const runtime = new ModelRuntime({
    playground: playgroundStore,
    store,
    createWorker: () =>
      adaptWorker(new Worker(new URL('../../workers/model.worker.ts', import.meta.url), { type: 'module' })),
    texts: indexedDbTextStore(),
    baseUrl: new URL(import.meta.env.BASE_URL, window.location.href).href,
  });
  window.__t6 = { crashWorker: () => runtime.crashWorker(), state: () => store.getState() };
  instance = { runtime, store };
  client = runtime.client;
  modelRuntime = runtime;
  return instance;
}

/** The page runtime's worker client, for panels that send their own commands (src/runtime/factor-probe.ts). */
export function getModelClient(): ModelClient {
  getBrowserRuntime();
  if (!client) throw new Error('the model runtime has no client');
  return client;
}

/** The page's ModelRuntime itself, for what the panels' RuntimeActions do not cover (sweep runs). */
export function getModelRuntime(): ModelRuntime {
  getBrowserRuntime();
  if (!modelRuntime) throw new Error('the model runtime was not created');
  return modelRuntime;
}
