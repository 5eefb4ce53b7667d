import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { DEFAULT_CONFIG, FIELDS } from '../../../src/config';
import type { PlaygroundConfig } from '../../../src/config';
import { rerunJob } from '../../../src/sweep/compare';
import { liveRows, verdictText } from '../../../src/view-models/quality/live-view';
import { compareLive, liveRunKey, parseStoredLiveRuns, storedLiveRuns } from '../../../src/sweep/live-runs';
import type { LiveRun } from '../../../src/sweep/live-runs';
import { RunIdSchema } from '../../../src/sweep/manifest-fields';
import { pointPlanOf } from '../../../src/sweep/point-plan';
import { qualityChartView } from '../../../src/view-models/quality/quality-view';
import { sameModel, yourLabel, yourRunId, yourRunJob, yourShape } from '../../../src/sweep/your-run';
import { FIXTURE_RESULTS, fixtureLiveRun, fixtureManifest } from './fixtures';

const manifest = fixtureManifest(FIXTURE_RESULTS);
/** The default model with R_Q = 3: TPA h=4 d_h=32 R=(3,2,2), d=128, 2 layers, in no sweep run. */
const mine: PlaygroundConfig = { ...DEFAULT_CONFIG, kind: 'tpa', rankQ: 3 };

describe('your run: the model the knobs describe, trained under a budget', () => {
  it('is the precomputed run itself when the sweep has that model (the default TPA is R=(4,2,2))', () => {
    const { job, precomputed } = yourRunJob(manifest, 'full', 'corpus', DEFAULT_CONFIG);
    expect(precomputed?.id).toBe('corpus-tpa-h4-r4-2-2');
    expect(job).toEqual(rerunJob(manifest, 'full', precomputed!));
  });

  it('is a run of its own otherwise: keyed by its shape, at the protocol context, with the protocol plan', () => {
    for (const [budget, task] of [
      ['full', 'corpus'],
      ['full', 'recall'],
      ['quick', 'corpus'],
    ] as const) {
      const { job, precomputed, protocol } = yourRunJob(manifest, budget, task, mine);
      const expected = budget === 'quick' ? manifest.quick.protocol : manifest.protocols[task];
      expect(precomputed).toBeNull();
      expect(protocol).toEqual(expected);
      // written out by hand: the model knobs' defaults with R_Q = 3, at the protocol's context length
      const shape = {
        dModel: 128,
        layers: 2,
        maxSeqLen: expected.contextLength,
        attention: { kind: 'tpa', heads: 4, headDim: 32, rankQ: 3, rankK: 2, rankV: 2 },
      };
      expect(job.plan.shape).toEqual(shape);
      expect(job.runId).toBe('yours-tpa-h4-r3-2-2-dh32-d128-l2');
      expect(job.key).toBe(liveRunKey(budget, job.runId));
      expect(job.plan).toEqual(pointPlanOf({ task, shape: job.plan.shape }, expected));
      expect(job.label).toBe('Your TPA (h=4 d_h=32 R_Q=3 R_K=2 R_V=2, d=128, 2 layers)');
    }
  });

  it('has an id the stored records accept, for every kind at the largest knobs', () => {
    const max = (k: keyof typeof FIELDS) => {
      const f = FIELDS[k];
      if (f.type !== 'int') throw new Error(k);
      return f.max;
    };
    for (const kind of ['mha', 'mqa', 'gqa', 'mla', 'tpa', 'tpa-kvonly'] as const) {
      const config: PlaygroundConfig = {
        ...DEFAULT_CONFIG,
        kind,
        modelDModel: max('modelDModel'),
        modelLayers: max('modelLayers'),
        modelHeads: max('modelHeads'),
        modelHeadDim: max('modelHeadDim'),
        rankQ: max('rankQ'),
        rankK: max('rankK'),
        rankV: max('rankV'),
        kvHeads: max('kvHeads'),
        kvLatentDim: max('kvLatentDim'),
        queryLatentDim: max('queryLatentDim'),
        ropeDim: max('ropeDim'),
      };
      const shape = yourShape(config, manifest.protocols.corpus);
      expect(v.safeParse(RunIdSchema, yourRunId(shape)).success, yourRunId(shape)).toBe(true);
    }
  });

  it('tells models apart by every field, whatever the order of the attention fields', () => {
    const a = yourShape(mine, manifest.protocols.corpus);
    const reordered = {
      ...a,
      attention: { rankV: 2, rankK: 2, rankQ: 3, headDim: 32, heads: 4, kind: 'tpa' },
    };
    expect(sameModel(a, reordered as typeof a)).toBe(true);
    expect(sameModel(a, { ...a, layers: 3 })).toBe(false);
    expect(sameModel(a, { ...a, maxSeqLen: 32 })).toBe(false);
    expect(sameModel(a, yourShape(DEFAULT_CONFIG, manifest.protocols.corpus))).toBe(false);
  });
});

describe('your run on the charts and in the live results', () => {
  const { job } = yourRunJob(manifest, 'quick', 'corpus', mine);
  const run = fixtureLiveRun(job, 2.61);
  const live = { [job.key]: run };

  it('is drawn on its own budget and task at its cache size, and is the live marker’s trained value', () => {
    const quick = qualityChartView(manifest, 'corpus', mine, { budget: 'quick', live });
    // TPA caches (R_K + R_V)(h + d_h) numbers per token and layer: (2 + 2)(4 + 32) · 2 layers · 4 bytes
    expect(quick.yours).toHaveLength(1);
    expect(quick.yours[0]).toMatchObject({ key: job.key, x: 4 * 36 * 2 * 4, y: 2.61, current: true });
    expect(quick.live.liveY).toBe(2.61);
    expect(quick.live.trained).toBeNull();
    // the other charts do not show it
    expect(qualityChartView(manifest, 'corpus', mine, { live }).yours).toEqual([]);
    expect(qualityChartView(manifest, 'recall', mine, { live }).yours).toEqual([]);
    // with other knobs it is still drawn, but no longer the reader's model
    const other = qualityChartView(manifest, 'corpus', DEFAULT_CONFIG, { budget: 'quick', live });
    expect(other.yours[0]!.current).toBe(false);
    expect(other.live.liveY).toBeNull();
  });

  it('is left out when it was trained under another protocol than the budget has now', () => {
    const stale = { [job.key]: { ...run, protocol: { ...run.protocol, steps: run.protocol.steps + 1 } } };
    expect(qualityChartView(manifest, 'corpus', mine, { budget: 'quick', live: stale }).yours).toEqual([]);
  });

  it('has its label and no verdict in the results table', () => {
    const [row] = liveRows(manifest, live);
    expect(row!.label).toBe(yourLabel(job.plan.shape));
    expect(row!.verdict).toBe('not judged');
    expect(verdictText(compareLive(manifest, run))).toMatch(/^your own model/);
  });

  it('keeps its shape in storage; older records without one read back with none', () => {
    expect(parseStoredLiveRuns(storedLiveRuns([run]))).toEqual([run]);
    const older: Record<string, unknown> = { ...run };
    delete older['shape'];
    expect(parseStoredLiveRuns(storedLiveRuns([older as unknown as LiveRun]))).toEqual([
      { ...run, shape: null },
    ]);
    const broken = { ...run, shape: { ...job.plan.shape, layers: -1 } };
    expect(parseStoredLiveRuns(storedLiveRuns([broken]))).toEqual([]);
  });
});
