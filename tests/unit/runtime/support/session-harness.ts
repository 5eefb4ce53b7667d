import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { vi } from 'vitest';
import { memoryCheckpoints } from '../../../../workers/checkpoints';
import type { CommandBody, ProgressData, ResultData, WorkerEvent } from '../../../../workers/protocol';
import { WorkerSession } from '../../../../workers/session';
import type { ModelShape } from '../../../../src/spec';

tf.env().set('PROD', true);

export { tf };

/** A tiny TPA model that trains in milliseconds on the cpu backend. */
export const TINY_SHAPE: ModelShape = {
  dModel: 16,
  layers: 2,
  attention: { kind: 'tpa', heads: 2, headDim: 4, rankQ: 2, rankK: 1, rankV: 2 },
  maxSeqLen: 16,
};

export interface Answer {
  progress: ProgressData[];
  result: ResultData | null;
  error: { code: string; message: string } | null;
}

/** A WorkerSession in Node on tfjs cpu, with the corpus read from public/ and checkpoints in memory. */
export function createHarness(checkpoints = memoryCheckpoints()) {
  const events: WorkerEvent[] = [];
  const listeners = new Set<(e: WorkerEvent) => void>();
  const crash = vi.fn();
  let nextId = 1;
  const session = new WorkerSession({
    post: (e) => {
      events.push(e);
      for (const l of listeners) l(e);
    },
    initBackend: async (requested) => {
      await tf.setBackend('cpu');
      return { backend: 'cpu', requested, reason: 'test', adapter: null, probes: [] };
    },
    checkpoints,
    fetcher: () => (path) => readFile(join('public', path), 'utf8'),
    crash,
  });

  /** Sends a command; `onProgress` sees its progress events as they come. */
  function send(
    body: CommandBody,
    onProgress?: (p: ProgressData, id: number) => void,
  ): Promise<Answer> & { id: number } {
    const id = nextId++;
    const answer: Answer = { progress: [], result: null, error: null };
    const done = new Promise<Answer>((resolve) => {
      const listener = (e: WorkerEvent) => {
        if (e.type === 'fatal' || e.id !== id) return;
        if (e.type === 'progress') {
          answer.progress.push(e.data);
          onProgress?.(e.data, id);
          return;
        }
        if (e.type === 'result') answer.result = e.data;
        else answer.error = { code: e.code, message: e.message };
        listeners.delete(listener);
        resolve(answer);
      };
      listeners.add(listener);
    });
    session.receive({ ...body, id });
    return Object.assign(done, { id });
  }

  async function ready(shape: ModelShape = TINY_SHAPE, seed = 3, key = 'k1') {
    await send({ type: 'init', backend: 'cpu', baseUrl: 'http://test/' });
    return send({ type: 'build', key, shape, seed, dataset: { kind: 'corpus' } });
  }

  return { session, send, ready, events, crash, checkpoints };
}

export const SCHEDULE = { maxLr: 0.01, minLr: 0.001, warmupSteps: 1, totalSteps: 40 };

type Kind<K extends ResultData['kind']> = Extract<ResultData, { kind: K }>;

/** The result narrowed to its kind; throws (failing the test) when it is another kind or missing. */
export function as<K extends ResultData['kind']>(r: ResultData | null, kind: K): Kind<K> {
  if (!r || r.kind !== kind) throw new Error(`expected a ${kind} result, got ${r ? r.kind : 'none'}`);
  return r as Kind<K>;
}

/** The training steps reported in a command's progress events. */
export const steps = (progress: ProgressData[]) =>
  progress.flatMap((p) => (p.kind === 'train-step' ? [p.point] : []));
