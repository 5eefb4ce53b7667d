import { describe, expect, it } from 'vitest';
import { CHECK_TOLERANCE, checkRuns, compareChecks } from '../../../src/sweep/check';
import { CHECK_PROTOCOLS } from '../../../src/sweep/protocol';

const rec = {
  id: 'corpus-mha-h4',
  task: 'corpus' as const,
  trainLoss: [4.5, 4.1],
  valLoss: 3.9,
  accuracy: null,
};

describe('reproducibility check comparison', () => {
  it('accepts differences within the tolerance', () => {
    const got = { ...rec, trainLoss: [4.5 + CHECK_TOLERANCE / 2, 4.1], valLoss: 3.9 - CHECK_TOLERANCE / 2 };
    expect(compareChecks([rec], [got], CHECK_TOLERANCE)).toEqual([]);
  });

  it('names every step, validation loss and accuracy beyond it', () => {
    const got = { ...rec, trainLoss: [4.5, 4.2], valLoss: NaN, accuracy: 0.5 };
    expect(compareChecks([rec], [got], CHECK_TOLERANCE)).toEqual([
      'corpus-mha-h4: step 2 loss 4.2 vs recorded 4.1',
      'corpus-mha-h4: validation loss NaN vs recorded 3.9',
      'corpus-mha-h4: recall accuracy 0.5 vs recorded null',
    ]);
  });

  it('reports missing runs and a different number of steps', () => {
    expect(compareChecks([rec], [], CHECK_TOLERANCE)).toEqual([
      '1 recorded check runs, 0 recomputed',
      'corpus-mha-h4: not recomputed',
    ]);
    expect(compareChecks([rec], [{ ...rec, trainLoss: [4.5] }], CHECK_TOLERANCE)[0]).toMatch(
      /1 steps, recorded 2/,
    );
  });

  it('the check runs are short versions of sweep runs, on both tasks', () => {
    const runs = checkRuns();
    expect(runs.map((r) => r.task).sort()).toEqual(['corpus', 'corpus', 'recall']);
    for (const r of runs) expect(r.patch.trainSteps).toBe(CHECK_PROTOCOLS[r.task].steps);
  });
});
