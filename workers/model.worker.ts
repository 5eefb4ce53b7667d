/**
 * The model worker: tfjs with all four backends, the T6 model and its training and generation. The
 * page talks to it only through the messages of ./protocol.ts (see src/runtime/model-client.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { initBackend, watchDeviceLoss } from './backend';
import { indexedDbCheckpoints } from './checkpoints';
import { WorkerSession } from './session';
import { cachedFetcher } from '../src/training/training-data';
import type { WorkerEvent } from './protocol';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
// single-threaded until the backend is chosen: wasm-threads.ts then settles the thread count
// (threads need a cross-origin-isolated page; docs/backends.md#wasm-threads)
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
tf.env().set('PROD', true);

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (event: WorkerEvent, transfer?: Transferable[]) => scope.postMessage(event, transfer ?? []);

const session = new WorkerSession({
  post,
  initBackend,
  watchDeviceLoss,
  checkpoints: indexedDbCheckpoints(),
  fetcher: (baseUrl) =>
    cachedFetcher(async (path) => {
      const res = await fetch(new URL(path, baseUrl));
      if (!res.ok) throw new Error(`could not load ${path} (HTTP ${res.status})`);
      return res.text();
    }),
  crash: () => {
    throw new Error('debug: the page asked the model worker to crash');
  },
});

scope.onmessage = (e: MessageEvent<unknown>) => session.receive(e.data);
// a promise nobody handled is a bug in the worker: report it as fatal so the page restarts it
scope.onunhandledrejection = (e: PromiseRejectionEvent) => {
  const reason: unknown = e.reason;
  post({
    type: 'fatal',
    reason: 'internal',
    message: reason instanceof Error ? reason.message : String(reason),
  });
};
