import { describe, expect, it } from 'vitest';
import {
  compareLive,
  liveRunKey,
  liveRunOf,
  parseStoredLiveRuns,
  rerunTolerance,
  storedLiveRuns,
} from '../../../src/sweep/live-runs';
import type { LiveRun } from '../../../src/sweep/live-runs';
import type { PointResult, LossPoint } from '../../../src/spec';
import { budgetAllowed, compareCandidates, rerunJob, sweepEtaMs } from '../../../src/sweep/compare';
import { formatRoughDuration } from '../../../src/view-models/format';
import { progressText } from '../../../src/view-models/quality/sweep-progress';
import { pointPlanOf } from '../../../src/sweep/point-plan';
import { defaultSweep } from '../../../src/sweep/runs';
import { FIXTURE_RESULTS, fixtureManifest, QUICK_GAP } from './fixtures';

const manifest = fixtureManifest(
  FIXTURE_RESULTS,
  [
    { id: 'corpus-mha-h4', seed: 2, valLoss: 2.03, accuracy: null },
    { id: 'corpus-tpa-h4-r4-2-2', seed: 2, valLoss: 2.0, accuracy: null },
  ],
  [{ id: 'corpus-mha-h4', seed: 2, valLoss: 2.0 + QUICK_GAP + 0.02, accuracy: null }],
);

const point = (step: number, loss: number, valLoss: number | null): LossPoint => ({
  step,
  loss,
  valLoss,
  accuracy: null,
  lr: 0.001,
  gradNorm: 1,
  ms: 10,
  tokens: 100,
});

function result(valLoss: number, backend: PointResult['backend'] = 'wasm', steps = 10): PointResult {
  return {
    history: Array.from({ length: steps }, (_, i) => point(i + 1, 3 - i * 0.1234567, i === 0 ? 3.5 : null)),
    valLoss,
    accuracy: null,
    parameters: 400_000,
    tokens: steps * 100,
    wallMs: 1234.5,
    backend,
  };
}

const job = (id = 'corpus-mha-h4', budget: 'full' | 'quick' = 'full') =>
  rerunJob(
    manifest,
    budget,
    (budget === 'full' ? manifest.runs : manifest.quick.runs).find((r) => r.id === id)!,
  );

describe('live runs: records', () => {
  it('keeps a rounded curve, the validation points, the backend and the protocol', () => {
    const run = liveRunOf(job(), result(2.00001), 99);
    expect(run).toMatchObject({ budget: 'full', runId: 'corpus-mha-h4', backend: 'wasm', finishedAt: 99 });
    expect(run.trainLoss[1]).toBe(2.8765);
    expect(run.valid).toEqual([{ step: 1, loss: 3.5, accuracy: null }]);
    expect(run.protocol).toEqual(manifest.protocols.corpus);
    expect(run.wallMs).toBe(1235);
  });

  it('reads back what it stored, and drops malformed records one by one', () => {
    const good = liveRunOf(job(), result(2.1), 1);
    expect(parseStoredLiveRuns(JSON.parse(JSON.stringify(storedLiveRuns([good]))))).toEqual([good]);
    const bad = { ...good, valLoss: 'x' };
    const short = { ...good, trainLoss: [1, 2] };
    const unsafe = { ...good, runId: '../x' };
    expect(parseStoredLiveRuns(storedLiveRuns([bad as unknown as LiveRun, good, short, unsafe]))).toEqual([
      good,
    ]);
    expect(parseStoredLiveRuns(null)).toEqual([]);
    expect(parseStoredLiveRuns({ version: 99, runs: [good] })).toEqual([]);
  });
});

