import type { ModelRuntimeState, ModelStore } from './runtime-state';

/** Phases in which the worker has answered `init` (building comes after it). */
const STARTED = new Set<ModelRuntimeState['phase']>(['building', 'ready', 'training', 'paused']);

/**
 * Resolves once the runtime's worker has started its backend (so a command sent now follows `init`);
 * rejects if the runtime gives up on the worker.
 */
export function whenWorkerStarted(store: ModelStore): Promise<void> {
  return new Promise((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    let settled = false;
    const check = (s: ModelRuntimeState) => {
      if (settled) return;
      if (s.phase === 'failed') {
        settled = true;
        reject(new Error('the model worker could not start'));
      } else if (s.backend !== null && STARTED.has(s.phase)) {
        settled = true;
        resolve();
      }
      if (settled) unsubscribe?.();
    };
    check(store.getState());
    if (!settled) unsubscribe = store.subscribe(check);
  });
}
