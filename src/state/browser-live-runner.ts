/**
 * The page's one LiveRunner (quality panel: compare mode and "re-run live"), created on first use. Its
 * runs go through the page's ModelRuntime (the same worker as the panels, a model of their own) and are
 * kept in IndexedDB. Creating it reads the stored runs; the worker starts only when a run starts.
 */
import { getModelRuntime } from './browser-runtime';
import { indexedDbLiveRunStore } from '../runtime/live-run-store';
import { LiveRunner } from '../runtime/live-runner';

let runner: LiveRunner | undefined;

export function getBrowserLiveRunner(): LiveRunner {
  runner ??= new LiveRunner({
    runPoint: (plan, onStep) => getModelRuntime().runPoint(plan, onStep),
    records: indexedDbLiveRunStore(),
  });
  return runner;
}