describe('live runs: tolerance and comparison', () => {
  it('on wasm the tolerance is the check tolerance (bit-exact path), and says why', () => {
    const t = rerunTolerance(manifest, 'full', 'wasm');
    expect(t).toMatchObject({ nats: manifest.check.tolerance, basis: 'bit-exact' });
    expect(t.reason).toMatch(/same WebAssembly kernels/);
  });

  it('elsewhere it is the largest seed-to-seed spread of the budget, measured from the replicas', () => {
    const full = rerunTolerance(manifest, 'full', 'webgpu');
    expect(full.basis).toBe('seed-spread');
    expect(full.nats).toBeCloseTo(0.05, 10); // TPA: 2.05 vs 2.00
    expect(full.reason).toMatch(/^±0\.050 nats on webgpu/);
    expect(rerunTolerance(manifest, 'quick', 'webgl').nats).toBeCloseTo(0.02, 10);
    const none = rerunTolerance(fixtureManifest(FIXTURE_RESULTS), 'full', 'cpu');
    expect(none).toMatchObject({ nats: null, basis: 'unknown' });
  });

  it('a live run lands within the tolerance or not; on wasm a difference above 1e-4 is a miss', () => {
    const exact = compareLive(manifest, liveRunOf(job(), result(2.0 + 5e-5), 1));
    expect(exact.diff).toBeCloseTo(5e-5, 12);
    expect(exact.within).toBe(true);
    expect(compareLive(manifest, liveRunOf(job(), result(2.001), 1)).within).toBe(false);
    // the same difference is within the seed spread on webgpu
    expect(compareLive(manifest, liveRunOf(job(), result(2.03, 'webgpu'), 1)).within).toBe(true);
    expect(compareLive(manifest, liveRunOf(job(), result(2.06, 'webgpu'), 1)).within).toBe(false);
  });

  it('a quick run compares with the quick section, not the full one', () => {
    const c = compareLive(manifest, liveRunOf(job('corpus-mha-h4', 'quick'), result(2.5, 'wasm', 4), 1));
    expect(c.precomputed?.final.valLoss).toBe(2.0 + QUICK_GAP);
    expect(c.within).toBe(true);
  });

  it('a run of another protocol is shown but not judged', () => {
    const run = {
      ...liveRunOf(job(), result(2.0), 1),
      protocol: { ...manifest.protocols.corpus, steps: 11 },
    };
    const c = compareLive(manifest, run);
    expect(c.sameProtocol).toBe(false);
    expect(c.within).toBeNull();
  });

  it('keys one live result per budget and run', () => {
    expect(liveRunKey('quick', 'corpus-mha-h4')).toBe('quick:corpus-mha-h4');
    expect(job().key).toBe('full:corpus-mha-h4');
  });
});

describe('compare mode', () => {
  it('offers the sweep definition’s runs of a task and matching; the quick budget only on the corpus', () => {
    const ids = (c: Parameters<typeof compareCandidates>[0]) => compareCandidates(c).map((r) => r.id);
    expect(ids({ task: 'corpus', matching: 'head', budget: 'full' })).toHaveLength(11);
    const param = ids({ task: 'corpus', matching: 'param', budget: 'full' });
    expect(param).toHaveLength(6);
    expect(param).toContain('corpus-mha-h4'); // MHA is both head- and parameter-matched
    expect(ids({ task: 'recall', matching: 'head', budget: 'full' })).toHaveLength(8);
    expect(ids({ task: 'corpus', matching: 'head', budget: 'quick' })).toEqual(
      ids({ task: 'corpus', matching: 'head', budget: 'full' }),
    );
    expect(budgetAllowed('recall', 'quick')).toBe(false);
    expect(ids({ task: 'recall', matching: 'head', budget: 'quick' })).toEqual([]);
  });

  it('a re-run trains the precomputed run’s plan: the one pretrain builds from the sweep definition', () => {
    for (const run of manifest.runs) {
      const def = defaultSweep(manifest.protocols).find((r) => r.id === run.id)!;
      expect(rerunJob(manifest, 'full', run).plan).toEqual(pointPlanOf(def, manifest.protocols[run.task]));
    }
    const recall = rerunJob(manifest, 'full', manifest.runs.find((r) => r.task === 'recall')!).plan;
    expect(recall.dataset.kind).toBe('recall');
    expect(recall.schedule).toMatchObject({ totalSteps: manifest.protocols.recall.steps });
  });

  it('estimates the time left from the rate so far, and says where the sweep is', () => {
    expect(sweepEtaMs({ stepsDone: 2, stepsTotal: 10, elapsedMs: 1000 })).toBeNull();
    expect(sweepEtaMs({ stepsDone: 100, stepsTotal: 600, elapsedMs: 30_000 })).toBe(150_000);
    expect(formatRoughDuration(45_000)).toBe('45 s');
    expect(formatRoughDuration(150_000)).toBe('3 min');
    expect(formatRoughDuration(80 * 60_000)).toBe('1 h 20 min');
    expect(
      progressText({
        index: 1,
        total: 6,
        label: 'MQA',
        step: 120,
        steps: 300,
        stepsDone: 420,
        stepsTotal: 1800,
        elapsedMs: 84_000,
      }),
    ).toBe('Run 2 of 6 (MQA): step 120 of 300 · about 5 min left');
  });
});
