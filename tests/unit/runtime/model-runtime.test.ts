import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/config';
import type { PlaygroundConfig } from '../../../src/config';
import { createPlaygroundStore } from '../../../src/state/playground-store';
import { createModelStore } from '../../../src/runtime/runtime-state';
import type { ModelRuntimeState } from '../../../src/runtime/runtime-state';
import { ModelRuntime } from '../../../src/runtime/model-runtime';
import { memoryTextStore } from '../../../src/runtime/text-store';
import { kvCacheElementsPerToken } from '../../../src/memory';
import { memoryCheckpoints } from '../../../workers/checkpoints';
import { inProcessWorker } from './support/in-process-worker';

const TINY: Partial<PlaygroundConfig> = {
  backend: 'cpu',
  modelDModel: 16,
  modelLayers: 1,
  modelHeads: 2,
  modelHeadDim: 4,
  modelContext: 16,
  trainBatch: 2,
  trainSteps: 4,
  learningRate: 0.01,
  kind: 'tpa',
  rankQ: 6,
  rankK: 1,
  rankV: 1,
};

let runtimes: ModelRuntime[] = [];
afterEach(() => {
  for (const r of runtimes) r.dispose();
  runtimes = [];
});

function setup(
  patch: Partial<PlaygroundConfig> = {},
  checkpoints = memoryCheckpoints(),
  texts = memoryTextStore(),
) {
  const playground = createPlaygroundStore({ ...DEFAULT_CONFIG, ...TINY, ...patch });
  const store = createModelStore();
  const workers: ReturnType<typeof inProcessWorker>[] = [];
  const runtime = new ModelRuntime({
    playground,
    store,
    texts,
    baseUrl: 'http://test/',
    settleMs: 0,
    createWorker: () => {
      const w = inProcessWorker(checkpoints);
      workers.push(w);
      return w;
    },
  });
  runtimes.push(runtime);
  return { playground, store, runtime, workers, checkpoints, texts };
}

async function until(
  store: { getState(): ModelRuntimeState },
  check: (s: ModelRuntimeState) => boolean,
  ms = 20_000,
) {
  const start = Date.now();
  while (!check(store.getState())) {
    if (Date.now() - start > ms)
      throw new Error(
        `timed out; state: ${JSON.stringify({ ...store.getState(), history: store.getState().history.length })}`,
      );
    await new Promise((r) => setTimeout(r, 5));
  }
  return store.getState();
}

const lastStep = (s: ModelRuntimeState) => s.history.at(-1)?.step ?? 0;

