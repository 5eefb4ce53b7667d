import { describe, expect, it } from 'vitest';
import {
  CHECK_PROTOCOLS,
  EXTENDED_PROTOCOL,
  LONG_PROTOCOL,
  LONGEST_PROTOCOL,
  SWEEP_PROTOCOLS,
} from '../../../src/sweep/protocol';
import { defaultSweep, REPLICA_SEEDS } from '../../../src/sweep/runs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimOrder, removeStaleFolders } from '../../../src/tools/pretrain-parallel';
import { etaMs, formatClock, progressLine } from '../../../src/tools/pretrain-progress';
import { budgetJobs, checkJobs, jobsForPart, pretrainJobs } from '../../../src/tools/pretrain-jobs';
import type { PretrainJob, PretrainOptions } from '../../../src/tools/pretrain-jobs';
import { assembleManifest, sectionFor } from '../../../src/tools/pretrain-sections';
import type { JobResult } from '../../../src/tools/pretrain-sections';

const options: PretrainOptions = {
  protocols: SWEEP_PROTOCOLS,
  fetchText: () => Promise.reject(new Error('no files in this test')),
  sha256: () => Promise.resolve('0'.repeat(64)),
  environment: { backend: 'test', tfjs: '0', node: 'v0', cpus: '1' },
  log: () => undefined,
};

