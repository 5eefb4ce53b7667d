import { describe, expect, it } from 'vitest';
import { PAPER_ZERO_SHOT } from '../../../components/article/paper-results';
import { qualitySummary } from '../../../src/view-models/quality/summary';
import { seedSpread } from '../../../src/sweep/manifest';
import type { PaperRow } from '../../../src/view-models/quality/summary';
import {
  FIXTURE_RESULTS,
  fixtureManifest,
  fixtureWithExtended,
  fixtureWithLong,
  fixtureWithLongest,
  LONGEST_STEPS,
  QUICK_GAP,
} from './fixtures';

const replicas = [
  { id: 'corpus-mha-h4', seed: 2, valLoss: 2.04, accuracy: null },
  { id: 'corpus-mha-h4', seed: 3, valLoss: 1.98, accuracy: null },
  { id: 'corpus-tpa-h4-r4-2-2', seed: 2, valLoss: 2.02, accuracy: null },
];
const manifest = fixtureManifest(FIXTURE_RESULTS, replicas);
/** Where the fixture's results hold: its model and its full budget's protocols (10 steps; T = 64 and 24). */
const FULL =
  'at d = 128, 2 layers, after 10.2K tokens per run (full budget: 10 steps × 16 windows of 64 characters)';
const RECALL =
  'at d = 128, 2 layers, after 3.84K tokens per run (full budget: 10 steps × 16 sequences of 24 tokens)';
const summary = (budgetBytes: number, m = manifest, paper: readonly PaperRow[] = PAPER_ZERO_SHOT) =>
  qualitySummary({ manifest: m, budgetBytes, paper });

