/**
 * The reproducibility check: a few steps of a few runs, trained by the same code as the full sweep.
 * `npm run pretrain` records the results in the manifest; a unit test trains them again and compares.
 */
import { CHECK_PROTOCOLS } from './protocol';
import type { SweepTask } from './protocol';
import { buildRun } from './runs';
import type { RunRequest, SweepRun } from './runs';

/**
 * Largest difference allowed between a recorded and a recomputed check loss (nats). The wasm backend
 * computes in float32 with a fixed order of operations, so the same code on the same data gives the
 * same bits on any machine; the margin only allows for a different tfjs build rounding differently.
 * A change to the data, the batches, the initialisation, the schedule or the optimiser moves these
 * losses by far more within six steps (the unit test shows a changed seed does).
 */
export const CHECK_TOLERANCE = 1e-4;

/** Two corpus runs (MHA and the default TPA) and a low-rank TPA on associative recall. */
const CHECK_REQUESTS: readonly RunRequest[] = [
  { task: 'corpus', kind: 'mha', matching: 'head' },
  { task: 'corpus', kind: 'tpa', matching: 'head' },
  { task: 'recall', kind: 'tpa', matching: 'head', knobs: { rankQ: 1, rankK: 1, rankV: 1 } },
];

export function checkRuns(): SweepRun[] {
  return CHECK_REQUESTS.map((r) => buildRun(r, CHECK_PROTOCOLS));
}

/** What the check records per run. */
export interface CheckResult {
  readonly id: string;
  readonly task: SweepTask;
  readonly trainLoss: readonly number[];
  readonly valLoss: number;
  readonly accuracy: number | null;
}

/** Every difference beyond `tolerance` between recorded and recomputed checks, as readable lines. */
export function compareChecks(
  recorded: readonly CheckResult[],
  recomputed: readonly CheckResult[],
  tolerance: number,
): string[] {
  const problems: string[] = [];
  const byId = new Map(recomputed.map((r) => [r.id, r]));
  if (recorded.length !== recomputed.length)
    problems.push(`${recorded.length} recorded check runs, ${recomputed.length} recomputed`);
  const far = (a: number, b: number) => !(Math.abs(a - b) <= tolerance);
  for (const want of recorded) {
    const got = byId.get(want.id);
    if (!got) {
      problems.push(`${want.id}: not recomputed`);
      continue;
    }
    if (got.trainLoss.length !== want.trainLoss.length)
      problems.push(`${want.id}: ${got.trainLoss.length} steps, recorded ${want.trainLoss.length}`);
    want.trainLoss.forEach((w, i) => {
      const g = got.trainLoss[i];
      if (g === undefined || far(w, g)) problems.push(`${want.id}: step ${i + 1} loss ${g} vs recorded ${w}`);
    });
    if (far(want.valLoss, got.valLoss))
      problems.push(`${want.id}: validation loss ${got.valLoss} vs recorded ${want.valLoss}`);
    if ((want.accuracy === null) !== (got.accuracy === null) || far(want.accuracy ?? 0, got.accuracy ?? 0))
      problems.push(`${want.id}: recall accuracy ${got.accuracy} vs recorded ${want.accuracy}`);
  }
  return problems;
}
