/**
 * A pretrain job stopped in the middle goes on from its last snapshot and ends exactly where the
 * uninterrupted run ends: same losses at every step, same final validation, same weights. On tfjs cpu
 * with a tiny model; the snapshot goes through its byte encoding as it does through the job folder.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdamW, createT6Model, exportWeights } from '../../../src/model';
import type { LossPoint } from '../../../src/spec';
import { pointPlanOf } from '../../../src/sweep/point-plan';
import { QUICK_PROTOCOL } from '../../../src/sweep/protocol';
import { jobFiles } from '../../../src/tools/pretrain-parallel';
import {
  readProgress,
  readSnapshot,
  removeResumeFiles,
  resumableHooks,
} from '../../../src/tools/pretrain-resume';
import { trainPoint } from '../../../src/training/point-run';
import type { PointOutcome, PointSnapshot } from '../../../src/training/point-run';
import { decodeSnapshot, encodeSnapshot } from '../../../src/training/point-snapshot';
import { loadTrainingData } from '../../../src/training/training-data';
import type { TrainingData } from '../../../src/training/training-data';
import { TINY_SHAPE, tf } from '../runtime/support/session-harness';

const PLAN = pointPlanOf(
  { task: 'corpus', shape: TINY_SHAPE },
  { ...QUICK_PROTOCOL, steps: 9, batch: 2, finalEvalBatches: 2, finalEvalBatchSize: 2 },
);

let data: Promise<TrainingData> | null = null;
const loadData = () =>
  (data ??= loadTrainingData(PLAN.dataset, PLAN.shape.maxSeqLen, (p) => readFile(join('public', p), 'utf8')));

/** Trains the plan from the seed (or from `resume`); `snapshotAt` names the steps to snapshot after. */
async function train(resume: PointSnapshot | null, snapshotAt: readonly number[] = []) {
  const d = await loadData();
  const model = createT6Model({ ...PLAN.shape, vocabSize: d.tokenizer.vocabSize }, PLAN.seed);
  const snapshots: Uint8Array[] = [];
  try {
    const out = await trainPoint(
      model,
      d,
      PLAN,
      {
        snapshotDue: (step) => snapshotAt.includes(step),
        saveSnapshot: (s) => {
          snapshots.push(encodeSnapshot(s));
          return Promise.resolve();
        },
      },
      resume,
    );
    return { out, weights: exportWeights(model), snapshots };
  } finally {
    model.dispose();
  }
}

/** A loss curve without its timings (the only thing a resumed run may change). */
const curveOf = (o: PointOutcome) => o.history.map((p: LossPoint) => ({ ...p, ms: 0 }));

