import { parseManifest } from '../../src/sweep/manifest';
import type { Manifest, ManifestRun } from '../../src/sweep/manifest';
import { LONG_PROTOCOL } from '../../src/sweep/protocol';
import { longSweep } from '../../src/sweep/runs';

/** Steps of the made-up long budget: enough validation points for a curve, few enough to read. */
const STEPS = 40;
const VALID_STEPS = [1, 8, 16, 24, 32, 40];

/**
 * The shipped manifest with a long section made up from its full-budget runs (their final losses, a
 * little lower, reached along a falling curve), for testing how the panel draws a long budget before
 * `PRETRAIN_PART=long npm run pretrain` has trained one. Invented numbers, checked by the app's parser.
 */
export function withMadeUpLong(shipped: Manifest): Manifest {
  const protocol = { ...LONG_PROTOCOL, steps: STEPS };
  const runs = longSweep(protocol).map((def, i): ManifestRun => {
    const full = shipped.runs.find((r) => r.id === def.id);
    if (!full) throw new Error(`the shipped manifest has no full-budget run ${def.id}`);
    const end = full.final.valLoss - 0.1 - 0.01 * i;
    const valid = VALID_STEPS.map((step) => ({
      step,
      loss: end + 2 * (1 - step / STEPS) ** 2,
      accuracy: null,
    }));
    return {
      ...full,
      steps: STEPS,
      tokens: STEPS * protocol.batch * protocol.contextLength,
      final: { trainLoss: end, valLoss: end, accuracy: null },
      curve: { trainLoss: Array<number>(STEPS).fill(end), valid },
      checkpoint: null,
    };
  });
  const seeds = (id: string, lo: number, hi: number) => [
    { id, seed: 2, valLoss: lo, accuracy: null },
    { id, seed: 3, valLoss: hi, accuracy: null },
  ];
  const [mha, tpa] = [
    runs.find((r) => r.kind === 'mha')!,
    runs.find((r) => r.id === 'corpus-tpa-h4-r4-2-2')!,
  ];
  const manifest: Manifest = {
    ...shipped,
    long: {
      protocol,
      runs,
      replicas: [
        ...seeds(mha.id, mha.final.valLoss - 0.01, mha.final.valLoss + 0.02),
        ...seeds(tpa.id, tpa.final.valLoss - 0.02, tpa.final.valLoss + 0.01),
      ],
      wallMs: 1000,
    },
  };
  const parsed = parseManifest(manifest);
  if (!parsed.ok) throw new Error(`made-up long manifest: ${parsed.message}`);
  return parsed.value;
}
