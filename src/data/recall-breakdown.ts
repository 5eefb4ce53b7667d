// Where a model's recall answers are right and wrong, for the associative-recall task
// (associative-recall.ts): accuracy by the answer's order in the sequence (first query, second, …) and
// by which pair was asked (the first listed, the second, …), next to a score that needs no recall at
// all: "elimination", which knows the values the pairs hold and the answers already given but not which
// key a value belongs to. A model at the elimination score has learnt which values are in play, not the
// key → value binding.
import { batchInputs, batchTargetMask, batchTargets } from './sequence-batch';
import type { SequenceBatch } from './sequence-batch';

export interface RecallCount {
  readonly correct: number;
  readonly scored: number;
}

export interface RecallBreakdown {
  /** [j]: the j-th scored answer of a row (0 = the first query) */
  readonly byQuery: readonly RecallCount[];
  /** [i]: answers whose query asked the i-th listed pair (0 = the pair at the start of the sequence) */
  readonly byPair: readonly RecallCount[];
  /**
   * [j]: expected correct answers of the elimination strategy at the j-th query (fractional): pick, uniformly
   * among the most frequent, a value of the pairs not yet used up by the earlier answers.
   */
  readonly eliminationByQuery: readonly number[];
  /** wrong answers, and how many of them named a value of the pairs still left after the earlier answers */
  readonly wrong: { readonly total: number; readonly leftValue: number };
}

function counts(n: number): { correct: number; scored: number }[] {
  return Array.from({ length: n }, () => ({ correct: 0, scored: 0 }));
}

/**
 * Breaks recall accuracy down over the batch's scored answers. `predictions` is row-major
 * [batchSize, contextLength] (e.g. the argmax of the logits at every input position), as for
 * `maskedAccuracy`; `numPairs` is the task's N: the pairs are the first 2N tokens of a row (key, value).
 * A query is the input token before a scored answer; its pair is found by its key among the pairs.
 */
export function recallBreakdown(
  batch: SequenceBatch,
  predictions: ArrayLike<number>,
  numPairs: number,
): RecallBreakdown {
  const { batchSize: b, contextLength: t } = batch;
  const inputs = batchInputs(batch);
  const targets = batchTargets(batch);
  const mask = batchTargetMask(batch);
  if (predictions.length !== targets.length) {
    throw new RangeError(
      `recallBreakdown: expected ${targets.length} predictions, got ${predictions.length}`,
    );
  }
  if (!Number.isInteger(numPairs) || numPairs < 1 || 2 * numPairs > t + 1) {
    throw new RangeError(`recallBreakdown: numPairs ${numPairs} does not fit rows of ${t + 1} tokens`);
  }
  const byQuery: { correct: number; scored: number }[] = [];
  const byPair = counts(numPairs);
  const elimination: number[] = [];
  let wrong = 0;
  let leftValue = 0;
  for (let row = 0; row < b; row++) {
    const tokens = batch.tokens.subarray(row * (t + 1), (row + 1) * (t + 1));
    const keys = Array.from({ length: numPairs }, (_, i) => tokens[2 * i]!);
    const left = new Map<number, number>();
    for (let i = 0; i < numPairs; i++) {
      const v = tokens[2 * i + 1]!;
      left.set(v, (left.get(v) ?? 0) + 1);
    }
    let j = 0;
    for (let col = 0; col < t; col++) {
      const at = row * t + col;
      if (mask[at] !== 1) continue;
      const target = targets[at]!;
      const predicted = predictions[at]!;
      const ok = predicted === target;
      byQuery[j] ??= { correct: 0, scored: 0 };
      byQuery[j]!.scored++;
      if (ok) byQuery[j]!.correct++;
      const pair = keys.indexOf(inputs[at]!);
      if (pair >= 0) {
        byPair[pair]!.scored++;
        if (ok) byPair[pair]!.correct++;
      }
      // elimination: the most frequent values left, one of them picked uniformly
      let best = 0;
      let ties = 0;
      for (const c of left.values()) {
        if (c > best) [best, ties] = [c, 1];
        else if (c === best) ties++;
      }
      const targetLeft = left.get(target) ?? 0;
      elimination[j] = (elimination[j] ?? 0) + (targetLeft > 0 && targetLeft === best ? 1 / ties : 0);
      if (!ok) {
        wrong++;
        if ((left.get(predicted) ?? 0) > 0) leftValue++;
      }
      // the true answer is the next input token: it uses up one of its value
      if (targetLeft > 1) left.set(target, targetLeft - 1);
      else left.delete(target);
      j++;
    }
  }
  return { byQuery, byPair, eliminationByQuery: elimination, wrong: { total: wrong, leftValue } };
}

/** correct / scored, or NaN when nothing was scored. */
export function rate(c: RecallCount): number {
  return c.scored === 0 ? NaN : c.correct / c.scored;
}

/** Adds two breakdowns of the same task (e.g. of two validation batches). */
export function mergeBreakdowns(a: RecallBreakdown, b: RecallBreakdown): RecallBreakdown {
  const add = (x: readonly RecallCount[], y: readonly RecallCount[]) =>
    Array.from({ length: Math.max(x.length, y.length) }, (_, i) => ({
      correct: (x[i]?.correct ?? 0) + (y[i]?.correct ?? 0),
      scored: (x[i]?.scored ?? 0) + (y[i]?.scored ?? 0),
    }));
  return {
    byQuery: add(a.byQuery, b.byQuery),
    byPair: add(a.byPair, b.byPair),
    eliminationByQuery: Array.from(
      { length: Math.max(a.eliminationByQuery.length, b.eliminationByQuery.length) },
      (_, i) => (a.eliminationByQuery[i] ?? 0) + (b.eliminationByQuery[i] ?? 0),
    ),
    wrong: { total: a.wrong.total + b.wrong.total, leftValue: a.wrong.leftValue + b.wrong.leftValue },
  };
}
