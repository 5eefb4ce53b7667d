/**
 * What a trained model does on associative recall beyond its accuracy (docs/recall-diagnosis.md), for
 * `npm run recall-diagnosis` and the manifest's recall-diagnosis section:
 * - its answers broken down by query order, next to the elimination score (src/data/recall-breakdown.ts);
 * - per layer and head, the induction circuit's two scores averaged over sequences
 *   (src/model/recall-attention.ts);
 * - its attention probabilities and answers on one sequence.
 */
import * as tf from '@tensorflow/tfjs-core';
import { batchInputs, createRng } from '../data';
import type { MqarSequence, MqarTask, SequenceBatch } from '../data';
import { mergeBreakdowns, recallBreakdown } from '../data/recall-breakdown';
import type { RecallBreakdown } from '../data/recall-breakdown';
import { argmax, inspect, t6Logits } from '../model';
import type { T6Model } from '../model';
import { recallAttention } from '../model/recall-attention';

/** The model's answers (argmax at every position) on `batches`, broken down and added up. */
export function breakdownOf(
  model: T6Model,
  batches: readonly SequenceBatch[],
  numPairs: number,
): RecallBreakdown {
  let total: RecallBreakdown | null = null;
  for (const batch of batches) {
    const { batchSize: b, contextLength: t } = batch;
    const predictions = tf.tidy(() => {
      const inputs = tf.tensor2d(batchInputs(batch), [b, t], 'int32');
      return tf.argMax(t6Logits(model, inputs), -1).dataSync();
    });
    const r = recallBreakdown(batch, predictions, numPairs);
    total = total ? mergeBreakdowns(total, r) : r;
  }
  if (!total) throw new Error('no batches');
  return total;
}

/** One head's recall scores, means over sequences. */
export interface HeadScores {
  layer: number;
  head: number;
  previousToken: number;
  onKey: number;
  onValue: number;
  onOtherValues: number;
}

/** The T input tokens of a sequence and its query keys' input positions. */
function inputsOf(seq: MqarSequence, contextLength: number) {
  return {
    tokens: Array.from(seq.tokens.subarray(0, contextLength)),
    queryPositions: seq.queries.map((q) => q.position - 1),
  };
}

/**
 * Per layer and head (layer-major), `recallAttention`'s scores averaged over the first `sequences`
 * sequences of the task's generator seeded with `seed`.
 */
export function headScores(model: T6Model, task: MqarTask, sequences: number, seed: number): HeadScores[] {
  const rng = createRng(seed);
  const numPairs = task.config.numPairs;
  const heads = new Map<string, HeadScores>();
  for (let s = 0; s < sequences; s++) {
    const { tokens, queryPositions } = inputsOf(task.sequence(rng), task.config.contextLength);
    for (const h of recallAttention(inspect(model, tokens), numPairs, queryPositions)) {
      const key = `${h.layer}/${h.head}`;
      const a = heads.get(key) ?? {
        layer: h.layer,
        head: h.head,
        previousToken: 0,
        onKey: 0,
        onValue: 0,
        onOtherValues: 0,
      };
      a.previousToken += h.previousToken / sequences;
      a.onKey += h.onKey / sequences;
      a.onValue += h.onValue / sequences;
      a.onOtherValues += h.onOtherValues / sequences;
      heads.set(key, a);
    }
  }
  return [...heads.values()].sort((a, b) => a.layer - b.layer || a.head - b.head);
}

/**
 * On one sequence: the attention probabilities [layers][heads][T][T] rounded to `decimals`, and the
 * token the model predicts at each query key (argmax of its logits).
 */
export function sequenceAttention(
  model: T6Model,
  seq: MqarSequence,
  contextLength: number,
  decimals: number,
): { attention: number[][][][]; predicted: number[] } {
  const { tokens, queryPositions } = inputsOf(seq, contextLength);
  const view = inspect(model, tokens);
  const scale = 10 ** decimals;
  const attention = view.layers.map((entry) => {
    const probs = entry.tensors.probs;
    if (!probs) throw new Error(`layer ${entry.layer} recorded no attention probabilities`);
    const [heads, rows, cols] = probs.shape as [number, number, number];
    return Array.from({ length: heads }, (_, h) =>
      Array.from({ length: rows }, (_, i) =>
        Array.from(
          { length: cols },
          (_, j) => Math.round(probs.data[(h * rows + i) * cols + j]! * scale) / scale,
        ),
      ),
    );
  });
  const vocab = view.logits.shape[1]!;
  const predicted = queryPositions.map((p) => argmax(view.logits.data.subarray(p * vocab, (p + 1) * vocab)));
  return { attention, predicted };
}
