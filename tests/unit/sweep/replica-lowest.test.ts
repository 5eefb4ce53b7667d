/**
 * A seed replica's result records the lowest point of its validation curve (its curve itself is not
 * kept), so the lowest points of a budget's runs have a seed spread: trained here at a tiny protocol and
 * checked against the same run trained again (training is deterministic).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { lowestPoint } from '../../../src/sweep/flatness';
import { CHECK_PROTOCOLS, SWEEP_PROTOCOLS } from '../../../src/sweep/protocol';
import { budgetJobs } from '../../../src/tools/pretrain-jobs';
import type { PretrainOptions } from '../../../src/tools/pretrain-jobs';
import { publicFileReader, useWasmBackend } from '../../../src/tools/pretrain-node';
import { runJob } from '../../../src/tools/pretrain-sweep';
import { dataLoader, trainRun } from '../../../src/tools/pretrain-train';

const options: PretrainOptions = {
  protocols: SWEEP_PROTOCOLS,
  // the long budget's jobs at the check's tiny size, so a replica trains in seconds
  longProtocol: { ...CHECK_PROTOCOLS.corpus, steps: 8 },
  fetchText: publicFileReader(),
  sha256: () => Promise.resolve('0'.repeat(64)),
  environment: { backend: 'test', tfjs: '0', node: 'v0', cpus: '1' },
  log: () => undefined,
  only: new Set(['corpus-mha-h4']),
};

describe('a seed replica', () => {
  beforeAll(useWasmBackend);

  it("records its curve's lowest point with its final", async () => {
    const job = budgetJobs('long', options).find((j) => j.section === 'long-replica')!;
    expect(job.protocol.seed).not.toBe(1);
    const load = dataLoader(options.fetchText);
    const result = await runJob(job, options, load, new Map());
    const again = await trainRun(job.run, job.protocol, await load(job.run));
    const lowest = lowestPoint(again.curve)!;
    expect(again.curve.length).toBeGreaterThan(2);
    expect(result.replica!.valLoss).toBe(again.final.loss);
    expect(result.replica!.lowest).toEqual({ step: lowest.step, loss: Number(lowest.loss.toFixed(4)) });
  }, 120_000);
});
