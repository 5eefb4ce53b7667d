// The batch format every task in src/data produces: whole sequences of T + 1 tokens, from which a
// model takes inputs (columns 0 … T−1) and next-token targets (columns 1 … T).

export interface SequenceBatch {
  readonly batchSize: number;
  /** T: the number of input (and target) positions per row. */
  readonly contextLength: number;
  /** Row-major [batchSize, contextLength + 1] token ids. */
  readonly tokens: Int32Array;
  /**
   * Row-major [batchSize, contextLength + 1]: 1 where the token is scored as a target. Absent means
   * every target (columns 1 … T) is scored. Column 0 is never a target.
   */
  readonly mask?: Uint8Array;
}

function columns<A extends Int32Array | Uint8Array>(
  batch: SequenceBatch,
  source: A,
  from: number,
  out: A,
): A {
  const { batchSize: b, contextLength: t } = batch;
  for (let row = 0; row < b; row++)
    out.set(source.subarray(row * (t + 1) + from, row * (t + 1) + from + t), row * t);
  return out;
}

/** Row-major [batchSize, contextLength]: the input tokens. */
export const batchInputs = (batch: SequenceBatch): Int32Array =>
  columns(batch, batch.tokens, 0, new Int32Array(batch.batchSize * batch.contextLength));

/** Row-major [batchSize, contextLength]: the token each input position should predict. */
export const batchTargets = (batch: SequenceBatch): Int32Array =>
  columns(batch, batch.tokens, 1, new Int32Array(batch.batchSize * batch.contextLength));

/** Row-major [batchSize, contextLength]: 1 where the prediction is scored. */
export function batchTargetMask(batch: SequenceBatch): Uint8Array {
  const out = new Uint8Array(batch.batchSize * batch.contextLength);
  return batch.mask ? columns(batch, batch.mask, 1, out) : out.fill(1);
}

export interface MaskedAccuracy {
  readonly correct: number;
  readonly scored: number;
  /** correct / scored, or NaN when nothing is scored. */
  readonly accuracy: number;
}

/**
 * Accuracy of predicted next tokens (row-major [batchSize, contextLength], e.g. the argmax of the
 * logits at each input position) over the scored targets: for associative recall, recall accuracy.
 */
export function maskedAccuracy(batch: SequenceBatch, predictions: ArrayLike<number>): MaskedAccuracy {
  const targets = batchTargets(batch);
  const mask = batchTargetMask(batch);
  if (predictions.length !== targets.length) {
    throw new RangeError(`maskedAccuracy: expected ${targets.length} predictions, got ${predictions.length}`);
  }
  let correct = 0;
  let scored = 0;
  for (let i = 0; i < targets.length; i++) {
    if (mask[i] !== 1) continue;
    scored++;
    if (predictions[i] === targets[i]) correct++;
  }
  return { correct, scored, accuracy: scored === 0 ? NaN : correct / scored };
}