describe('pretrain jobs', () => {
  it('cover the sweep, its replicas, the quick budget and the check once each, with unique keys', () => {
    const jobs = pretrainJobs(options);
    const sweep = defaultSweep(SWEEP_PROTOCOLS);
    expect(jobs.filter((j) => j.section === 'run').map((j) => j.run.id)).toEqual(sweep.map((r) => r.id));
    expect(jobs.filter((j) => j.section === 'replica').map((j) => j.protocol.seed)).toEqual(
      expect.arrayContaining(REPLICA_SEEDS as number[]),
    );
    expect(jobs.filter((j) => j.section === 'quick-run').every((j) => j.run.task === 'corpus')).toBe(true);
    expect(jobs.filter((j) => j.section === 'check').map((j) => j.protocol)).toEqual(
      checkJobs().map((j) => CHECK_PROTOCOLS[j.run.task]),
    );
    expect(new Set(jobs.map((j) => j.key)).size).toBe(jobs.length);
    expect(jobs.every((j) => j.flops > 0)).toBe(true);
  });

  it('PRETRAIN_ONLY keeps the named runs, their replicas and quick versions, and always the check', () => {
    const jobs = pretrainJobs({ ...options, only: new Set(['corpus-mha-h4']) });
    expect(jobs.map((j) => `${j.section}:${j.run.id}:${j.protocol.seed}`)).toEqual([
      'run:corpus-mha-h4:1',
      ...REPLICA_SEEDS.map((s) => `replica:corpus-mha-h4:${s}`),
      'quick-run:corpus-mha-h4:1',
      ...REPLICA_SEEDS.map((s) => `quick-replica:corpus-mha-h4:${s}`),
      ...checkJobs().map((j) => `check:${j.run.id}:${j.protocol.seed}`),
    ]);
  });

  it('the extended part trains MHA and the default TPA at twice the long steps, seed 1, nothing else', () => {
    const jobs = jobsForPart('extended', options);
    expect(jobs).toEqual(budgetJobs('extended', options));
    expect(jobs.map((j) => `${j.section}:${j.run.id}:${j.protocol.seed}:${j.protocol.steps}`)).toEqual([
      `extended-run:corpus-mha-h4:1:${2 * LONG_PROTOCOL.steps}`,
      `extended-run:corpus-tpa-h4-r4-2-2:1:${2 * LONG_PROTOCOL.steps}`,
    ]);
    expect(jobs.every((j) => j.protocol === EXTENDED_PROTOCOL && !j.run.checkpoint)).toBe(true);
    // the same runs as in the long budget, under another protocol: other keys, about twice the cost
    const long = budgetJobs('long', options).filter((j) => j.section === 'long-run');
    for (const j of jobs) {
      const l = long.find((x) => x.run.id === j.run.id)!;
      expect(j.key).not.toBe(l.key);
      expect(j.flops / l.flops).toBeCloseTo(2, 12);
    }
    expect(
      budgetJobs('extended', { ...options, only: new Set(['corpus-mha-h4']) }).map((j) => j.run.id),
    ).toEqual(['corpus-mha-h4']);
  });

  it("the longest part trains the long budget's runs and replicas at four times its steps", () => {
    const jobs = jobsForPart('longest', options);
    expect(jobs).toEqual(budgetJobs('longest', options));
    const long = budgetJobs('long', options);
    // the same runs and seeds, in the same order, under the longest protocol: other keys, four times the cost
    expect(jobs.map((j) => [j.run.id, j.protocol.seed])).toEqual(
      long.map((j) => [j.run.id, j.protocol.seed]),
    );
    expect(jobs.map((j) => j.section)).toEqual(long.map((j) => j.section.replace('long-', 'longest-')));
    for (const [i, j] of jobs.entries()) {
      expect(j.protocol).toEqual({ ...LONG_PROTOCOL, steps: 4 * LONG_PROTOCOL.steps, seed: j.protocol.seed });
      expect(j.key).toBe(long[i]!.key.replace(/^long-/, 'longest-'));
      expect(j.flops / long[i]!.flops).toBeCloseTo(4, 12);
      expect(j.run.checkpoint).toBe(false);
    }
  });

  it('are claimed costliest first: a longer run costs more', () => {
    const order = claimOrder(pretrainJobs(options));
    for (let i = 1; i < order.length; i++)
      expect(order[i - 1]!.flops).toBeGreaterThanOrEqual(order[i]!.flops);
    const quick = budgetJobs('quick', options).find((j) => j.run.id === 'corpus-mha-h4')!;
    const full = pretrainJobs(options).find((j) => j.key === 'run-corpus-mha-h4-s1')!;
    expect(full.flops / quick.flops).toBeCloseTo(
      (SWEEP_PROTOCOLS.corpus.steps * SWEEP_PROTOCOLS.corpus.batch) /
        (quick.protocol.steps * quick.protocol.batch),
      6,
    );
  });

  /** A result of 10 ms for every job, stored in reverse job order. */
  function fakeResults(jobs: readonly PretrainJob[]): Map<string, JobResult> {
    const results = new Map<string, JobResult>();
    for (const j of jobs.slice().reverse()) {
      const base = { key: j.key, wallMs: 10, summary: j.key };
      if (j.section === 'check') {
        results.set(j.key, {
          ...base,
          check: { id: j.run.id, task: j.run.task, trainLoss: [1], valLoss: 1, accuracy: null },
        });
      } else if (j.section.endsWith('replica')) {
        results.set(j.key, {
          ...base,
          replica: { id: j.run.id, seed: j.protocol.seed, valLoss: 1, accuracy: null },
        });
      } else {
        results.set(j.key, { ...base, run: { id: j.run.id } as never });
      }
    }
    return results;
  }

  it('the manifest lists results in job order, whatever order they finished in', () => {
    const only = new Set(['corpus-mha-h4', 'recall-mqa-h4']);
    const jobs = pretrainJobs({ ...options, only });
    const results = fakeResults(jobs);
    const m = assembleManifest({ ...options, only }, results, 1234.4);
    expect(m.runs.map((r) => r.id)).toEqual(['corpus-mha-h4', 'recall-mqa-h4']);
    expect(m.replicas.map((r) => r.seed)).toEqual(REPLICA_SEEDS);
    expect(m.quick.runs.map((r) => r.id)).toEqual(['corpus-mha-h4']);
    expect(m.quick.wallMs).toBe(10 * (1 + REPLICA_SEEDS.length));
    expect(m.check.runs.map((r) => r.id)).toEqual(checkJobs().map((j) => j.run.id));
    expect(m.totalWallMs).toBe(1234);
    results.delete(jobs[0]!.key);
    expect(() => assembleManifest({ ...options, only }, results, 1)).toThrow(/has no result/);
  });

  it('the long and extended sections take their own jobs, protocol and summed wall time', () => {
    const only = new Set(['corpus-mha-h4', 'corpus-tpa-h4-r4-2-2', 'corpus-gqa-h4-g2']);
    const long = sectionFor(
      'long',
      { ...options, only },
      fakeResults(budgetJobs('long', { ...options, only })),
    );
    expect(long.protocol).toEqual(LONG_PROTOCOL);
    expect(long.runs.map((r) => r.id)).toEqual(['corpus-mha-h4', 'corpus-gqa-h4-g2', 'corpus-tpa-h4-r4-2-2']);
    // MHA and the default TPA are repeated with each replica seed
    expect(long.replicas.map((r) => [r.id, r.seed])).toEqual(
      ['corpus-mha-h4', 'corpus-tpa-h4-r4-2-2'].flatMap((id) => REPLICA_SEEDS.map((seed) => [id, seed])),
    );
    expect(long.wallMs).toBe(10 * (3 + 2 * REPLICA_SEEDS.length));
    const extended = sectionFor(
      'extended',
      { ...options, only },
      fakeResults(budgetJobs('extended', { ...options, only })),
    );
    expect(extended.protocol).toEqual(EXTENDED_PROTOCOL);
    expect(extended.runs.map((r) => r.id)).toEqual(['corpus-mha-h4', 'corpus-tpa-h4-r4-2-2']);
    expect(extended.replicas).toEqual([]);
    expect(extended.wallMs).toBe(20);
    const longest = sectionFor(
      'longest',
      { ...options, only },
      fakeResults(budgetJobs('longest', { ...options, only })),
    );
    expect(longest.protocol).toEqual(LONGEST_PROTOCOL);
    expect(longest.runs.map((r) => r.id)).toEqual(long.runs.map((r) => r.id));
    expect(longest.replicas).toEqual(long.replicas);
    expect(longest.wallMs).toBe(long.wallMs);
  });
});

