import { describe, expect, it, vi } from 'vitest';
import {
  CancelledError,
  ModelClient,
  WorkerCrashError,
  WorkerRequestError,
} from '../../../src/runtime/model-client';
import type { ProgressData } from '../../../workers/protocol';
import { FakeWorker } from './support/fake-worker';

function setup() {
  const workers: FakeWorker[] = [];
  const onCrash = vi.fn();
  const client = new ModelClient({
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    onCrash,
  });
  return { client, workers, onCrash, worker: () => workers.at(-1)! };
}

const ready = {
  kind: 'ready',
  backend: { backend: 'wasm', requested: 'auto', reason: 'r', adapter: null, probes: [] },
  storage: true,
} as const;

describe('ModelClient', () => {
  it('starts the worker only on the first request and numbers requests', () => {
    const { client, workers } = setup();
    expect(client.started).toBe(false);
    const a = client.request({ type: 'evaluate', maxBatches: 1 });
    const b = client.request({ type: 'evaluate', maxBatches: 2 });
    expect(workers).toHaveLength(1);
    expect(workers[0]!.sent).toEqual([
      { type: 'evaluate', maxBatches: 1, id: a.id },
      { type: 'evaluate', maxBatches: 2, id: b.id },
    ]);
    expect(b.id).toBe(a.id + 1);
    a.result.catch(() => undefined);
    b.result.catch(() => undefined);
  });

  it('routes progress to its request and resolves with the result', async () => {
    const { client, worker } = setup();
    const seen: ProgressData[] = [];
    const req = client.request({ type: 'init', backend: 'auto', baseUrl: '/' }, (p) => seen.push(p));
    worker().emit({ type: 'progress', id: req.id, data: { kind: 'status', message: 'probing webgl…' } });
    worker().emit({ type: 'progress', id: req.id + 50, data: { kind: 'status', message: 'not mine' } });
    worker().emit({ type: 'result', id: req.id, data: ready });
    await expect(req.result).resolves.toEqual(ready);
    expect(seen).toEqual([{ kind: 'status', message: 'probing webgl…' }]);
    expect(client.pendingCount).toBe(0);
  });

  it('rejects with the worker error code, and a result of the wrong kind', async () => {
    const { client, worker } = setup();
    const a = client.request({
      type: 'build',
      key: 'k',
      seed: 1,
      dataset: { kind: 'corpus' },
      shape: { dModel: 8, layers: 1, maxSeqLen: 8, attention: { kind: 'mha', heads: 1, headDim: 4 } },
    });
    worker().emit({ type: 'error', id: a.id, code: 'text-too-short', message: 'too short' });
    await expect(a.result).rejects.toEqual(new WorkerRequestError('text-too-short', 'too short'));
    const b = client.request({ type: 'evaluate', maxBatches: 1 });
    worker().emit({ type: 'result', id: b.id, data: ready });
    await expect(b.result).rejects.toThrow('evaluate ended with a ready result');
  });

  it('cancel rejects at once, tells the worker, and ignores late events', async () => {
    const { client, worker } = setup();
    const seen: ProgressData[] = [];
    const req = client.request(
      { type: 'generate', prompt: 'a', maxTokens: 5, temperature: 1, topK: 0, seed: 1 },
      (p) => seen.push(p),
    );
    req.cancel();
    await expect(req.result).rejects.toBeInstanceOf(CancelledError);
    expect(worker().lastOf('cancel')).toMatchObject({ type: 'cancel', target: req.id });
    worker().emit({ type: 'progress', id: req.id, data: { kind: 'status', message: 'late' } });
    expect(seen).toEqual([]);
  });

  it('cancelAll cancels only the given types', async () => {
    const { client } = setup();
    const t = client.request({
      type: 'train',
      untilStep: 5,
      batch: 1,
      seed: 1,
      schedule: { maxLr: 1, minLr: 1, warmupSteps: 1, totalSteps: 5 },
    });
    const e = client.request({ type: 'evaluate', maxBatches: 1 });
    e.result.catch(() => undefined);
    client.cancelAll(['train']);
    await expect(t.result).rejects.toBeInstanceOf(CancelledError);
    expect(client.pendingCount).toBe(2); // evaluate + the cancel command itself
  });

  it('a worker error is a crash: pending requests fail, the worker is terminated, the next request starts a new one', async () => {
    const { client, workers, onCrash, worker } = setup();
    const req = client.request({ type: 'evaluate', maxBatches: 1 });
    worker().crash('out of memory');
    await expect(req.result).rejects.toBeInstanceOf(WorkerCrashError);
    expect(onCrash).toHaveBeenCalledWith({ reason: 'uncaught-error', message: 'out of memory' });
    expect(workers[0]!.terminated).toBe(true);
    expect(client.started).toBe(false);
    const again = client.request({ type: 'evaluate', maxBatches: 1 });
    again.result.catch(() => undefined);
    expect(workers).toHaveLength(2);
    // events from the dead worker are ignored
    workers[0]!.emit({
      type: 'result',
      id: again.id,
      data: { kind: 'evaluated', step: 0, valLoss: 1, accuracy: null },
    });
    expect(client.pendingCount).toBe(1);
  });

  it('a fatal event (lost GPU device) and a malformed message are crashes too', () => {
    const { client, onCrash, worker } = setup();
    client.request({ type: 'evaluate', maxBatches: 1 }).result.catch(() => undefined);
    worker().emit({ type: 'fatal', reason: 'device-lost', message: 'GPU gone' });
    expect(onCrash).toHaveBeenLastCalledWith({ reason: 'device-lost', message: 'GPU gone' });
    client.request({ type: 'evaluate', maxBatches: 1 }).result.catch(() => undefined);
    worker().emit({ type: 'result', id: 'x' });
    expect(onCrash).toHaveBeenLastCalledWith(expect.objectContaining({ reason: 'protocol' }));
  });

  it('restart() replaces the worker without reporting a crash', async () => {
    const { client, workers, onCrash } = setup();
    const req = client.request({ type: 'evaluate', maxBatches: 1 });
    client.restart();
    await expect(req.result).rejects.toBeInstanceOf(WorkerCrashError);
    expect(workers[0]!.terminated).toBe(true);
    expect(onCrash).not.toHaveBeenCalled();
  });
});
