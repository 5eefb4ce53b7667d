/**
 * The page's model services, created together on first use by a model panel (so neither the worker nor
 * its tfjs bundle loads with the first screen): the model runtime and its store, the factor probe on the
 * same worker, and the live runner whose sweep runs go through the same runtime (a model of their own)
 * and are kept in IndexedDB. Creating them reads the pasted text and the stored runs; the worker starts
 * only when a panel asks for it.
 *
 * Also exposes a small hook for the end-to-end tests and benchmarks: `window.__t6.crashWorker()` and
 * `window.__t6.state()`.
 */
import { playgroundStore } from './playground-store';
import type { ModelServices } from './model-context';
import { createModelStore } from '../runtime/runtime-state';
import type { ModelRuntimeState } from '../runtime/runtime-state';
import { adaptWorker } from '../runtime/model-client';
import { ModelRuntime } from '../runtime/model-runtime';
import { FactorProbe } from '../runtime/factor-probe';
import { indexedDbLiveRunStore } from '../runtime/live-run-store';
import { LiveRunner } from '../runtime/live-runner';
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

let services: ModelServices | undefined;

export function getPageModelServices(): ModelServices {
  if (services) return services;
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
  services = {
    runtime,
    store,
    probe: new FactorProbe({ client: runtime.client, models: store }),
    liveRunner: new LiveRunner({
      runPoint: (plan, onStep) => runtime.runPoint(plan, onStep),
      records: indexedDbLiveRunStore(),
    }),
  };
  return services;
}
