/**
 * The quick budget's section of the shipped manifest: made by the current definitions, and one of its
 * runs trained again in Node on wasm lands on its recorded numbers (what the end-to-end test checks in
 * Chromium for a live re-run).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECK_TOLERANCE } from '../../../src/sweep/check';
import { parseManifest } from '../../../src/sweep/manifest';
import type { Manifest } from '../../../src/sweep/manifest';
import { QUICK_PROTOCOL } from '../../../src/sweep/protocol';
import { quickSweep } from '../../../src/sweep/runs';
import { publicFileReader, useWasmBackend } from '../../../src/tools/pretrain-node';
import { dataLoader, trainRun } from '../../../src/tools/pretrain-train';

function shipped(): Manifest {
  const parsed = parseManifest(JSON.parse(readFileSync('public/pretrained/manifest.json', 'utf8')));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

describe('the quick budget (manifest.quick)', () => {
  const manifest = shipped();
  beforeAll(useWasmBackend);

  it('was made by the current quick protocol and sweep', () => {
    expect(manifest.quick.protocol).toEqual(QUICK_PROTOCOL);
    const sweep = quickSweep();
    expect(manifest.quick.runs.map((r) => r.id)).toEqual(sweep.map((r) => r.id));
    manifest.quick.runs.forEach((run, i) => {
      expect({ ...run.config, vocabSize: undefined }).toEqual({ ...sweep[i]!.shape, vocabSize: undefined });
      expect(run.checkpoint).toBeNull();
    });
    expect(manifest.quick.replicas.length).toBeGreaterThan(0);
  });

  it('its cheapest run, trained again, gives its recorded losses within the check tolerance', async () => {
    const cheapest = manifest.quick.runs.reduce((a, r) => (r.wallMs < a.wallMs ? r : a));
    const run = quickSweep().find((r) => r.id === cheapest.id)!;
    const trained = await trainRun(run, QUICK_PROTOCOL, await dataLoader(publicFileReader())(run));
    expect(Math.abs(trained.final.loss - cheapest.final.valLoss)).toBeLessThanOrEqual(CHECK_TOLERANCE);
    const curve = trained.trainLoss.map((x) => Number(x.toFixed(4)));
    expect(curve).toEqual(cheapest.curve.trainLoss);
  });
});