describe('ModelRuntime (with the real worker session in-process)', () => {
  it('shows the fitted shape before the worker starts, and starts it only on start()', async () => {
    const { store, runtime, workers } = setup();
    expect(store.getState().phase).toBe('idle');
    expect(store.getState().adjustments.map((a) => [a.key, a.to])).toEqual([['rankQ', 2]]);
    expect(workers).toHaveLength(0);
    runtime.start();
    const s = await until(store, (st) => st.phase === 'ready' && st.model !== null);
    expect(workers).toHaveLength(1);
    expect(s.backend?.backend).toBe('cpu');
    expect(s.model?.config.attention).toEqual({
      kind: 'tpa',
      heads: 2,
      headDim: 4,
      rankQ: 2,
      rankK: 1,
      rankV: 1,
    });
  });

  it('trains to the configured steps with live history, then a single step, and checkpoints', async () => {
    const { store, runtime, checkpoints } = setup();
    runtime.start();
    await until(store, (s) => s.phase === 'ready' && s.model !== null);
    runtime.train();
    expect(store.getState().phase).toBe('training');
    const s = await until(store, (st) => st.phase === 'ready' && lastStep(st) === 4);
    expect(s.history.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    expect(s.lastCheckpoint?.step).toBe(4);
    runtime.step();
    await until(store, (st) => st.phase === 'ready' && lastStep(st) === 5);
    expect([...checkpoints.records.values()][0]?.step).toBe(5);
  });

  it('a settings change cancels training, rebuilds, and going back restores the trained model', async () => {
    const { store, runtime, playground } = setup({ trainSteps: 400 });
    runtime.start();
    await until(store, (s) => s.phase === 'ready' && s.model !== null);
    runtime.train();
    await until(store, (s) => lastStep(s) >= 2);
    playground.getState().update({ seed: 99 });
    const other = await until(
      store,
      (s) => s.phase === 'ready' && s.model !== null && s.history.length === 0,
    );
    expect(other.model?.key).toMatch(/seed=99/);
    playground.getState().update({ seed: DEFAULT_CONFIG.seed });
    const back = await until(store, (s) => s.phase === 'ready' && s.history.length > 0);
    expect(lastStep(back)).toBeGreaterThanOrEqual(2);
    expect(back.model?.step).toBe(lastStep(back));
  });

  it('a changed learning rate while training continues training with the new rate', async () => {
    const { store, runtime, playground } = setup({ trainSteps: 60 });
    runtime.start();
    await until(store, (s) => s.phase === 'ready' && s.model !== null);
    runtime.train();
    await until(store, (s) => lastStep(s) >= 2);
    playground.getState().update({ learningRate: 0.002 });
    const s = await until(store, (st) => st.phase === 'training' && st.history.some((p) => p.lr <= 0.002));
    expect(s.history.at(-1)!.lr).toBeLessThanOrEqual(0.002);
    runtime.pause();
  });

  it('a worker crash restarts the worker with the same config and restores the last checkpoint', async () => {
    const { store, runtime, workers, playground } = setup();
    runtime.start();
    await until(store, (s) => s.phase === 'ready' && s.model !== null);
    runtime.train();
    await until(store, (s) => s.phase === 'ready' && lastStep(s) === 4);
    const configBefore = playground.getState().config;
    runtime.crashWorker();
    await until(store, (s) => s.notices.some((n) => n.message.startsWith('Recovered')));
    const s = await until(store, (st) => st.phase === 'ready');
    expect(workers).toHaveLength(2);
    expect(workers[0]!.dead).toBe(true);
    expect(playground.getState().config).toBe(configBefore);
    expect(lastStep(s)).toBe(4);
    expect(s.notices.map((n) => n.tone)).toEqual(['warn', 'info']);
    expect(s.notices[0]!.message).toMatch(/restarted with the same settings/);
    expect(s.notices[1]!.message).toBe('Recovered: the model is back at step 4, its last saved state.');
  });

  it('gives up after repeated crashes and can be restarted by hand', async () => {
    const { store, runtime } = setup();
    runtime.start();
    for (let i = 0; i < 4; i++) {
      await until(store, (s) => s.phase === 'ready' || s.phase === 'failed');
      if (store.getState().phase === 'failed') break;
      runtime.crashWorker();
      await until(store, (s) => s.phase !== 'ready');
    }
    await until(store, (s) => s.phase === 'failed');
    runtime.restartNow();
    await until(store, (s) => s.phase === 'ready' && s.model !== null);
  });

  it('once it has given up, further crashes add no notice; a restart by hand announces again', async () => {
    const { store, runtime, workers } = setup();
    runtime.start();
    while (store.getState().phase !== 'failed') {
      await until(store, (s) => s.phase === 'ready' || s.phase === 'failed');
      if (store.getState().phase === 'failed') break;
      runtime.crashWorker();
      await until(store, (s) => s.phase !== 'ready');
    }
    const given = store.getState().notices;
    expect(given.at(-1)!.tone).toBe('error');
    expect(given.at(-1)!.message).toMatch(/was not restarted again/);
    // each crash request starts a new worker (the client's next request does), which dies at once
    for (let i = 0; i < 3; i++) {
      const started = workers.length;
      runtime.crashWorker();
      await until(store, () => workers.length === started + 1 && workers.at(-1)!.dead);
    }
    expect(store.getState().notices).toEqual(given);
    expect(store.getState().phase).toBe('failed');
    runtime.restartNow();
    await until(store, (s) => s.phase === 'ready' && s.model !== null);
    runtime.crashWorker();
    await until(store, (s) => s.notices.at(-1)!.message.startsWith('Recovered'));
  });

  it('a browser that saves nothing gets a lasting notice (page storage, or the worker reports none)', async () => {
    const texts = { ...memoryTextStore(), available: async () => false };
    const page = setup({}, memoryCheckpoints(), texts);
    await until(page.store, (s) => s.storageNotice !== null);
    expect(page.store.getState().storageNotice).toMatch(/training and pasted text will not survive a reload/);

    const noSaving = { ...memoryCheckpoints(), available: async () => false, save: async () => false };
    const worker = setup({}, noSaving);
    expect(worker.store.getState().storageNotice).toBeNull();
    worker.runtime.start();
    await until(worker.store, (s) => s.phase === 'ready' && s.model !== null);
    expect(worker.store.getState().storageNotice).toBe(page.store.getState().storageNotice);
    // it is not one of the dismissable notices that later ones push out
    expect(worker.store.getState().notices).toEqual([]);
  });

  it('a saved checkpoint that fails its checks is deleted with a notice saying why', async () => {
    const { store, runtime, playground, checkpoints } = setup();
    runtime.start();
    await until(store, (s) => s.phase === 'ready' && s.model !== null);
    runtime.train();
    await until(store, (s) => s.phase === 'ready' && lastStep(s) === 4);
    const [key, rec] = [...checkpoints.records.entries()][0]!;
    checkpoints.records.set(key, {
      ...rec,
      weights: { ...rec.weights, wte: rec.weights['wte']!.map(() => NaN) },
    });
    playground.getState().update({ seed: 99 });
    await until(store, (s) => s.phase === 'ready' && s.model?.key !== key);
    playground.getState().update({ seed: DEFAULT_CONFIG.seed });
    const s = await until(store, (st) => st.phase === 'ready' && st.model?.key === key);
    expect(s.model?.step).toBe(0);
    expect(s.history).toEqual([]);
    expect(s.notices.at(-1)).toMatchObject({ tone: 'warn' });
    expect(s.notices.at(-1)!.message).toMatch(/could not be used: wte holds NaN at index 0\. It was deleted/);
    expect(checkpoints.records.has(key)).toBe(false);
  });

  it('a training step too big for memory is refused before the worker runs it, naming the knob', async () => {
    const big = {
      modelDModel: 64,
      modelLayers: 1,
      modelHeads: 16,
      modelHeadDim: 64,
      modelContext: 256,
      trainBatch: 64,
    };
    const { store, runtime } = setup(big);
    runtime.start();
    await until(store, (s) => s.phase === 'ready' && s.model !== null);
    runtime.train();
    const s = store.getState();
    expect(s.phase).toBe('ready');
    expect(s.trainError).toMatch(
      /more than the 4\.3 GB the cpu backend can use\. Lower the training batch to \d+ or less \(it is 64\)\./,
    );
    expect(s.history).toEqual([]);
  });

  it('out of memory in the worker: an error notice, and a new worker restores the last save', async () => {
    const { store, runtime, workers } = setup();
    runtime.start();
    await until(store, (s) => s.phase === 'ready' && s.model !== null);
    runtime.train();
    await until(store, (s) => s.phase === 'ready' && lastStep(s) === 4);
    Object.defineProperty(workers[0]!.session.model!, 'wte', {
      get() {
        throw new Error('Aborted(OOM)');
      },
    });
    runtime.step();
    const s = await until(store, (st) => st.notices.some((n) => n.message.startsWith('Recovered')));
    expect(workers).toHaveLength(2);
    expect(workers[0]!.dead).toBe(true);
    expect(s.notices[0]).toMatchObject({ tone: 'error' });
    expect(s.notices[0]!.message).toMatch(
      /^Training ran out of memory on cpu \(Aborted\(OOM\)\).*The model worker was restarted to free its memory\.$/,
    );
    await until(store, (st) => st.phase === 'ready' && lastStep(st) === 4);
  });

  it('a backend change restarts the worker', async () => {
    const { store, runtime, workers, playground } = setup();
    runtime.start();
    await until(store, (s) => s.phase === 'ready' && s.model !== null);
    playground.getState().update({ backend: 'wasm' });
    await until(store, (s) => s.phase === 'ready' && s.backend?.requested === 'wasm');
    expect(workers).toHaveLength(2);
    expect(workers[0]!.dead).toBe(true);
  });

  it('generation streams text with the measured cache equal to the formula; stop keeps the text', async () => {
    const { store, runtime } = setup();
    runtime.start();
    await until(store, (s) => s.phase === 'ready' && s.model !== null);
    runtime.generate('The', 10);
    const s = await until(store, (st) => st.generation.status === 'done');
    expect([...s.generation.text]).toHaveLength(10);
    const attn = s.model!.config.attention;
    const last = s.generation.last!;
    expect(last.layerBytes).toEqual([last.cacheTokens * kvCacheElementsPerToken(attn) * 4]);
    runtime.generate('The', 500);
    await until(store, (st) => st.generation.tokens >= 3);
    runtime.stopGeneration();
    const stopped = store.getState().generation;
    expect(stopped.status).toBe('stopped');
    expect(stopped.text.length).toBeGreaterThanOrEqual(3);
  });

  it('inspects the factors of a text and evaluates the current weights', async () => {
    const { store, runtime } = setup();
    await expect(runtime.inspect('hi')).rejects.toThrow('not ready');
    runtime.start();
    await until(store, (s) => s.phase === 'ready' && s.model !== null);
    const inspection = await runtime.inspect('hello', [0]);
    expect(inspection.tokens).toHaveLength(5);
    expect(inspection.layers[0]!.tensors['A_Q']?.shape).toEqual([5, 2, 2]);
    const e = await runtime.evaluate(1);
    expect(e.step).toBe(0);
    expect(e.valLoss).toBeGreaterThan(3); // about ln 75 for fresh weights
    expect(e.accuracy).toBeNull();
  });

  it('measures every kind’s cache on request', async () => {
    const { store, runtime } = setup();
    runtime.start();
    await until(store, (s) => s.phase === 'ready' && s.model !== null);
    await runtime.compareBaselines();
    const b = store.getState().baselines!;
    expect(b.status).toBe('done');
    expect(b.rows.map((r) => r.kind)).toEqual(['mha', 'mqa', 'gqa', 'mla', 'tpa-kvonly', 'tpa']);
  });

  it('pasted text: too short is explained, a longer one trains; the text is saved', async () => {
    const texts = memoryTextStore();
    const { store, runtime } = setup({ dataset: 'custom' }, memoryCheckpoints(), texts);
    runtime.setCustomText('too short');
    runtime.start();
    const short = await until(store, (s) => s.phase === 'ready' && s.trainError !== null);
    expect(short.trainError).toMatch(/too short: 9 characters/);
    runtime.setCustomText('the quick brown fox jumps over the lazy dog. '.repeat(10));
    const ok = await until(store, (s) => s.phase === 'ready' && s.model !== null);
    expect(ok.model?.dataset.kind).toBe('custom');
    await until(store, () => texts.value !== null && texts.value.startsWith('the quick'));
  });

  it('restores the pasted text from the text store', async () => {
    const texts = memoryTextStore('saved text');
    const { store } = setup({}, memoryCheckpoints(), texts);
    await until(store, (s) => s.customText === 'saved text');
  });
});
