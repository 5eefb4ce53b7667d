/**
 * Where each head looks on an associative-recall sequence (src/data/associative-recall.ts), from the
 * attention probabilities `inspect` records: the two steps of an induction circuit that answers a query.
 *   1. a value token looks at the token before it (its key): the "previous token" step, usually layer 1;
 *   2. the query key looks at the value whose key matches it (or at that key), usually layer 2.
 * Pure: reads plain arrays, no tfjs.
 */
import type { Inspection, PlainTensor } from '../spec';

export interface QueryAttention {
  /** input position of the query key (its answer is the next token) */
  readonly position: number;
  /** index of the asked pair among the listed pairs */
  readonly pair: number;
  /** attention on the asked pair's key and value tokens */
  readonly onKey: number;
  readonly onValue: number;
  /** attention on the other pairs' value tokens (where a wrong answer would be copied from) */
  readonly onOtherValues: number;
  /** the position this head attends to most */
  readonly argmax: number;
}

export interface HeadRecallAttention {
  readonly layer: number;
  readonly head: number;
  /** mean attention of the pairs' value tokens on the token just before them (their key) */
  readonly previousToken: number;
  /** means over the queries of `queries`' fields */
  readonly onKey: number;
  readonly onValue: number;
  readonly onOtherValues: number;
  readonly queries: readonly QueryAttention[];
}

/** Row `row` of head `head` of probs [h, T, T]. */
function probRow(probs: PlainTensor, head: number, row: number): Float32Array {
  const t = probs.shape[2]!;
  const start = (head * probs.shape[1]! + row) * t;
  return probs.data.subarray(start, start + t);
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * Per layer and head: how much the pairs' values attend to their keys, and how much each query key
 * attends to the asked pair's key, its value and the other values. `tokens` are the inspected input
 * tokens; `numPairs` is N (pairs are tokens 0..2N−1); `queryPositions` are the input positions of the
 * query keys (an answer's position − 1), e.g. `sequence.queries.map((q) => q.position - 1)`.
 */
export function recallAttention(
  inspection: Inspection,
  numPairs: number,
  queryPositions: readonly number[],
): HeadRecallAttention[] {
  const tokens = inspection.tokens;
  const keys = Array.from({ length: numPairs }, (_, i) => tokens[2 * i]);
  const out: HeadRecallAttention[] = [];
  for (const entry of inspection.layers) {
    const probs = entry.tensors.probs;
    if (!probs) throw new Error(`layer ${entry.layer} recorded no attention probabilities`);
    const [heads, rows, cols] = probs.shape;
    if (rows !== tokens.length || cols !== tokens.length)
      throw new Error(`probs of layer ${entry.layer} are ${rows}×${cols}, not ${tokens.length} tokens`);
    for (let head = 0; head < heads!; head++) {
      const previous = Array.from(
        { length: numPairs },
        (_, i) => probRow(probs, head, 2 * i + 1)[2 * i] ?? NaN,
      );
      const queries = queryPositions.map((position): QueryAttention => {
        const row = probRow(probs, head, position);
        const pair = keys.indexOf(tokens[position]);
        if (pair < 0) throw new Error(`token at ${position} is not one of the pairs' keys`);
        let onOtherValues = 0;
        for (let i = 0; i < numPairs; i++) if (i !== pair) onOtherValues += row[2 * i + 1]!;
        let argmax = 0;
        for (let m = 1; m <= position; m++) if (row[m]! > row[argmax]!) argmax = m;
        return { position, pair, onKey: row[2 * pair]!, onValue: row[2 * pair + 1]!, onOtherValues, argmax };
      });
      out.push({
        layer: entry.layer,
        head,
        previousToken: mean(previous),
        onKey: mean(queries.map((q) => q.onKey)),
        onValue: mean(queries.map((q) => q.onValue)),
        onOtherValues: mean(queries.map((q) => q.onOtherValues)),
        queries,
      });
    }
  }
  return out;
}
