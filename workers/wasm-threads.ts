/**
 * tfjs's wasm backend with threads: making the threaded build work in our minified bundle, restarting
 * the backend with another thread count, and the short probe that decides how many threads to use.
 * Threads need a cross-origin-isolated page (SharedArrayBuffer): `npm run dev` and `npm run preview`
 * send the two headers for it (vite.config.ts; docs/backends.md#wasm-threads).
 */
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { BackendWasm, init } from '@tensorflow/tfjs-backend-wasm/dist/backend_wasm';
import * as threadedGlue from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import threadedGlueSource from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';
import { createT6Model, DEFAULT_MODEL_CONFIG, tokenBatch, Trainer } from '../src/model';
import type { ThreadChoice, ThreadProbe, WasmThreads } from '../src/spec';
import { pickThreads, threadsReason } from './backend-choice';

/**
 * tfjs starts its pthread workers from a Blob holding `factory.toString()` of the emscripten glue. In a
 * minified bundle that text refers to names of the surrounding bundle that the Blob does not have (the
 * workers die with "e is not defined"). The glue module's own, unminified source (imported as text) is
 * self-contained, so its factory's toString returns an expression that evaluates that source.
 */
const factory = ((threadedGlue as { default?: unknown }).default ?? threadedGlue) as { toString(): string };
factory.toString = () => `(function () {\n${threadedGlueSource}\nreturn WasmBackendModuleThreadedSimd;\n})()`;

/** Whether this worker may run the threaded build (cross-origin isolated: SharedArrayBuffer exists). */
function threadsAvailable(): boolean {
  const scope = self as unknown as { crossOriginIsolated?: boolean };
  return scope.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';
}

/**
 * tfjs caps its thread pool at half of navigator.hardwareConcurrency (it assumes two hardware threads
 * per core), so on a 2-core machine it would never run 2 threads. While the backend starts, the worker's
 * navigator reports twice the wanted count.
 */
async function withReportedCores<T>(threads: number, start: () => Promise<T>): Promise<T> {
  const nav = self.navigator as Navigator & { hardwareConcurrency: number };
  Object.defineProperty(nav, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  try {
    return await start();
  } finally {
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/**
 * (Re)starts the wasm backend with `threads` threads (1: the single-threaded SIMD build) and makes it the
 * active backend; returns the thread count tfjs reports. No tensor may live on the old wasm backend.
 */
async function restartWasm(threads: number): Promise<number> {
  const threaded = threads > 1;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threaded);
  setThreadsCount(threaded ? threads : -1);
  if (tf.findBackendFactory('wasm')) tf.removeBackend('wasm');
  tf.registerBackend('wasm', async () => new BackendWasm((await init()).wasm), 2);
  const start = async () => {
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
    await tf.ready();
  };
  await (threaded ? withReportedCores(threads, start) : start());
  return threaded ? getThreadsCount() : 1;
}

const PROBE_BATCH = 8;
const PROBE_STEPS = 3;

/**
 * Median ms of a few training steps of the playground's default model (batch 8), after one warm-up
 * step, on the active backend: the kernel mix of real training, not just matmuls.
 */
async function probeSteps(): Promise<number> {
  const config = DEFAULT_MODEL_CONFIG;
  const rows = Array.from({ length: PROBE_BATCH }, (_, i) =>
    Array.from({ length: config.maxSeqLen + 1 }, (_, j) => (i * 31 + j * 7) % config.vocabSize),
  );
  const batch = tokenBatch(rows);
  const model = createT6Model(config, 1);
  const trainer = new Trainer(model);
  try {
    const times: number[] = [];
    for (let i = 0; i <= PROBE_STEPS; i++) {
      const r = await trainer.stepAsync(batch, 1e-3);
      if (i > 0) times.push(r.ms);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function probeWith(threads: number): Promise<ThreadProbe> {
  try {
    const count = await restartWasm(threads);
    if (count !== threads) return { threads, ms: null, error: `tfjs started ${count} threads` };
    return { threads, ms: await probeSteps(), error: null };
  } catch (e) {
    return { threads, ms: null, error: errorText(e) };
  }
}

/** The threads a machine with `cores` logical cores is offered in auto mode (at most 4). */
function autoThreadCount(cores: number): number {
  return Math.max(1, Math.min(4, Math.floor(cores)));
}

/**
 * Settles the wasm backend's thread count for `requested`, restarting the (already running,
 * single-threaded) wasm backend when more threads are wanted. Auto probes 1 thread against all cores and
 * keeps threads only where they are clearly faster (see pickThreads).
 */
export async function chooseWasmThreads(
  requested: ThreadChoice,
  status: (message: string) => void,
): Promise<WasmThreads> {
  const available = threadsAvailable();
  const cores = self.navigator.hardwareConcurrency || 1;
  const wanted = requested === 'auto' ? autoThreadCount(cores) : Number(requested);
  const settled = (count: number, probes: ThreadProbe[]): WasmThreads => ({
    count,
    requested,
    reason: threadsReason({ requested, available, cores, wanted, probes, count }),
    probes,
  });
  // the single-threaded build already runs (WASM_HAS_MULTITHREAD_SUPPORT stays off until here)
  if (!available || wanted === 1) return settled(1, []);
  if (requested !== 'auto') {
    status(`starting wasm with ${wanted} threads…`);
    return settled(await restartWasm(wanted), []);
  }
  status('probing wasm threads…');
  const probes = [await probeWith(1), await probeWith(wanted)];
  const count = pickThreads(probes);
  // the last probe left `wanted` threads running; go back when one thread won
  if (count !== wanted) await restartWasm(count);
  return settled(count, probes);
}
