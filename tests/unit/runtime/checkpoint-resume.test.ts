/**
 * Training that a reload interrupts goes on exactly as if the page had stayed open: the checkpoint holds
 * AdamW's moments and update count with the weights, and a new worker session loads them. On tfjs cpu
 * with the real WorkerSession and an in-memory checkpoint store shared by the "before" and "after" sessions.
 */
import { describe, expect, it } from 'vitest';
import type { LossPoint } from '../../../src/spec';
import { memoryCheckpoints } from '../../../workers/checkpoints';
import type { CheckpointRecord } from '../../../workers/checkpoints';
import { checkCheckpoint } from '../../../workers/checkpoint-check';
import { as, createHarness, SCHEDULE, steps } from './support/session-harness';

const train = (untilStep: number) => ({ type: 'train', untilStep, batch: 2, schedule: SCHEDULE, seed: 1 }) as const;

/** A curve without its timings, the only thing a reload may change. */
const curve = (points: readonly LossPoint[]) => points.map((p) => ({ ...p, ms: 0 }));

async function weightsOf(h: ReturnType<typeof createHarness>) {
  const out: Record<string, number[]> = {};
  for (const [name, v] of Object.entries(h.session.model!.params)) out[name] = Array.from(await v.data());
  return out;
}

/** Trains 3 steps, "reloads" (a new session on the same store, after `edit` of the record), trains to 6. */
async function interrupted(edit: (r: CheckpointRecord) => CheckpointRecord = (r) => r) {
  const store = memoryCheckpoints();
  const before = createHarness(store);
  await before.ready();
  const first = steps((await before.send(train(3))).progress);
  store.records.set('k1', edit(store.records.get('k1')!));
  const after = createHarness(store);
  expect(as((await after.ready()).result, 'built').model.step).toBe(3);
  const second = steps((await after.send(train(6))).progress);
  return { points: [...first, ...second], weights: await weightsOf(after), store };
}

/** The same two requests (3 steps, then on to 6) in one session that stays open. */
async function stayedOpen() {
  const h = createHarness();
  await h.ready();
  const first = steps((await h.send(train(3))).progress);
  const second = steps((await h.send(train(6))).progress);
  return { h, points: [...first, ...second] };
}

describe('a reload in the middle of training', () => {
  it('changes nothing: the same losses and weights as a page that stayed open', async () => {
    const { h: straight, points: whole } = await stayedOpen();
    const resumed = await interrupted();
    expect(resumed.points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(curve(resumed.points)).toEqual(curve(whole));
    expect(resumed.weights).toEqual(await weightsOf(straight));
    expect(resumed.store.records.get('k1')!.optimizer?.steps).toBe(6);
  });

  it('a record without the optimizer state (saved by an older version) still loads, and goes on differently', async () => {
    const { points: whole } = await stayedOpen();
    const old = await interrupted((r) => ({ ...r, optimizer: undefined }));
    expect(old.points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
    // step 4's loss is measured before its update; the updates after the reload differ
    expect(old.points[3]!.loss).toBe(whole[3]!.loss);
    expect(old.points[5]!.loss).not.toBe(whole[5]!.loss);
  });

  it('when storage refuses the record with its moments, the weights alone are saved', async () => {
    const store = memoryCheckpoints();
    const save = store.save;
    store.save = (record) =>
      record.optimizer ? Promise.reject(new Error('QuotaExceededError')) : save(record);
    const h = createHarness(store);
    await h.ready();
    const r = await h.send(train(3));
    expect(r.error ?? null).toBeNull();
    const saved = store.records.get('k1')!;
    expect(saved.step).toBe(3);
    expect(saved.optimizer).toBeUndefined();
  });
});

describe('checkCheckpoint and the optimizer state', () => {
  const slots = [{ name: 'w', size: 2 }];
  const record = (optimizer: unknown) => ({
    key: 'k',
    savedAt: 1,
    step: 0,
    history: [],
    weights: { w: new Float32Array([1, 2]) },
    optimizer,
  });
  const moments = (m: Float32Array, v: Float32Array) => ({ steps: 4, m: { w: m }, v: { w: v } });

  it('keeps a state that fits the model', () => {
    const o = moments(new Float32Array([0.1, -0.2]), new Float32Array([0.01, 0.02]));
    const r = checkCheckpoint(record(o), 'k', slots);
    expect(r.ok && r.record.optimizer).toEqual(o);
  });

  it('drops a state that does not fit, keeping the weights', () => {
    const bad = [
      moments(new Float32Array([0.1]), new Float32Array([0.01, 0.02])), // wrong length
      moments(new Float32Array([0.1, NaN]), new Float32Array([0.01, 0.02])), // not finite
      moments(new Float32Array([0.1, 0.2]), new Float32Array([0.01, -0.02])), // negative second moment
      { steps: -1, m: {}, v: {} },
      'moments',
    ];
    for (const o of bad) {
      const r = checkCheckpoint(record(o), 'k', slots);
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.record.optimizer).toBeUndefined();
        expect(Array.from(r.record.weights['w']!)).toEqual([1, 2]);
      }
    }
  });
});
