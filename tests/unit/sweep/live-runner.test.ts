/**
 * Compare mode's runner (src/runtime/live-runner.ts) with a fake worker, and ModelRuntime.runPoint with
 * the real worker session in-process: runs one after another, progress for the whole sweep, cancel keeps
 * finished runs, results survive a "reload", and the panels' model is left alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/config';
import { LiveRunner } from '../../../src/runtime/live-runner';
import type { LiveState } from '../../../src/runtime/live-runner';
import { memoryLiveRunStore } from '../../../src/runtime/live-run-store';
import { CancelledError } from '../../../src/runtime/model-client';
import { ModelRuntime } from '../../../src/runtime/model-runtime';
import { memoryTextStore } from '../../../src/runtime/text-store';
import { liveJob, rerunJob } from '../../../src/sweep/compare';
import type { LiveJob } from '../../../src/sweep/compare';
import { createModelStore } from '../../../src/runtime/runtime-state';
import { createPlaygroundStore } from '../../../src/state/playground-store';
import { memoryCheckpoints } from '../../../workers/checkpoints';
import { inProcessWorker } from '../runtime/support/in-process-worker';
import { TINY_SHAPE } from '../runtime/support/session-harness';
import { fakeRunPoint } from './fake-run-point';
import { FIXTURE_RESULTS, fixtureManifest } from './fixtures';

const manifest = fixtureManifest(FIXTURE_RESULTS);
const jobs = (ids: string[]): LiveJob[] =>
  ids.map((id) => rerunJob(manifest, 'full', manifest.runs.find((r) => r.id === id)!));

async function until(runner: LiveRunner, check: (s: LiveState) => boolean, ms = 10_000) {
  const start = Date.now();
  while (!check(runner.store.getState())) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
  return runner.store.getState();
}

describe('LiveRunner', () => {
  it('trains the jobs one after another with progress for the whole sweep, and keeps every result', async () => {
    const fake = fakeRunPoint();
    const records = memoryLiveRunStore();
    const runner = new LiveRunner({ runPoint: fake.runPoint, records });
    const ids = ['corpus-mha-h4', 'corpus-mqa-h4', 'corpus-tpa-h4-r4-2-2'];
    const seen: string[] = [];
    const unsubscribe = runner.store.subscribe((s) => {
      const p = s.progress;
      if (p) seen.push(`${p.index}/${p.total}:${p.step}/${p.steps}:${p.stepsDone}/${p.stepsTotal}`);
    });
    expect(runner.start(jobs(ids))).toBe(true);
    expect(runner.start(jobs(ids))).toBe(false); // one sweep at a time
    const s = await until(runner, (st) => st.outcome !== null);
    unsubscribe();
    expect(s.outcome).toEqual({ status: 'done', finished: 3, total: 3, message: null });
    expect(s.progress).toBeNull();
    expect(fake.started).toHaveLength(3);
    expect(Object.keys(s.runs).sort()).toEqual(ids.map((id) => `full:${id}`).sort());
    expect(s.runs['full:corpus-mqa-h4']?.valLoss).toBe(2.1);
    expect(seen).toContain('1/3:4/10:14/30');
    expect(seen.at(-1)).toBe('2/3:10/10:30/30');

    // a reload reads them back
    const again = new LiveRunner({ runPoint: fake.runPoint, records });
    await again.ready;
    expect(again.store.getState().runs).toEqual(s.runs);
  });

  it('cancel stops the run in training and keeps the runs finished before it', async () => {
    const fake = fakeRunPoint();
    const records = memoryLiveRunStore();
    const runner = new LiveRunner({ runPoint: fake.runPoint, records });
    runner.start(jobs(['corpus-mha-h4', 'corpus-mqa-h4', 'corpus-gqa-h4-g2']));
    await until(runner, (st) => st.progress?.index === 1 && st.progress.step >= 2);
    runner.cancel();
    const s = await until(runner, (st) => st.outcome !== null);
    expect(s.outcome).toMatchObject({ status: 'cancelled', finished: 1, total: 3 });
    expect(fake.cancels).toEqual([1]);
    expect(fake.started).toHaveLength(2);
    expect(Object.keys(s.runs)).toEqual(['full:corpus-mha-h4']);
    const reloaded = new LiveRunner({ runPoint: fake.runPoint, records });
    await reloaded.ready;
    expect(Object.keys(reloaded.store.getState().runs)).toEqual(['full:corpus-mha-h4']);
  });

  it('a failing run stops the sweep with its message; a later run replaces an earlier result; forget clears', async () => {
    const fake = fakeRunPoint({ failAt: 1 });
    const records = memoryLiveRunStore();
    const runner = new LiveRunner({ runPoint: fake.runPoint, records });
    runner.start(jobs(['corpus-mha-h4', 'corpus-mqa-h4', 'corpus-gqa-h4-g2']));
    const s = await until(runner, (st) => st.outcome !== null);
    expect(s.outcome).toEqual({
      status: 'failed',
      finished: 1,
      total: 3,
      message: 'the GPU device was lost',
    });
    runner.start(jobs(['corpus-mha-h4']));
    const again = await until(runner, (st) => st.outcome?.status === 'done');
    expect(again.runs['full:corpus-mha-h4']?.valLoss).toBe(2.2); // the fake's third run
    await runner.forget();
    expect(runner.store.getState().runs).toEqual({});
    const reloaded = new LiveRunner({ runPoint: fake.runPoint, records });
    await reloaded.ready;
    expect(reloaded.store.getState().runs).toEqual({});
  });
});

let runtimes: ModelRuntime[] = [];
afterEach(() => {
  for (const r of runtimes) r.dispose();
  runtimes = [];
});

describe('ModelRuntime.runPoint', () => {
  it('starts the worker, trains a run of its own, and leaves the panels’ model and history alone', async () => {
    const playground = createPlaygroundStore({ ...DEFAULT_CONFIG, backend: 'cpu', modelLayers: 1 });
    const store = createModelStore();
    const runtime = new ModelRuntime({
      playground,
      store,
      texts: memoryTextStore(),
      baseUrl: 'http://test/',
      settleMs: 0,
      createWorker: () => inProcessWorker(memoryCheckpoints()),
    });
    runtimes.push(runtime);
    const job = liveJob(manifest, 'quick', {
      id: 'corpus-tpa-h4-r4-2-2',
      task: 'corpus',
      kind: 'tpa',
      label: 'TPA',
      shape: TINY_SHAPE,
    });
    const plan = { ...job.plan, steps: 3, finalEvalBatches: 1, finalEvalBatchSize: 2, batch: 2 };
    const steps: number[] = [];
    expect(store.getState().phase).toBe('idle');
    const r = await runtime.runPoint(plan, (p) => steps.push(p.step)).result;
    expect(steps).toEqual([1, 2, 3]);
    expect(r.history).toHaveLength(3);
    expect(r.backend).toBe('cpu');
    expect(store.getState().history).toEqual([]);
    expect(store.getState().model?.step ?? 0).toBe(0);

    // cancel before it starts training: a cancelled error
    const cancelled = runtime.runPoint(plan);
    cancelled.cancel();
    await expect(cancelled.result).rejects.toBeInstanceOf(CancelledError);
  });
});
