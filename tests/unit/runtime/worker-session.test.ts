import { describe, expect, it, vi } from 'vitest';
import { kvCacheElementsPerToken } from '../../../src/memory';
import type { AttentionConfig } from '../../../src/spec';
import { modelSpecOf } from '../../../src/config/model-spec';
import { DEFAULT_CONFIG } from '../../../src/config';
import { ATTENTION_KINDS } from '../../../src/spec';
import { memoryCheckpoints } from '../../../workers/checkpoints';
import { as, createHarness, SCHEDULE, steps, TINY_SHAPE, tf } from './support/session-harness';

describe('worker session: protocol', () => {
  it('answers a malformed command with an invalid-command error naming the field', async () => {
    const h = createHarness();
    h.session.receive({ type: 'train', id: 7, untilStep: -1 });
    await Promise.resolve();
    expect(h.events).toEqual([expect.objectContaining({ type: 'error', id: 7, code: 'invalid-command' })]);
    h.session.receive('nonsense');
    expect(h.events[1]).toMatchObject({ type: 'error', id: 0, code: 'invalid-command' });
  });

  it('refuses to build before init, and to train before a model exists', async () => {
    const h = createHarness();
    const build = await h.send({
      type: 'build',
      key: 'k',
      shape: TINY_SHAPE,
      seed: 1,
      dataset: { kind: 'corpus' },
    });
    expect(build.error?.code).toBe('not-ready');
    await h.send({ type: 'init', backend: 'cpu', baseUrl: 'http://test/' });
    const train = await h.send({ type: 'train', untilStep: 2, batch: 2, schedule: SCHEDULE, seed: 1 });
    expect(train.error?.code).toBe('not-ready');
  });

  it('a pasted text that is too short is a text-too-short error with the numbers', async () => {
    const h = createHarness();
    await h.send({ type: 'init', backend: 'cpu', baseUrl: 'http://test/' });
    const r = await h.send({
      type: 'build',
      key: 'c',
      shape: TINY_SHAPE,
      seed: 1,
      dataset: { kind: 'custom', text: 'hello' },
    });
    expect(r.error?.code).toBe('text-too-short');
    expect(r.error?.message).toMatch(/5 characters/);
  });

  it('the debug crash command is acknowledged, then crashes the worker', async () => {
    const h = createHarness();
    const r = await h.send({ type: 'debug', action: 'crash' });
    expect(r.result).toEqual({ kind: 'ack', applied: true });
    await new Promise((res) => setTimeout(res, 5));
    expect(h.crash).toHaveBeenCalledOnce();
  });
});

