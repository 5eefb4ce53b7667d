// Multi-query associative recall (MQAR): a sequence lists key-value pairs, then asks for the
// values of some of its keys. To answer, a query must find its key among the cached pairs and read
// the value stored beside it; how well each attention kind learns that at this scale is what the
// quality panel measures (not assumed from the cache size). Sequences are T + 1 tokens, the same SequenceBatch shape as
// text, with a mask scoring only the answers.
//
// Token ids follow the CharTokenizer layout (0 = <unk>, then the vocabulary's characters), so
// `task.tokenizer` decodes a sequence for display, e.g. "A3 C7 B1" → "A3C7B1|C7B1____":
//   0                      <unk>  (never produced)
//   1                      PAD '_' (filler: the gap, and the tail after the last query)
//   2                      SEP '|' (ends the pairs; the queries follow)
//   3 … 2+K                the K keys: 'A'–'Z', then 'a'–'z' (K ≤ 52)
//   3+K … 2+K+V            the V values: '0'–'9', then Greek 'α'–'ω' without 'ς' (V ≤ 34)
// vocabSize = 3 + K + V.
//
// Sequence: k1 v1 k2 v2 … kN vN  PAD×gap  SEP  q1 a1 q2 a2 … qM aM  PAD…
// Keys within a sequence are distinct; values are drawn with replacement; the M queries are
// distinct keys of the pairs in random order; each answer a is the value paired with q.
import { createCharTokenizer, type CharTokenizer } from './char-tokenizer';
import type { SeededRng } from '../random/seeded-rng';
import type { SequenceBatch } from './sequence-batch';
import type { MqarConfig } from '../spec';

const MQAR_PAD = '_';
const MQAR_SEP = '|';
export const MQAR_KEY_SYMBOLS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const MQAR_VALUE_SYMBOLS = '0123456789αβγδεζηθικλμνξοπρστυφχψω';

export interface MqarLayout {
  readonly unkId: number;
  readonly padId: number;
  readonly sepId: number;
  readonly firstKeyId: number;
  readonly firstValueId: number;
  readonly vocabSize: number;
}

export interface MqarQuery {
  /** Index in the sequence of the answer token (the query key is at position − 1). */
  readonly position: number;
  readonly key: number;
  readonly value: number;
}

export interface MqarSequence {
  /** T + 1 token ids. */
  readonly tokens: Int32Array;
  /** T + 1 flags: 1 exactly at the answer positions. */
  readonly mask: Uint8Array;
  readonly pairs: readonly { readonly key: number; readonly value: number }[];
  readonly queries: readonly MqarQuery[];
}

export interface MqarTask {
  readonly config: Required<MqarConfig>;
  readonly layout: MqarLayout;
  /** The vocabulary string of the layout: createCharTokenizer(vocabulary) gives the same ids. */
  readonly vocabulary: string;
  readonly tokenizer: CharTokenizer;
  sequence(rng: SeededRng): MqarSequence;
  /** batchSize sequences with their masks: tokens and mask row-major [batchSize, T + 1]. */
  sampleBatch(rng: SeededRng, batchSize: number): SequenceBatch;
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`MQAR: ${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
}

export function createMqarTask(options: MqarConfig): MqarTask {
  const config: Required<MqarConfig> = { gap: 0, ...options };
  const { numKeys, numValues, numPairs, numQueries, contextLength, gap } = config;
  const valueSymbols = [...MQAR_VALUE_SYMBOLS];
  checkRange('numKeys', numKeys, 1, MQAR_KEY_SYMBOLS.length);
  checkRange('numValues', numValues, 1, valueSymbols.length);
  checkRange('numPairs', numPairs, 1, numKeys);
  checkRange('numQueries', numQueries, 1, numPairs);
  checkRange('gap', gap, 0, Number.MAX_SAFE_INTEGER);
  const used = 2 * numPairs + gap + 1 + 2 * numQueries;
  if (!Number.isInteger(contextLength) || used > contextLength + 1) {
    throw new RangeError(
      `MQAR: ${numPairs} pairs, a gap of ${gap}, SEP and ${numQueries} queries take ${used} tokens; ` +
        `contextLength must be an integer ≥ ${used - 1}, got ${contextLength}`,
    );
  }

  const vocabulary =
    MQAR_PAD + MQAR_SEP + MQAR_KEY_SYMBOLS.slice(0, numKeys) + valueSymbols.slice(0, numValues).join('');
  const tokenizer = createCharTokenizer(vocabulary);
  const layout: MqarLayout = {
    unkId: tokenizer.unkId,
    padId: 1,
    sepId: 2,
    firstKeyId: 3,
    firstValueId: 3 + numKeys,
    vocabSize: tokenizer.vocabSize,
  };
  const keyIds = Array.from({ length: numKeys }, (_, i) => layout.firstKeyId + i);

  const sequence = (rng: SeededRng): MqarSequence => {
    const tokens = new Int32Array(contextLength + 1).fill(layout.padId);
    const mask = new Uint8Array(contextLength + 1);
    const keys = rng.shuffle(keyIds.slice()).slice(0, numPairs);
    const pairs = keys.map((key) => ({ key, value: layout.firstValueId + rng.int(numValues) }));
    pairs.forEach(({ key, value }, i) => {
      tokens[2 * i] = key;
      tokens[2 * i + 1] = value;
    });
    const sep = 2 * numPairs + gap;
    tokens[sep] = layout.sepId;
    const asked = rng.shuffle(pairs.slice()).slice(0, numQueries);
    const queries = asked.map(({ key, value }, j) => {
      const position = sep + 2 + 2 * j;
      tokens[position - 1] = key;
      tokens[position] = value;
      mask[position] = 1;
      return { position, key, value };
    });
    return { tokens, mask, pairs, queries };
  };

  return {
    config,
    layout,
    vocabulary,
    tokenizer,
    sequence,
    sampleBatch(rng, batchSize) {
      checkRange('batchSize', batchSize, 1, Number.MAX_SAFE_INTEGER);
      const width = contextLength + 1;
      const tokens = new Int32Array(batchSize * width);
      const mask = new Uint8Array(batchSize * width);
      for (let row = 0; row < batchSize; row++) {
        const s = sequence(rng);
        tokens.set(s.tokens, row * width);
        mask.set(s.mask, row * width);
      }
      return { batchSize, contextLength, tokens, mask };
    },
  };
}
