/**
 * `npm run pretrain` is reproducible: the shipped manifest matches the sweep the code defines, a short
 * version of the same training path reproduces the losses the manifest recorded for it, and the shipped
 * checkpoints give back the validation losses the manifest reports. Runs on the wasm backend in Node.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECK_TOLERANCE, checkRuns, compareChecks } from '../../../src/sweep/check';
import { parseManifest } from '../../../src/sweep/manifest';
import type { Manifest } from '../../../src/sweep/manifest';
import { CHECK_PROTOCOLS, SWEEP_PROTOCOLS } from '../../../src/sweep/protocol';
import { defaultSweep } from '../../../src/sweep/runs';
import { publicFileReader, useWasmBackend } from '../../../src/tools/pretrain-node';
import { computeCheck } from '../../../src/tools/pretrain-sweep';
import { dataLoader, evaluateCheckpoint } from '../../../src/tools/pretrain-train';

const DIR = 'public/pretrained';

/**
 * A float16 checkpoint moves each weight by at most 2^-11 relative. On the shipped runs that moved the
 * validation loss by at most 7e-6 nats (measured when they were written); 1e-3 leaves room for another
 * CPU's float rounding while still catching a checkpoint of another model or of other weights.
 */
const FLOAT16_TOLERANCE = 1e-3;

function shipped(): Manifest {
  const parsed = parseManifest(JSON.parse(readFileSync(`${DIR}/manifest.json`, 'utf8')));
  if (!parsed.ok) throw new Error(`${DIR}/manifest.json: ${parsed.message}`);
  return parsed.value;
}

describe('pretrained results', () => {
  const manifest = shipped();
  beforeAll(useWasmBackend);

  it('were made by the current sweep definition and protocols', () => {
    expect(manifest.protocols).toEqual(SWEEP_PROTOCOLS);
    expect(manifest.check.protocols).toEqual(CHECK_PROTOCOLS);
    expect(manifest.check.tolerance).toBe(CHECK_TOLERANCE);
    expect(manifest.check.runs.map((r) => r.id)).toEqual(checkRuns().map((r) => r.id));
    const sweep = defaultSweep();
    expect(manifest.runs.map((r) => r.id)).toEqual(sweep.map((r) => r.id));
    manifest.runs.forEach((run, i) => {
      const def = sweep[i]!;
      expect({ ...run.config, vocabSize: undefined }).toEqual({ ...def.shape, vocabSize: undefined });
      expect(run.kvBytesPerToken).toBe(def.kvBytesPerToken);
      expect(run.measuredKvBytesPerToken).toBe(def.kvBytesPerToken); // the real tfjs cache has the formula's size
      expect(run.checkpoint !== null).toBe(def.checkpoint);
      expect(run.steps).toBe(SWEEP_PROTOCOLS[run.task].steps);
    });
  });

  it('a short pretrain reproduces the recorded check losses within the tolerance', async () => {
    const recomputed = await computeCheck(publicFileReader());
    expect(compareChecks(manifest.check.runs, recomputed, CHECK_TOLERANCE)).toEqual([]);
  });

  it('the check can fail: another seed moves the losses far beyond the tolerance', async () => {
    const [first] = checkRuns();
    const corpus = { ...CHECK_PROTOCOLS.corpus, seed: CHECK_PROTOCOLS.corpus.seed + 1 };
    const reseeded = await computeCheck(publicFileReader(), { ...CHECK_PROTOCOLS, corpus }, [first!]);
    const recorded = manifest.check.runs.filter((r) => r.id === first!.id);
    const problems = compareChecks(recorded, reseeded, CHECK_TOLERANCE);
    expect(problems.length).toBeGreaterThan(CHECK_PROTOCOLS.corpus.steps / 2);
  });

  it('every checkpoint has its recorded SHA-256 and gives back its recorded validation loss', async () => {
    const load = dataLoader(publicFileReader());
    const gaps: string[] = [];
    for (const run of manifest.runs) {
      if (!run.checkpoint) continue;
      const bytes = new Uint8Array(readFileSync(`${DIR}/${run.checkpoint.file}`));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(run.checkpoint.sha256);
      const def = defaultSweep().find((r) => r.id === run.id)!;
      const { loss } = await evaluateCheckpoint(run, bytes, manifest.protocols[run.task], await load(def));
      const gap = Math.abs(loss - run.final.valLoss);
      gaps.push(`${run.id}: ${gap.toExponential(2)}`);
      expect(gap, gaps.join('; ')).toBeLessThan(FLOAT16_TOLERANCE);
    }
    expect(gaps.length).toBeGreaterThan(0);
  });
});