describe('worker session: training', () => {
  it('trains step by step with progress, validation points and a checkpoint, leaking no tensors', async () => {
    const h = createHarness();
    const built = as((await h.ready()).result, 'built');
    expect(built.model.config.vocabSize).toBe(75);
    expect(built.restored).toBeNull();
    const live = tf.memory().numTensors;
    const r = await h.send({ type: 'train', untilStep: 6, batch: 2, schedule: SCHEDULE, seed: 1 });
    expect(as(r.result, 'trained')).toMatchObject({ step: 6, stopped: 'done' });
    const points = steps(r.progress);
    expect(points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const p of points) expect(Number.isFinite(p.loss)).toBe(true);
    // validation at step 1, every 5 steps, and at the end
    expect(points.filter((p) => p.valLoss !== null).map((p) => p.step)).toEqual([1, 5, 6]);
    expect(points[0]!.tokens).toBe(2 * 16);
    expect(h.checkpoints.records.get('k1')?.step).toBe(6);
    expect(r.progress.filter((p) => p.kind === 'checkpoint').at(-1)).toMatchObject({ step: 6 });
    expect(tf.memory().numTensors).toBe(live);
  });

  it('says nothing was saved when the browser has no storage', async () => {
    const h = createHarness({ ...memoryCheckpoints(), save: async () => false });
    await h.ready();
    const r = await h.send({ type: 'train', untilStep: 2, batch: 2, schedule: SCHEDULE, seed: 1 });
    expect(as(r.result, 'trained').step).toBe(2);
    expect(r.progress.filter((p) => p.kind === 'checkpoint')).toEqual([]);
  });

  it('20 steps lower the loss (mean of the last 5 below the first 5)', async () => {
    const h = createHarness();
    await h.ready();
    const r = await h.send({
      type: 'train',
      untilStep: 20,
      batch: 4,
      schedule: { ...SCHEDULE, maxLr: 0.02 },
      seed: 2,
    });
    const losses = steps(r.progress).map((p) => p.loss);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) - 0.2);
  });

  it('a new session with the same key restores the weights and the loss history', async () => {
    const store = memoryCheckpoints();
    const first = createHarness(store);
    await first.ready();
    await first.send({ type: 'train', untilStep: 3, batch: 2, schedule: SCHEDULE, seed: 1 });
    const before = await first.session.model!.params['wte']!.data();

    const second = createHarness(store);
    const built = as((await second.ready()).result, 'built');
    expect(built.model.step).toBe(3);
    expect(built.restored?.history.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(Array.from(await second.session.model!.params['wte']!.data())).toEqual(Array.from(before));
    // another seed is another model: nothing restored
    const other = as(
      (
        await second.send({
          type: 'build',
          key: 'k2',
          shape: TINY_SHAPE,
          seed: 9,
          dataset: { kind: 'corpus' },
        })
      ).result,
      'built',
    );
    expect(other.restored).toBeNull();
  });

  it('cancel stops training with a cancelled error and keeps what was trained', async () => {
    const h = createHarness();
    await h.ready();
    let cancelled = false;
    const run = h.send({ type: 'train', untilStep: 500, batch: 2, schedule: SCHEDULE, seed: 1 }, (p, id) => {
      if (p.kind === 'train-step' && p.point.step === 2 && !cancelled) {
        cancelled = true;
        h.session.receive({ type: 'cancel', id: 999, target: id });
      }
    });
    const r = await run;
    expect(r.error?.code).toBe('cancelled');
    const trained = steps(r.progress).length;
    expect(trained).toBeGreaterThanOrEqual(2);
    expect(trained).toBeLessThan(5);
    expect(h.checkpoints.records.get('k1')?.step).toBe(trained);
  });

  it('pause holds training (and saves), resume continues to the end', async () => {
    const h = createHarness();
    await h.ready();
    let id = -1;
    const run = h.send({ type: 'train', untilStep: 6, batch: 2, schedule: SCHEDULE, seed: 1 }, (p, reqId) => {
      id = reqId;
      if (p.kind === 'train-step' && p.point.step === 2)
        h.session.receive({ type: 'pause', id: 900, target: reqId });
    });
    const isPaused = (e: (typeof h.events)[number]) =>
      e.type === 'progress' && e.id === id && e.data.kind === 'train-state' && e.data.state === 'paused';
    // wait for the pause to land (however loaded the machine), then give training time to go on wrongly
    await vi.waitFor(() => expect(h.events.some(isPaused)).toBe(true), { timeout: 20_000, interval: 20 });
    await new Promise((res) => setTimeout(res, 200));
    const soFar = h.events.filter((e) => e.type === 'progress' && e.id === id);
    expect(h.checkpoints.records.get('k1')?.step).toBe(2);
    const stepsWhilePaused = soFar.filter(
      (e) => e.type === 'progress' && e.data.kind === 'train-step',
    ).length;
    expect(stepsWhilePaused).toBe(2);
    h.session.receive({ type: 'resume', id: 901, target: id });
    const r = await run;
    expect(as(r.result, 'trained').step).toBe(6);
    expect(r.progress.some((p) => p.kind === 'train-state' && p.state === 'running')).toBe(true);
    // pausing a finished request is not applied
    const ack = await h.send({ type: 'pause', target: id });
    expect(ack.result).toEqual({ kind: 'ack', applied: false });
  });

  it('a build with other settings cancels the running training first', async () => {
    const h = createHarness();
    await h.ready();
    const run = h.send({ type: 'train', untilStep: 500, batch: 2, schedule: SCHEDULE, seed: 1 });
    await new Promise((res) => setTimeout(res, 50));
    const shape = { ...TINY_SHAPE, attention: { kind: 'mha' as const, heads: 2, headDim: 4 } };
    const rebuilt = await h.send({ type: 'build', key: 'mha', shape, seed: 1, dataset: { kind: 'corpus' } });
    expect((await run).error?.code).toBe('cancelled');
    expect(as(rebuilt.result, 'built').model.config.attention.kind).toBe('mha');
  });

  it('a NaN loss stops training and goes back to the last checkpoint', async () => {
    const h = createHarness();
    await h.ready();
    await h.send({ type: 'train', untilStep: 2, batch: 2, schedule: SCHEDULE, seed: 1 });
    const wte = h.session.model!.params['wte']!;
    tf.tidy(() => wte.assign(tf.fill(wte.shape, NaN)));
    const r = await h.send({ type: 'train', untilStep: 5, batch: 2, schedule: SCHEDULE, seed: 1 });
    const trained = as(r.result, 'trained');
    expect(trained.stopped).toBe('nan');
    expect(trained.restored?.step).toBe(2);
    const restoredWte = await h.session.model!.params['wte']!.data();
    expect(restoredWte.every((x) => Number.isFinite(x))).toBe(true);
  });

  it('ready says whether checkpoints can be saved in this browser', async () => {
    const saving = createHarness();
    const ready = await saving.send({ type: 'init', backend: 'cpu', baseUrl: 'http://test/' });
    expect(as(ready.result, 'ready').storage).toBe(true);
    const none = createHarness({
      ...memoryCheckpoints(),
      available: async () => false,
      save: async () => false,
    });
    const r = await none.send({ type: 'init', backend: 'cpu', baseUrl: 'http://test/' });
    expect(as(r.result, 'ready').storage).toBe(false);
  });

  it('a stored record that fails its checks is deleted, and the build says why', async () => {
    const store = memoryCheckpoints();
    const first = createHarness(store);
    await first.ready();
    await first.send({ type: 'train', untilStep: 3, batch: 2, schedule: SCHEDULE, seed: 1 });
    const rec = store.records.get('k1')!;
    const fresh = await (async () => {
      const h = createHarness(memoryCheckpoints());
      await h.ready();
      return h.session.model!.params['wte']!.data();
    })();
    const corruptions: [string, () => unknown, RegExp][] = [
      [
        'NaN weights',
        () => ({ ...rec, weights: { ...rec.weights, wte: rec.weights['wte']!.map(() => NaN) } }),
        /wte holds NaN at index 0/,
      ],
      [
        'a short weight',
        () => ({ ...rec, weights: { ...rec.weights, wte: rec.weights['wte']!.slice(1) } }),
        /wte holds \d+ values where the model has/,
      ],
      ['a number as weights', () => ({ ...rec, weights: 7 }), /weights/],
      ['a bad history', () => ({ ...rec, history: [{ step: 'one' }] }), /history\.0\.step/],
    ];
    for (const [what, corrupt, reason] of corruptions) {
      store.records.set('k1', corrupt() as typeof rec);
      const h = createHarness(store);
      const built = as((await h.ready()).result, 'built');
      expect(built.discarded, what).toMatch(reason);
      expect(built.restored, what).toBeNull();
      expect(built.model.step, what).toBe(0);
      expect(store.records.has('k1'), what).toBe(false);
      // the model is the seed's, not a mix
      expect(Array.from(await h.session.model!.params['wte']!.data())).toEqual(Array.from(fresh));
    }
  });

  it('without storage, a NaN loss goes back to the last good weights kept in memory', async () => {
    const h = createHarness({
      ...memoryCheckpoints(),
      available: async () => false,
      save: async () => false,
    });
    await h.ready();
    const done = await h.send({ type: 'train', untilStep: 3, batch: 2, schedule: SCHEDULE, seed: 1 });
    expect(as(done.result, 'trained').step).toBe(3);
    const good = Array.from(await h.session.model!.params['wte']!.data());
    const wte = h.session.model!.params['wte']!;
    tf.tidy(() => wte.assign(tf.fill(wte.shape, NaN)));
    const live = tf.memory().numTensors;
    const r = await h.send({ type: 'train', untilStep: 6, batch: 2, schedule: SCHEDULE, seed: 1 });
    const trained = as(r.result, 'trained');
    expect(trained).toMatchObject({ stopped: 'nan', step: 3 });
    expect(trained.restored?.history.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(Array.from(await h.session.model!.params['wte']!.data())).toEqual(good);
    expect(tf.memory().numTensors).toBe(live);
    // and training goes on from there: one step more is step 4
    const next = await h.send({ type: 'train', untilStep: 4, batch: 2, schedule: SCHEDULE, seed: 1 });
    expect(as(next.result, 'trained')).toMatchObject({ stopped: 'done', step: 4 });
  });

  it('a restored state whose loss is not finite either is forgotten: back to the seed, and training goes on', async () => {
    const store = memoryCheckpoints();
    const first = createHarness(store);
    await first.ready();
    await first.send({ type: 'train', untilStep: 3, batch: 2, schedule: SCHEDULE, seed: 1 });
    const rec = store.records.get('k1')!;
    // finite, so it passes the checks on read, but it overflows in the first forward pass
    const huge = Object.fromEntries(Object.entries(rec.weights).map(([k, w]) => [k, w.map(() => 1e30)]));
    store.records.set('k1', { ...rec, weights: huge });
    const h = createHarness(store);
    expect(as((await h.ready()).result, 'built').restored?.step).toBe(3);
    const r = await h.send({ type: 'train', untilStep: 4, batch: 2, schedule: SCHEDULE, seed: 1 });
    expect(as(r.result, 'trained')).toMatchObject({ stopped: 'nan', step: 0 });
    expect(store.records.has('k1')).toBe(false);
    const next = await h.send({ type: 'train', untilStep: 1, batch: 2, schedule: SCHEDULE, seed: 1 });
    expect(as(next.result, 'trained')).toMatchObject({ stopped: 'done', step: 1 });
  });

  it('a step that cannot fit in memory is refused before it runs (too-big), naming the batch', async () => {
    const h = createHarness();
    await h.ready();
    const r = await h.send({ type: 'train', untilStep: 2, batch: 5_000_000, schedule: SCHEDULE, seed: 1 });
    expect(r.error?.code).toBe('too-big');
    expect(r.error?.message).toMatch(
      /more than the 4\.3 GB the cpu backend can use\. Lower the training batch to \d+ or less \(it is 5000000\)/,
    );
    expect(steps(r.progress)).toEqual([]);
  });

  it('a backend out-of-memory error becomes out-of-memory with the knob to lower', async () => {
    const h = createHarness();
    await h.ready();
    await h.send({ type: 'train', untilStep: 1, batch: 4, schedule: SCHEDULE, seed: 1 });
    // the first thing a step reads is the embedding: make it fail as wasm does when malloc fails
    Object.defineProperty(h.session.model!, 'wte', {
      get() {
        throw new Error('null function or function signature mismatch');
      },
    });
    const r = await h.send({ type: 'train', untilStep: 3, batch: 4, schedule: SCHEDULE, seed: 1 });
    expect(r.error?.code).toBe('out-of-memory');
    expect(r.error?.message).toMatch(
      /^Training ran out of memory on cpu \(null function or function signature mismatch\): one step of this model needs about [\d.]+ MB\. Lower the training batch to \d or less \(it is 4\)\./,
    );
    // tfjs keeps the tensors a failed forward pass saved for its backward pass (out of any tidy's
    // reach), so the page restarts the worker after this error (model-runtime.test.ts)
  });

  it('weights that stop being finite are never saved', async () => {
    const h = createHarness();
    await h.ready();
    await h.send({ type: 'train', untilStep: 2, batch: 2, schedule: SCHEDULE, seed: 1 });
    const wte = h.session.model!.params['wte']!;
    tf.tidy(() => wte.assign(tf.fill(wte.shape, Infinity)));
    await h.send({ type: 'train', untilStep: 4, batch: 2, schedule: SCHEDULE, seed: 1 });
    const saved = h.checkpoints.records.get('k1')!;
    expect(saved.step).toBe(2);
    expect(saved.weights['wte']!.every((x) => Number.isFinite(x))).toBe(true);
  });

  it('on the recall task, validation reports recall accuracy', async () => {
    const h = createHarness();
    await h.send({ type: 'init', backend: 'cpu', baseUrl: 'http://test/' });
    const task = { numKeys: 16, numValues: 10, numPairs: 2, numQueries: 2, contextLength: 16, gap: 4 };
    const built = await h.send({
      type: 'build',
      key: 'r',
      shape: TINY_SHAPE,
      seed: 1,
      dataset: { kind: 'recall', task },
    });
    expect(as(built.result, 'built').model.config.vocabSize).toBe(29);
    const r = await h.send({ type: 'train', untilStep: 1, batch: 2, schedule: SCHEDULE, seed: 1 });
    const acc = steps(r.progress)[0]!.accuracy;
    expect(acc).not.toBeNull();
    expect(acc).toBeGreaterThanOrEqual(0);
    expect(acc).toBeLessThanOrEqual(1);
  });
});