describe('a sweep run resumed from a snapshot', () => {
  it('ends bit for bit where the uninterrupted run ends', async () => {
    const whole = await train(null);
    const first = await train(null, [4]);
    expect(first.snapshots).toHaveLength(1);
    const snapshot = decodeSnapshot(first.snapshots[0]!);
    expect(snapshot.step).toBe(4);
    expect(snapshot.optimizer.steps).toBe(4);
    expect(snapshot.history.map((p) => p.step)).toEqual([1, 2, 3, 4]);

    const resumed = await train(snapshot);
    expect(curveOf(resumed.out)).toEqual(curveOf(whole.out));
    expect(resumed.out.final).toEqual(whole.out.final);
    expect(resumed.out.tokens).toBe(whole.out.tokens);
    expect(resumed.weights).toEqual(whole.weights);
  });

  it('needs the optimizer state: the same weights with a fresh AdamW end elsewhere', async () => {
    const whole = await train(null);
    const snapshot = decodeSnapshot((await train(null, [4])).snapshots[0]!);
    const d = await loadData();
    const fresh = new AdamW(
      Object.values(createT6Model({ ...PLAN.shape, vocabSize: d.tokenizer.vocabSize }, 1).params),
    );
    const zeroed = { ...snapshot, optimizer: await fresh.exportState() };
    fresh.dispose();
    const wrong = await train(zeroed);
    expect(wrong.out.final.loss).not.toBe(whole.out.final.loss);
  });

  it('leaves no tensors behind', async () => {
    const snapshot = decodeSnapshot((await train(null, [3])).snapshots[0]!);
    const before = tf.memory().numTensors;
    await train(snapshot, [6]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a snapshot that does not fit the plan', async () => {
    const snapshot = decodeSnapshot((await train(null, [4])).snapshots[0]!);
    await expect(train({ ...snapshot, step: PLAN.steps + 1 })).rejects.toThrow(/does not fit/);
    await expect(train({ ...snapshot, history: snapshot.history.slice(1) })).rejects.toThrow(/does not fit/);
  });
});

describe('the snapshot bytes', () => {
  it('round-trip every number exactly and reject damaged files with a reason', async () => {
    const bytes = (await train(null, [2])).snapshots[0]!;
    const s = decodeSnapshot(bytes);
    expect(decodeSnapshot(encodeSnapshot(s))).toEqual(s);
    expect(() => decodeSnapshot(bytes.subarray(0, bytes.length - 4))).toThrow(/bytes where the header says/);
    expect(() => decodeSnapshot(bytes.subarray(0, 3))).toThrow(/too short/);
    const garbled = bytes.slice();
    garbled[6] = 0x7b; // '{' inside the JSON
    expect(() => decodeSnapshot(garbled)).toThrow(/snapshot:/);
  });

  it('the optimizer refuses a state of other shapes and keeps its own', async () => {
    const model = createT6Model({ ...TINY_SHAPE, vocabSize: 16 }, 1);
    const opt = new AdamW(Object.values(model.params));
    const state = await opt.exportState();
    expect(() => opt.importState({ ...state, m: state.m.slice(1) })).toThrow(/arrays for/);
    expect(() => opt.importState({ ...state, v: state.v.map((a) => a.subarray(1)) })).toThrow(/numbers/);
    expect(await opt.exportState()).toEqual(state);
    opt.dispose();
    model.dispose();
  });
});

describe('a job’s resume files', () => {
  it('get a snapshot every snapshotMs and progress every progressMs; a damaged snapshot is reported and dropped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 't6-resume-'));
    const files = jobFiles(dir, 'long-run-x');
    let clock = 0;
    const hooks = resumableHooks(files, {}, 0, { snapshotMs: 100, progressMs: 10, now: () => clock });
    const point = (step: number) => ({ step }) as LossPoint;

    hooks.onStep?.(point(1));
    await hooks.afterStep?.();
    expect(await readProgress(files)).toBeNull(); // too soon
    expect(hooks.snapshotDue?.(1)).toBe(false);
    clock = 50;
    hooks.onStep?.(point(2));
    await hooks.afterStep?.();
    expect(await readProgress(files)).toEqual({ step: 2, snapshotStep: 0 });
    clock = 120;
    expect(hooks.snapshotDue?.(3)).toBe(true);
    const snapshot = decodeSnapshot((await train(null, [3])).snapshots[0]!);
    await hooks.saveSnapshot?.(snapshot);
    expect(hooks.snapshotDue?.(3)).toBe(false);
    expect(await readProgress(files)).toEqual({ step: 2, snapshotStep: 3 });
    expect(await readSnapshot(files, () => {})).toEqual(snapshot);

    const lines: string[] = [];
    const bytes = readFileSync(files.snapshot);
    writeFileSync(files.snapshot, bytes.subarray(0, 100));
    expect(await readSnapshot(files, (l) => lines.push(l))).toBeNull();
    expect(lines.join()).toMatch(/from step 0/);
    expect(await readSnapshot(files, () => {})).toBeNull(); // removed

    await removeResumeFiles(files);
    expect(await readProgress(files)).toBeNull();
  });
});
