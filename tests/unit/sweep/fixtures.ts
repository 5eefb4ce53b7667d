/** A small, hand-made manifest for tests: real run definitions, invented losses. */
import type { Manifest, ManifestRun } from '../../../src/sweep/manifest';
import { CHECK_PROTOCOLS, SWEEP_PROTOCOLS } from '../../../src/sweep/protocol';
import { defaultSweep } from '../../../src/sweep/runs';

export interface FixtureResult {
  valLoss: number;
  accuracy?: number;
}

const STEPS = 10;

/** Runs of the default sweep with the given final numbers (curves fall linearly to them). */
export function fixtureManifest(
  results: Readonly<Record<string, FixtureResult>>,
  replicas: Manifest['replicas'] = [],
): Manifest {
  const protocols = {
    corpus: { ...SWEEP_PROTOCOLS.corpus, steps: STEPS },
    recall: { ...SWEEP_PROTOCOLS.recall, steps: STEPS },
  };
  const sweep = defaultSweep(protocols);
  const runs: ManifestRun[] = Object.entries(results).map(([id, r]) => {
    const run = sweep.find((s) => s.id === id);
    if (!run) throw new Error(`fixture: no run ${id}`);
    const accuracy = run.task === 'recall' ? (r.accuracy ?? 0.1) : null;
    const trainLoss = Array.from({ length: STEPS }, (_, i) => r.valLoss + (STEPS - 1 - i) * 0.2);
    return {
      id,
      task: run.task,
      kind: run.kind,
      label: run.label,
      matching: run.matching.slice(),
      config: { ...run.shape, vocabSize: run.task === 'corpus' ? 75 : 29 },
      parameters: 400_000,
      attentionParamsPerLayer: run.attentionParamsPerLayer,
      kvElementsPerTokenPerLayer: run.kvElementsPerTokenPerLayer,
      kvBytesPerToken: run.kvBytesPerToken,
      measuredKvBytesPerToken: run.kvBytesPerToken,
      seed: 1,
      steps: STEPS,
      tokens: STEPS * 16 * run.shape.maxSeqLen,
      wallMs: 3000,
      final: { trainLoss: r.valLoss - 0.01, valLoss: r.valLoss, accuracy },
      curve: {
        trainLoss,
        valid: [
          { step: 1, loss: r.valLoss + 2, accuracy: accuracy === null ? null : 0.1 },
          { step: STEPS, loss: r.valLoss, accuracy },
        ],
      },
      checkpoint: null,
    };
  });
  return {
    format: 't6-pretrained',
    version: 1,
    generator: 'test fixture',
    environment: { backend: 'wasm', tfjs: '4.22.0', node: 'v20', cpus: '2' },
    protocols,
    finalTrainWindow: 20,
    totalWallMs: 60_000,
    runs,
    replicas,
    check: {
      protocols: { corpus: { ...CHECK_PROTOCOLS.corpus }, recall: { ...CHECK_PROTOCOLS.recall } },
      tolerance: 1e-4,
      runs: [
        {
          id: 'corpus-mha-h4',
          task: 'corpus',
          trainLoss: Array<number>(CHECK_PROTOCOLS.corpus.steps).fill(4),
          valLoss: 3.9,
          accuracy: null,
        },
      ],
    },
  };
}

/** A typical fixture: six corpus kinds, two TPA ranks, and recall for three runs. */
export const FIXTURE_RESULTS: Readonly<Record<string, FixtureResult>> = {
  'corpus-mha-h4': { valLoss: 2.0 },
  'corpus-mqa-h4': { valLoss: 2.3 },
  'corpus-gqa-h4-g2': { valLoss: 2.2 },
  'corpus-mla-h4-c128-q128-r32': { valLoss: 2.15 },
  'corpus-tpakv-h4-r2-2': { valLoss: 2.12 },
  'corpus-tpa-h4-r4-2-2': { valLoss: 2.05 },
  'corpus-tpa-h4-r1-1-1': { valLoss: 2.25 },
  'corpus-tpa-h4-r4-4-4': { valLoss: 2.1 },
  'recall-mha-h4': { valLoss: 1.0, accuracy: 0.9 },
  'recall-tpa-h4-r4-2-2': { valLoss: 1.1, accuracy: 0.7 },
  'recall-tpa-h4-r1-1-1': { valLoss: 1.2, accuracy: 0.3 },
};