describe('worker session: generation and cache', () => {
  const perTokenBytes = (attn: AttentionConfig) => kvCacheElementsPerToken(attn) * 4;

  it('streams tokens, each with the cache measured per layer, equal to the formula', async () => {
    const h = createHarness();
    await h.ready();
    const r = await h.send({
      type: 'generate',
      prompt: 'The ',
      maxTokens: 20,
      temperature: 0.8,
      topK: 10,
      seed: 4,
    });
    const gen = as(r.result, 'generated');
    const tokens = r.progress.flatMap((p) => (p.kind === 'token' ? [p] : []));
    expect(tokens).toHaveLength(20);
    expect(tokens.map((t) => t.text).join('')).toBe(gen.text);
    const bytes = perTokenBytes(TINY_SHAPE.attention);
    for (const t of tokens) expect(t.layerBytes).toEqual([t.cacheTokens * bytes, t.cacheTokens * bytes]);
    // the window (16) fills and slides
    expect(tokens.some((t) => t.slid)).toBe(true);
    expect(gen.cache.totalBytes).toBe(gen.cache.tokens * bytes * 2);
    expect(gen.firstTokenMs).toBeGreaterThan(0);
    expect(gen.unknownChars).toBe(0);
  });

  it('the same seed gives the same text; unknown prompt characters are counted', async () => {
    const h = createHarness();
    await h.ready();
    const ask = { type: 'generate' as const, prompt: 'a☃b', maxTokens: 8, temperature: 1, topK: 0, seed: 11 };
    const a = as((await h.send(ask)).result, 'generated');
    const b = as((await h.send(ask)).result, 'generated');
    expect(a.text).toBe(b.text);
    expect(a.unknownChars).toBe(1);
  });

  it('measures the cache of every kind at the same small shape: equal to the formula', async () => {
    const h = createHarness();
    await h.ready();
    const config = {
      ...DEFAULT_CONFIG,
      modelDModel: 16,
      modelLayers: 2,
      modelHeads: 2,
      modelHeadDim: 4,
      modelContext: 16,
    };
    const shapes = ATTENTION_KINDS.map((k) => modelSpecOf(config, k).shape);
    const r = as((await h.send({ type: 'cache-report', shapes, tokens: 12 })).result, 'cache-report');
    expect(r.rows.map((row) => row.kind)).toEqual([...ATTENTION_KINDS]);
    r.rows.forEach((row, i) => {
      expect(row.tokens).toBe(12);
      expect(row.totalBytes).toBe(perTokenBytes(shapes[i]!.attention) * 12 * 2);
    });
  });

  it('inspect returns per-layer factors as plain arrays', async () => {
    const h = createHarness();
    await h.ready();
    const r = as((await h.send({ type: 'inspect', text: 'hello', layers: [1] })).result, 'inspected');
    expect(r.inspection.tokens).toHaveLength(5);
    expect(r.inspection.layers.map((l) => l.layer)).toEqual([1]);
    expect(r.inspection.layers[0]!.tensors['A_K']?.shape).toEqual([5, 2, 1]);
  });
});
