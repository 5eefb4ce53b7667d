/**
 * The shipped manifest's budget sections (long, extended and, once trained, longest) were made by the
 * current definitions: each section's protocol is the code's, its runs are its sweep's in order, and its
 * replicas are the seeds the code asks for. A section merged from another checkout (the longest one is
 * trained across sessions) must pass the same.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../src/sweep/manifest';
import type { Manifest, ManifestBudgetSection } from '../../../src/sweep/manifest';
import {
  EXTENDED_PROTOCOL,
  LONG_PROTOCOL,
  LONGEST_PROTOCOL,
  SWEEP_PROTOCOLS,
} from '../../../src/sweep/protocol';
import type { TrainingProtocol } from '../../../src/sweep/protocol';
import {
  buildRun,
  extendedSweep,
  longestSweep,
  longSweep,
  REPLICA_REQUESTS,
  REPLICA_SEEDS,
} from '../../../src/sweep/runs';
import type { SweepRun } from '../../../src/sweep/runs';

const parsed = parseManifest(JSON.parse(readFileSync('public/pretrained/manifest.json', 'utf8')));
if (!parsed.ok) throw new Error(parsed.message);
const manifest: Manifest = parsed.value;

const BUDGETS: readonly {
  name: 'long' | 'extended' | 'longest';
  protocol: TrainingProtocol;
  sweep: () => SweepRun[];
  replicated: boolean;
}[] = [
  { name: 'long', protocol: LONG_PROTOCOL, sweep: () => longSweep(), replicated: true },
  { name: 'extended', protocol: EXTENDED_PROTOCOL, sweep: () => extendedSweep(), replicated: false },
  { name: 'longest', protocol: LONGEST_PROTOCOL, sweep: () => longestSweep(), replicated: true },
];

function check(section: ManifestBudgetSection, b: (typeof BUDGETS)[number]) {
  expect(section.protocol).toEqual(b.protocol);
  const sweep = b.sweep();
  expect(section.runs.map((r) => r.id)).toEqual(sweep.map((r) => r.id));
  section.runs.forEach((run, i) => {
    expect(run.steps).toBe(b.protocol.steps);
    expect(run.seed).toBe(b.protocol.seed);
    expect({ ...run.config, vocabSize: undefined }).toEqual({ ...sweep[i]!.shape, vocabSize: undefined });
  });
  const ids = new Set(sweep.map((r) => r.id));
  // the replicas the pretrain asks for (src/tools/pretrain-jobs.ts sweepJobs): REPLICA_REQUESTS in the sweep
  const requested = REPLICA_REQUESTS.map((q) => buildRun(q, { ...SWEEP_PROTOCOLS, corpus: b.protocol }).id);
  const expected = b.replicated
    ? requested.filter((id) => ids.has(id)).flatMap((id) => REPLICA_SEEDS.map((seed) => [id, seed]))
    : [];
  expect(expected.length).toBe(b.replicated ? 2 * REPLICA_SEEDS.length : 0);
  expect(section.replicas.map((r) => [r.id, r.seed]).sort()).toEqual(expected.sort());
  expect(section.replicas.every((r) => ids.has(r.id))).toBe(true);
}

describe('the shipped budget sections', () => {
  it('the long and extended budgets are shipped', () => {
    expect(manifest.long).toBeDefined();
    expect(manifest.extended).toBeDefined();
  });

  for (const b of BUDGETS)
    it(`the ${b.name} section, where shipped, was made by the current protocol, sweep and seeds`, () => {
      const section = manifest[b.name];
      if (section) check(section, b);
      else expect(b.name).toBe('longest'); // only the longest budget may be missing (in training)
    });
});