describe('quality summary', () => {
  it('the seed spread is the largest max − min over configurations trained with several seeds', () => {
    expect(seedSpread(manifest)).toBeCloseTo(0.06, 10); // MHA: 1.98 … 2.04
    expect(seedSpread(fixtureManifest(FIXTURE_RESULTS))).toBeNull();
  });

  it('names the best corpus run within the budget and compares it with MHA and the noise', () => {
    expect(summary(1152).budget).toBe(
      'With at most 1,152 B of KV cache per token (your configuration), the lowest validation loss among the ' +
        `5 precomputed corpus runs that fit ${FULL}, is TPA R=(4,2,2)'s 2.050 (1,152 B per token). MHA reaches 2.000 ` +
        // MHA's seeds 2.00, 1.98, 2.04: mean 2.0067, 0.043 below TPA's 2.05
        '(its 3 seeds: 1.980–2.040, mean 2.007) with 1.78× that cache, a difference from that mean within the ' +
        'seed-to-seed spread of 0.060.',
    );
  });

  it('says which runs tie with the best within the seed spread', () => {
    const m = fixtureManifest({ ...FIXTURE_RESULTS, 'corpus-gqa-h4-g2': { valLoss: 2.33 } }, replicas);
    expect(summary(1024, m).budget).toMatch(
      /lowest validation loss among the 3 precomputed corpus runs that fit at d = 128, 2 layers, after 10\.2K tokens per run \(full budget: 10 steps × 16 windows of 64 characters\), is TPA R=\(1,1,1\)'s 2\.250 .* 1 other run that fits is within that spread of the best \(MQA\): at this size and budget they tie\.$/,
    );
  });

  it('says a gap is beyond the noise when it is', () => {
    // MQA's 2.30 against MHA's mean 2.0067
    expect(summary(512).budget).toContain(
      'a difference from that mean larger than the seed-to-seed spread of 0.060',
    );
  });

  it('with the whole sweep in budget, MHA itself can be the best', () => {
    expect(summary(1e6).budget).toMatch(
      /is MHA's 2\.000 \(2,048 B per token\)\. 1 other run that fits is within that spread of the best \(TPA R=\(4,2,2\)\): at this size and budget they tie\.$/,
    );
  });

  it('says when no run is as small as the budget, and when the noise is unknown', () => {
    expect(summary(100).budget).toBe(
      'No precomputed run has a KV cache as small as 100 B per token; the smallest, MQA at 512 B, reaches a ' +
        `validation loss of 2.300 ${FULL}.`,
    );
    expect(summary(1152, fixtureManifest(FIXTURE_RESULTS)).budget).toMatch(
      /No run was repeated with other seeds, so how much of a gap is noise is not known\.$/,
    );
  });

  it('speaks of the chosen token budget: its runs, its seed spread, its scale', () => {
    // the quick section: the corpus runs again, QUICK_GAP higher, MHA's seeds 2.6 and 2.45 (spread 0.15)
    const quickReplicas = [{ id: 'corpus-mha-h4', seed: 2, valLoss: 2 + QUICK_GAP + 0.1, accuracy: null }];
    const m = fixtureManifest(FIXTURE_RESULTS, replicas, quickReplicas);
    const quick = qualitySummary({ manifest: m, budgetBytes: 1152, paper: PAPER_ZERO_SHOT, budget: 'quick' });
    expect(quick.budget).toBe(
      'With at most 1,152 B of KV cache per token (your configuration), the lowest validation loss among the ' +
        '5 precomputed corpus runs that fit at d = 128, 2 layers, after 2.05K tokens per run (quick budget: ' +
        "4 steps × 8 windows of 64 characters), is TPA R=(4,2,2)'s 2.550 (1,152 B per token). MHA reaches " +
        // MHA's quick seeds 2.50 and 2.60: mean 2.55, level with the best
        '2.500 (its 2 seeds: 2.500–2.600, mean 2.550) with 1.78× that cache, a difference from that mean ' +
        'within the seed-to-seed spread of 0.100. 1 other run that ' +
        // TPA-KVonly: 2.62, 0.07 above the best: within the quick spread (0.1), not the full one (0.06)
        'fits is within that spread of the best (TPA-KVonly R=(2,2)): at this size and budget they tie.',
    );
    // the long section: 4 runs, GQA and TPA R=(4,2,2) fit; TPA 1.80 against MHA's 1.79, no replicas
    const long = qualitySummary({
      manifest: fixtureWithLong(),
      budgetBytes: 1152,
      paper: PAPER_ZERO_SHOT,
      budget: 'long',
    });
    expect(long.budget).toMatch(
      /^With at most 1,152 B .* among the 2 precomputed corpus runs that fit at d = 128, 2 layers, after 102K tokens per run \(long budget: 100 steps × 16 windows of 64 characters\), is TPA R=\(4,2,2\)'s 1\.800 .* MHA reaches 1\.790 .* No run was repeated with other seeds/,
    );
    // recall has one budget: its sentence does not change with the corpus budget
    expect(long.recall).toBe(summary(1152).recall);
    expect(
      qualitySummary({ manifest, budgetBytes: 1152, paper: PAPER_ZERO_SHOT, budget: 'long' }).budget,
    ).toBe('There are no precomputed corpus runs at the long budget yet.');
  });

  it('reports recall accuracy at the budget against guessing and against picking a value of the sequence', () => {
    // T = 24: 4 pairs, 4 questions per sequence; 40 batches × 8 sequences × 4 = 1,280 answers
    expect(summary(1152).recall).toBe(
      `On associative recall, ${RECALL}, the best accuracy with at most 1,152 B per token is TPA R=(4,2,2)'s 70.0% of ` +
        '1,280 answers (±1.3% standard error; guessing a value scores 10.0%; picking one of the 4 values in the sequence, ' +
        '25.0%); MHA, with 2,048 B, recalls 90.0%. MHA recalls the most, 90.0%; more than three standard ' +
        'errors below it: TPA R=(1,1,1) (576 B, 30.0%), TPA R=(4,2,2) (1,152 B, 70.0%).',
    );
  });

  it('says when a run with a larger cache recalls less than a smaller one: the gap follows the kind', () => {
    const m = fixtureManifest({
      ...FIXTURE_RESULTS,
      'recall-mha-h4': { valLoss: 1.0, accuracy: 0.6 },
      'recall-mqa-h4': { valLoss: 1.0, accuracy: 1 },
      'recall-tpa-h4-r4-2-2': { valLoss: 1.1, accuracy: 0.58 },
      'recall-tpa-h4-r1-1-1': { valLoss: 1.2, accuracy: 0.57 },
    });
    // MQA caches 512 B; MHA (2,048 B) and TPA R=(4,2,2) (1,152 B) have more cache and recall less
    expect(summary(1152, m).recall).toMatch(
      /MQA recalls the most, 100\.0% with only 512 B; more than three standard errors below it: TPA R=\(1,1,1\) \(576 B, 57\.0%\), TPA R=\(4,2,2\) \(1,152 B, 58\.0%\), MHA \(2,048 B, 60\.0%\)\. So here the gap follows the attention kind, not the cache size\.$/,
    );
    // the same with MHA tied at the top: the smaller cache counts as the top, MHA is not below it
    const tied = fixtureManifest({
      ...FIXTURE_RESULTS,
      'recall-mha-h4': { valLoss: 1.0, accuracy: 1 },
      'recall-mqa-h4': { valLoss: 1.0, accuracy: 1 },
      'recall-tpa-h4-r4-2-2': { valLoss: 1.1, accuracy: 0.58 },
      'recall-tpa-h4-r1-1-1': { valLoss: 1.2, accuracy: 0.57 },
    });
    expect(summary(1152, tied).recall).toMatch(
      /MQA recalls the most, 100\.0% with only 512 B; more than three standard errors below it: TPA R=\(1,1,1\) \(576 B, 57\.0%\), TPA R=\(4,2,2\) \(1,152 B, 58\.0%\)\. So here/,
    );
  });

  it('names the smallest run that is not below when it is not the top one', () => {
    // MHA is the top; MQA (512 B) and TPA R=(1,1,1) (576 B) are within the noise of it; TPA R=(4,2,2)
    // (1,152 B) is below: the smallest cache not below is MQA's
    const m = fixtureManifest({
      ...FIXTURE_RESULTS,
      'recall-mha-h4': { valLoss: 1.0, accuracy: 0.9 },
      'recall-mqa-h4': { valLoss: 1.0, accuracy: 0.89 },
      'recall-tpa-h4-r4-2-2': { valLoss: 1.1, accuracy: 0.6 },
      'recall-tpa-h4-r1-1-1': { valLoss: 1.2, accuracy: 0.88 },
    });
    expect(summary(1152, m).recall).toMatch(
      /MHA recalls the most, 90\.0%; more than three standard errors below it: TPA R=\(4,2,2\) \(1,152 B, 60\.0%\)\. MQA is not below it with only 512 B, so here the gap follows the attention kind, not the cache size\.$/,
    );
  });

  it('names no run as below the top one when the gaps are within the noise', () => {
    // 1,280 answers: at 0.90 and 0.89 the standard errors are 0.84% and 0.87%, the gap 1%
    const m = fixtureManifest({
      ...FIXTURE_RESULTS,
      'recall-tpa-h4-r4-2-2': { valLoss: 1.1, accuracy: 0.89 },
      'recall-tpa-h4-r1-1-1': { valLoss: 1.2, accuracy: 0.88 },
    });
    expect(summary(1152, m).recall).toMatch(/MHA, with 2,048 B, recalls 90\.0%\.$/);
  });

  it('says plainly when no run learned recall', () => {
    const m = fixtureManifest({
      'recall-mha-h4': { valLoss: 1.2, accuracy: 0.11 },
      'recall-tpa-h4-r1-1-1': { valLoss: 1.2, accuracy: 0.095 },
      'corpus-mha-h4': { valLoss: 2 },
    });
    expect(summary(1152, m).recall).toBe(
      `On associative recall no run learned to recall ${RECALL}: every accuracy is within three standard ` +
        'errors of guessing (10.0% of 1,280 answers), so this view cannot tell the kinds apart yet.',
    );
  });

  it('says when the runs only learned which values occur, not which key they belong to', () => {
    const m = fixtureManifest({
      'recall-mha-h4': { valLoss: 1.2, accuracy: 0.27 },
      'recall-tpa-h4-r1-1-1': { valLoss: 1.2, accuracy: 0.2 },
      'corpus-mha-h4': { valLoss: 2 },
    });
    expect(summary(1152, m).recall).toBe(
      `On associative recall, ${RECALL}, the runs learned which values occur in a sequence but not yet which key each ` +
        'belongs to: the best, MHA, answers 27.0% of 1,280 questions (guessing a value scores 10.0%; picking ' +
        'one of the 4 values in the sequence, 25.0%), so this view cannot tell the kinds apart yet.',
    );
  });

  it('relates the runs to the paper with numbers from its table and from the manifest', () => {
    expect(summary(1152).paper).toBe(
      'The paper trained 124M–1.5B-parameter models on about 50B tokens; there TPA or TPA-KVonly has the best ' +
        'average downstream accuracy at 4 of 4 sizes, by 0.01–0.97 points. These runs have 400K parameters and ' +
        'saw 3.84K–10.2K tokens each (at most 3 s of training): at least 4.88M times fewer tokens. They show ' +
        "what each kind's cache costs and how the kinds compare at this size after so few tokens; they " +
        "cannot confirm or refute the paper's ranking, whose margins are about a point of accuracy at scale.",
    );
  });

  it('counts the runs of every budget section in the tokens the runs saw', () => {
    // the fixture's longest runs see 400 × 16 × 64 = 410K tokens, the most of any section
    expect(LONGEST_STEPS * 16 * 64).toBe(409_600);
    const m = { ...fixtureWithExtended(), longest: fixtureWithLongest().longest };
    expect(summary(1152, m).paper).toContain('tokens each');
    expect(summary(1152, m).paper).toMatch(/saw [\d.]+K–410K tokens each/);
    expect(summary(1152, fixtureWithExtended()).paper).toMatch(/saw [\d.]+K–205K tokens each/);
  });

  it('follows the paper table it is given', () => {
    const rows: PaperRow[] = [
      { size: 'tiny (1M)', scores: { mha: 50, mqa: 40, gqa: 40, mla: 40, 'tpa-kvonly': 45, tpa: 49 } },
      { size: 'big (2M)', scores: { mha: 50, mqa: 40, gqa: 40, mla: 40, 'tpa-kvonly': 52, tpa: 49 } },
    ];
    expect(summary(1152, manifest, rows).paper).toMatch(
      /^The paper trained 1M–2M-parameter .* at 1 of 2 sizes, by 2–2 points\./,
    );
  });
});