describe('pretrain progress line', () => {
  it('formats durations', () => {
    expect(formatClock(12_400)).toBe('12 s');
    expect(formatClock(245_000)).toBe('4 min 05 s');
    expect(formatClock(3_720_000)).toBe('1 h 02 min');
  });

  it('estimates the time left from this invocation’s rate, not counting resumed work', () => {
    const p = {
      doneJobs: 5,
      totalJobs: 10,
      doneFlops: 60,
      totalFlops: 100,
      resumedFlops: 20,
      elapsedMs: 80_000,
    };
    // 40 FLOPs took 80 s here; 40 are left
    expect(etaMs(p)).toBe(80_000);
    expect(etaMs({ ...p, doneFlops: 20 })).toBeNull();
    expect(progressLine(p, 10)).toBe('[######....] 5/10 jobs  60%  elapsed 1 min 20 s  ETA 1 min 20 s');
  });
});

describe('job folders of other pretrains', () => {
  it('are removed when stale, kept while the pretrain that owns one still runs', async () => {
    const root = mkdtempSync(join(tmpdir(), 't6-jobs-'));
    try {
      const folder = (name: string, owner?: number) => {
        mkdirSync(join(root, name));
        writeFileSync(join(root, name, 'run-x.result.json'), '{}');
        if (owner !== undefined) writeFileSync(join(root, name, 'owner.pid'), String(owner));
      };
      // a process that has ended: its id names no running process (ids are not reused this fast)
      const ended = spawnSync(process.execPath, ['-e', '']).pid!;
      folder('mine');
      folder('running', process.ppid);
      folder('ended', ended);
      folder('no-owner');
      await removeStaleFolders(root, join(root, 'mine'));
      expect(readdirSync(root).sort()).toEqual(['mine', 'running']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
