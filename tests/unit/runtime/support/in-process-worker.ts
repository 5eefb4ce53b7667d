import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkerHandlers, WorkerLike } from '../../../../src/runtime/model-client';
import type { CheckpointStore } from '../../../../workers/checkpoints';
import { WorkerSession } from '../../../../workers/session';
import { tf } from './session-harness';

/**
 * A "worker" that runs the real WorkerSession in this process on tfjs cpu. Messages are cloned and
 * delivered on a later task, as postMessage does; `terminate` stops the session.
 */
export function inProcessWorker(
  checkpoints: CheckpointStore,
): WorkerLike & { session: WorkerSession; dead: boolean } {
  let handlers: WorkerHandlers | undefined;
  const worker = {
    dead: false,
    session: new WorkerSession({
      post: (event) => {
        const copy = structuredClone(event);
        setTimeout(() => {
          if (!worker.dead) handlers?.message(copy);
        }, 0);
      },
      initBackend: async (requested) => {
        await tf.setBackend('cpu');
        return { backend: 'cpu', requested, reason: 'in-process test worker', adapter: null, probes: [] };
      },
      checkpoints,
      fetcher: () => (path) => readFile(join('public', path), 'utf8'),
      crash: () => {
        if (!worker.dead) handlers?.error('debug: the page asked the model worker to crash');
      },
    }),
    post(message: unknown) {
      const copy = structuredClone(message);
      setTimeout(() => {
        if (!worker.dead) worker.session.receive(copy);
      }, 0);
    },
    terminate() {
      worker.dead = true;
      void worker.session.close();
    },
    listen(h: WorkerHandlers) {
      handlers = h;
    },
  };
  return worker;
}
