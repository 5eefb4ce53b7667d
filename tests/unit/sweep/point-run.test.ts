/**
 * The worker's `run-point` command (a sweep run with a model of its own) and the other additions the
 * quality sweep needed: a fresh build, and the train command's validation batch count. On tfjs cpu, with
 * the real WorkerSession.
 */
import { describe, expect, it } from 'vitest';
import { createT6Model } from '../../../src/model';
import { loadTrainingData } from '../../../src/training/training-data';
import { EVAL_BATCHES } from '../../../src/training/eval-cadence';
import { trainPoint } from '../../../src/training/point-run';
import type { PointPlan } from '../../../src/spec';
import { SWEEP_PROTOCOLS, QUICK_PROTOCOL } from '../../../src/sweep/protocol';
import { pointPlanOf } from '../../../src/sweep/point-plan';
import { as, createHarness, SCHEDULE, steps, TINY_SHAPE, tf } from '../runtime/support/session-harness';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A tiny run of the corpus under a short protocol: milliseconds per step on cpu. */
const PLAN: PointPlan = pointPlanOf(
  { task: 'corpus', shape: TINY_SHAPE },
  { ...QUICK_PROTOCOL, steps: 7, batch: 2, finalEvalBatches: 2, finalEvalBatchSize: 2 },
);

const weightsOf = async (m: { params: Record<string, tf.Variable> }) =>
  Object.fromEntries(
    await Promise.all(
      Object.entries(m.params).map(async ([k, v]) => [k, Array.from(await v.data())] as const),
    ),
  );

describe('run-point: a sweep run in the worker', () => {
  it('trains its own model with progress and a final validation, leaving the loaded model, its checkpoint and tf memory alone', async () => {
    const h = createHarness();
    await h.ready();
    await h.send({ type: 'train', untilStep: 2, batch: 2, schedule: SCHEDULE, seed: 1 });
    const saved = h.checkpoints.records.get('k1');
    const before = await weightsOf(h.session.model!);
    const live = tf.memory().numTensors;

    const r = await h.send({ type: 'run-point', ...PLAN });
    const out = as(r.result, 'point-trained');
    expect(out.history.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(steps(r.progress)).toEqual(out.history);
    // validation where the panel's training measures it: step 1, every 5 steps, the last
    expect(out.history.filter((p) => p.valLoss !== null).map((p) => p.step)).toEqual([1, 5, 7]);
    expect(Number.isFinite(out.valLoss)).toBe(true);
    expect(out.accuracy).toBeNull();
    expect(out.tokens).toBe(7 * 2 * TINY_SHAPE.maxSeqLen);
    expect(out.backend).toBe('cpu');

    expect(await weightsOf(h.session.model!)).toEqual(before);
    expect(h.checkpoints.records.get('k1')).toBe(saved);
    expect(tf.memory().numTensors).toBe(live);
  });

  it('computes what trainPoint (the loop npm run pretrain uses) computes for the same plan', async () => {
    const h = createHarness();
    await h.send({ type: 'init', backend: 'cpu', baseUrl: 'http://test/' });
    const viaWorker = as((await h.send({ type: 'run-point', ...PLAN })).result, 'point-trained');
    const data = await loadTrainingData(PLAN.dataset, PLAN.shape.maxSeqLen, (p) =>
      readFile(join('public', p), 'utf8'),
    );
    const model = createT6Model({ ...PLAN.shape, vocabSize: data.tokenizer.vocabSize }, PLAN.seed);
    const direct = await trainPoint(model, data, PLAN);
    model.dispose();
    expect(viaWorker.history.map((p) => p.loss)).toEqual(direct.history.map((p) => p.loss));
    expect(viaWorker.valLoss).toBe(direct.final.loss);
    // another seed is another run
    const other = as((await h.send({ type: 'run-point', ...PLAN, seed: 2 })).result, 'point-trained');
    expect(other.valLoss).not.toBe(viaWorker.valLoss);
  });

  it('sent right behind init, it waits for the backend instead of failing', async () => {
    const h = createHarness();
    const init = h.send({ type: 'init', backend: 'cpu', baseUrl: 'http://test/' });
    const run = h.send({ type: 'run-point', ...PLAN, steps: 2 });
    expect((await init).result?.kind).toBe('ready');
    expect(as((await run).result, 'point-trained').history).toHaveLength(2);
  });

  it('before init it is not-ready', async () => {
    const h = createHarness();
    expect((await h.send({ type: 'run-point', ...PLAN })).error?.code).toBe('not-ready');
  });

  it('a rebuild of the panels’ model does not stop it; cancel does, with a cancelled error', async () => {
    const h = createHarness();
    await h.ready();
    const run = h.send({ type: 'run-point', ...PLAN, steps: 400 }, (p, id) => {
      if (p.kind !== 'train-step') return;
      if (p.point.step === 2) void h.ready(TINY_SHAPE, 8, 'k-other');
      if (p.point.step === 6) h.session.receive({ type: 'cancel', id: 999, target: id });
    });
    const r = await run;
    expect(r.error?.code).toBe('cancelled');
    const trained = steps(r.progress).length;
    expect(trained).toBeGreaterThanOrEqual(6);
    expect(trained).toBeLessThan(12);
  });

  it('pause holds it and resume lets it finish', async () => {
    const h = createHarness();
    await h.send({ type: 'init', backend: 'cpu', baseUrl: 'http://test/' });
    let paused = false;
    const run = h.send({ type: 'run-point', ...PLAN }, (p, id) => {
      if (p.kind === 'train-step' && p.point.step === 2 && !paused) {
        paused = true;
        h.session.receive({ type: 'pause', id: 998, target: id });
        setTimeout(() => h.session.receive({ type: 'resume', id: 997, target: id }), 30);
      }
    });
    expect(as((await run).result, 'point-trained').history).toHaveLength(PLAN.steps);
    expect(paused).toBe(true);
  });
});

describe('build and train additions', () => {
  it('a fresh build starts from the seed and leaves the saved checkpoint in place', async () => {
    const h = createHarness();
    await h.ready();
    await h.send({ type: 'train', untilStep: 3, batch: 2, schedule: SCHEDULE, seed: 1 });
    const build = {
      type: 'build',
      key: 'k1',
      shape: TINY_SHAPE,
      seed: 3,
      dataset: { kind: 'corpus' },
    } as const;
    const fresh = as((await h.send({ ...build, fresh: true })).result, 'built');
    expect(fresh.restored).toBeNull();
    expect(fresh.model.step).toBe(0);
    expect(h.checkpoints.records.get('k1')?.step).toBe(3);
    const restored = as((await h.send(build)).result, 'built');
    expect(restored.restored?.step).toBe(3);
  });

  it('train measures validation over evalBatches batches (default EVAL_BATCHES, the sweep’s curve size)', async () => {
    expect(SWEEP_PROTOCOLS.corpus.curveEvalBatches).toBe(EVAL_BATCHES);
    expect(QUICK_PROTOCOL.curveEvalBatches).toBe(EVAL_BATCHES);
    const valAt1 = async (evalBatches?: number) => {
      const h = createHarness();
      await h.ready();
      const r = await h.send({
        type: 'train',
        untilStep: 1,
        batch: 2,
        schedule: SCHEDULE,
        seed: 1,
        ...(evalBatches ? { evalBatches } : {}),
      });
      return steps(r.progress)[0]!.valLoss;
    };
    const standard = await valAt1();
    expect(await valAt1(EVAL_BATCHES)).toBe(standard);
    expect(await valAt1(5)).not.toBe(standard);
  });
});
