// Next-token training data from text: the bundled corpus (its own validation file) or text the
// user pastes (split 90/10 here). Training batches are random windows; validation is a fixed,
// deterministic walk over the held-out tokens.
import {
  createCharTokenizer,
  MAX_VOCAB_SYMBOLS,
  vocabularyFromText,
  type CharTokenizer,
} from './char-tokenizer';
import type { CorpusMeta } from './corpus-meta';
import type { SeededRng } from '../random/seeded-rng';
import type { SequenceBatch } from './sequence-batch';

export interface TextDataset {
  readonly tokenizer: CharTokenizer;
  readonly contextLength: number;
  readonly trainTokens: Int32Array;
  readonly validTokens: Int32Array;
  /** How many validation windows `validationBatches` walks through (when not capped). */
  readonly validationWindows: number;
  /** batchSize windows of T + 1 tokens from the training split, each start uniform, drawn from `rng`. */
  sampleBatch(rng: SeededRng, batchSize: number): SequenceBatch;
  /**
   * The validation split as windows of T + 1 tokens starting every T tokens (each token is a target
   * once), in order, batchSize rows a batch (the last may have fewer). Same batches every call.
   */
  validationBatches(batchSize: number, maxBatches?: number): Generator<SequenceBatch>;
}

export interface TextDatasetOptions {
  readonly trainText: string;
  readonly validText: string;
  readonly tokenizer: CharTokenizer;
  readonly contextLength: number;
}

/** Thrown when a text has too few characters for the context length; says how many it needs. */
export class TextTooShortError extends Error {
  override readonly name = 'TextTooShortError';
  constructor(
    message: string,
    readonly chars: number,
    readonly neededChars: number,
  ) {
    super(message);
  }
}

const checkPositiveInt = (value: number, what: string) => {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${what} must be a positive integer, got ${value}`);
};

export function createTextDataset({
  trainText,
  validText,
  tokenizer,
  contextLength,
}: TextDatasetOptions): TextDataset {
  checkPositiveInt(contextLength, 'contextLength');
  const window = contextLength + 1;
  const trainTokens = tokenizer.encode(trainText);
  const validTokens = tokenizer.encode(validText);
  for (const [name, tokens] of [
    ['training', trainTokens],
    ['validation', validTokens],
  ] as const) {
    if (tokens.length < window) {
      throw new TextTooShortError(
        `The ${name} text has ${tokens.length} characters; context length ${contextLength} needs at least ${window}.`,
        tokens.length,
        window,
      );
    }
  }
  const validationWindows = Math.floor((validTokens.length - 1) / contextLength);

  return {
    tokenizer,
    contextLength,
    trainTokens,
    validTokens,
    validationWindows,
    sampleBatch(rng, batchSize) {
      checkPositiveInt(batchSize, 'batchSize');
      const tokens = new Int32Array(batchSize * window);
      const starts = trainTokens.length - window + 1;
      for (let row = 0; row < batchSize; row++) {
        const start = rng.int(starts);
        tokens.set(trainTokens.subarray(start, start + window), row * window);
      }
      return { batchSize, contextLength, tokens };
    },
    *validationBatches(batchSize, maxBatches = Infinity) {
      checkPositiveInt(batchSize, 'batchSize');
      for (
        let first = 0, made = 0;
        first < validationWindows && made < maxBatches;
        first += batchSize, made++
      ) {
        const rows = Math.min(batchSize, validationWindows - first);
        const tokens = new Int32Array(rows * window);
        for (let row = 0; row < rows; row++) {
          const start = (first + row) * contextLength;
          tokens.set(validTokens.subarray(start, start + window), row * window);
        }
        yield { batchSize: rows, contextLength, tokens };
      }
    },
  };
}

/** The bundled corpus (public/data), with the tokenizer of its meta vocabulary. */
export function createCorpusDataset(
  meta: CorpusMeta,
  trainText: string,
  validText: string,
  contextLength: number,
): TextDataset {
  return createTextDataset({
    trainText,
    validText,
    tokenizer: createCharTokenizer(meta.vocabulary),
    contextLength,
  });
}

export interface PastedTextOptions {
  readonly contextLength: number;
  /** Cap on the vocabulary's symbols; rarer characters become <unk>. Default 255 (256 ids with <unk>). */
  readonly maxSymbols?: number;
}

/** Share of pasted text held out for validation: the last ceil(n / 10) characters. */
const VALID_DIVISOR = 10;

/** The fewest characters of pasted text that give both splits a full window at this context length. */
export const minPastedChars = (contextLength: number): number => VALID_DIVISOR * contextLength + 1;

/**
 * Text the user pasted: line endings made \n, a vocabulary built from it, the first 90% for
 * training and the last 10% (ceil) for validation. Throws TextTooShortError if it is too short.
 */
export function createPastedTextDataset(text: string, options: PastedTextOptions): TextDataset {
  const { contextLength, maxSymbols = MAX_VOCAB_SYMBOLS } = options;
  checkPositiveInt(contextLength, 'contextLength');
  const chars = [...text.replace(/\r\n?/g, '\n')];
  const needed = minPastedChars(contextLength);
  if (chars.length < needed) {
    throw new TextTooShortError(
      `The text is too short: ${chars.length} characters, but context length ${contextLength} needs at least ` +
        `${needed} (90% to train on and 10% to validate with, each at least ${contextLength + 1}).`,
      chars.length,
      needed,
    );
  }
  const split = chars.length - Math.ceil(chars.length / VALID_DIVISOR);
  const whole = chars.join('');
  return createTextDataset({
    trainText: chars.slice(0, split).join(''),
    validText: chars.slice(split).join(''),
    tokenizer: createCharTokenizer(vocabularyFromText(whole, maxSymbols)),
    contextLength,
  });
}
