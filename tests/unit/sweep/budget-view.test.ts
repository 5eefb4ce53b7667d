import { describe, expect, it } from 'vitest';
import { budgetNote, budgetOptions, chartBudgetOfJob } from '../../../src/view-models/quality/budget-view';
import { budgetScope, scaleText } from '../../../src/view-models/quality/scale';
import {
  EXTENDED_PROTOCOL,
  LONG_PROTOCOL,
  LONGEST_PROTOCOL,
  QUICK_PROTOCOL,
} from '../../../src/sweep/protocol';
import {
  EXTENDED_STEPS,
  FIXTURE_RESULTS,
  fixtureManifest,
  fixtureWithExtended,
  fixtureWithLong,
  fixtureWithLongest,
  LONG_STEPS,
  QUICK_STEPS,
} from './fixtures';

const plain = fixtureManifest(FIXTURE_RESULTS);
const withLong = fixtureWithLong();

describe('where a result holds', () => {
  it('names the width and depth runs share, and a range where they differ', () => {
    const shape = (dModel: number, layers: number) => ({ config: { dModel, layers } });
    expect(scaleText([shape(128, 2), shape(128, 2)])).toBe('d = 128, 2 layers');
    expect(scaleText([shape(64, 1)])).toBe('d = 64, 1 layer');
    expect(scaleText([shape(64, 1), shape(256, 4)])).toBe('d = 64–256, 1–4 layers');
    expect(scaleText([])).toBe('');
  });

  it('states the tokens per run and the protocol of a budget', () => {
    // the fixture's full corpus budget: 10 steps × 16 × 64 = 10,240 tokens; its quick one 4 × 8 × 64
    expect(budgetScope(plain, 'full')).toBe(
      '10.2K tokens per run (full budget: 10 steps × 16 windows of 64 characters)',
    );
    expect(budgetScope(plain, 'quick')).toBe(
      `2.05K tokens per run (quick budget: ${QUICK_STEPS} steps × ${QUICK_PROTOCOL.batch} windows of 64 characters)`,
    );
    expect(budgetScope(plain, 'full', 'recall')).toBe(
      '3.84K tokens per run (full budget: 10 steps × 16 sequences of 24 tokens)',
    );
  });
});

describe('the budget switch', () => {
  it('offers quick, full, long, extended and longest, the last three only once they are trained', () => {
    const tokens = (steps: number, batch: number) => steps * batch * 64;
    expect(budgetOptions(plain)).toEqual([
      {
        budget: 'quick',
        label: 'quick',
        tokens: tokens(QUICK_STEPS, 8),
        hint: '2.05K tokens',
        available: true,
      },
      { budget: 'full', label: 'full', tokens: tokens(10, 16), hint: '10.2K tokens', available: true },
      {
        budget: 'long',
        label: 'long',
        tokens: tokens(LONG_PROTOCOL.steps, LONG_PROTOCOL.batch),
        hint: 'not trained yet',
        available: false,
      },
      {
        budget: 'extended',
        label: 'extended',
        tokens: tokens(EXTENDED_PROTOCOL.steps, EXTENDED_PROTOCOL.batch),
        hint: 'not trained yet',
        available: false,
      },
      {
        budget: 'longest',
        label: 'longest',
        tokens: tokens(LONGEST_PROTOCOL.steps, LONGEST_PROTOCOL.batch),
        hint: 'not trained yet',
        available: false,
      },
    ]);
    expect(EXTENDED_PROTOCOL.steps).toBe(2 * LONG_PROTOCOL.steps);
    expect(LONGEST_PROTOCOL).toEqual({ ...LONG_PROTOCOL, steps: 12_800 });
    expect(budgetOptions(fixtureWithExtended())[3]).toEqual({
      budget: 'extended',
      label: 'extended',
      tokens: tokens(EXTENDED_STEPS, 16),
      hint: '205K tokens',
      available: true,
    });
    expect(budgetOptions(withLong)[2]).toEqual({
      budget: 'long',
      label: 'long',
      tokens: tokens(LONG_STEPS, 16),
      hint: '102K tokens',
      available: true,
    });
  });

  it('says what the chosen budget holds, or how to train it', () => {
    expect(budgetNote(plain, 'long')).toBe(
      `The long budget, ${LONG_PROTOCOL.steps.toLocaleString('en-US')} steps × 16 windows of 64 characters ` +
        `(${(LONG_PROTOCOL.steps * 16 * 64).toLocaleString('en-US')} tokens per run), has not been ` +
        'trained yet: PRETRAIN_PART=long npm run pretrain adds it to the precomputed results.',
    );
    // 4 long runs at 100 steps against the full budget's 10: ten times the tokens
    expect(budgetNote(withLong, 'long')).toMatch(
      /^Long budget: 4 corpus runs at d = 128, 2 layers, each 100 steps × 16 windows of 64 characters \(102,400 tokens per run\), seed 1, peak learning rate 0\.003\. The head-matched runs again with 10× the full budget's tokens/,
    );
    // 2 extended runs at 200 steps against the long budget's 100
    expect(budgetNote(fixtureWithExtended(), 'extended')).toMatch(
      /^Extended budget: 2 corpus runs at d = 128, 2 layers, each 200 steps × 16 windows of 64 characters \(204,800 tokens per run\), seed 1, peak learning rate 0\.003\. MHA and the default TPA only, with 2× the long budget's tokens/,
    );
    expect(budgetNote(plain, 'extended')).toContain('PRETRAIN_PART=extended npm run pretrain adds it');
    // 4 longest runs at 400 steps against the long budget's 100
    expect(budgetNote(fixtureWithLongest(), 'longest')).toMatch(
      /^Longest budget: 4 corpus runs at d = 128, 2 layers, each 400 steps × 16 windows of 64 characters \(409,600 tokens per run\), seed 1, peak learning rate 0\.003\. The long budget's runs and seeds with 4× its tokens/,
    );
    expect(budgetNote(plain, 'longest')).toContain('PRETRAIN_PART=longest npm run pretrain adds it');
    expect(budgetNote(plain, 'full')).toMatch(
      /^Full budget: 8 corpus runs at d = 128, 2 layers, each 10 steps/,
    );
  });

  it('puts a live run that starts on the chart of its budget', () => {
    expect(chartBudgetOfJob(plain, 'quick:corpus-mha-h4')).toBe('quick');
    expect(chartBudgetOfJob(plain, 'quick:yours-tpa-h4-q3-k2-v2-dh32-d128-l2')).toBe('quick');
    expect(chartBudgetOfJob(plain, 'full:corpus-mqa-h4')).toBe('full');
    // recall has its own chart; a model of the reader's own at the full budget may be either task
    expect(chartBudgetOfJob(plain, 'full:recall-mha-h4')).toBeNull();
    expect(chartBudgetOfJob(plain, 'full:yours-tpa-h4-q3-k2-v2-dh32-d128-l2')).toBeNull();
  });
});
