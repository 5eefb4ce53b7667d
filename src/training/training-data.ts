/**
 * The data a model trains on in the worker, behind one interface for the three sources: the bundled
 * corpus (fetched once), the associative-recall task (generated), and pasted text.
 */
import {
  CORPUS_FILES,
  createCorpusDataset,
  createMqarTask,
  createPastedTextDataset,
  createRng,
  parseCorpusMeta,
} from '../data';
import type { CharTokenizer, SequenceBatch, TextDataset } from '../data';
import type { DatasetSpec } from '../spec';
import type { TokenBatch } from '../model';

export interface TrainingData {
  readonly kind: DatasetSpec['kind'];
  readonly tokenizer: CharTokenizer;
  readonly contextLength: number;
  /** tokens in the training split (0 for a generated task) */
  readonly trainTokens: number;
  readonly validTokens: number;
  /** The batch of training step `step` (0-based): the same for the same seed and step. */
  trainBatch(seed: number, step: number, batchSize: number): SequenceBatch;
  /** Fixed validation batches. */
  validation(batchSize: number, maxBatches: number): SequenceBatch[];
  /** A sample of real tokens to fill a cache with (for cache measurements). */
  sampleTokens(count: number): number[];
}

/** Reads a file of the site by its path relative to the base URL. */
export type FetchText = (path: string) => Promise<string>;

/** A seed for step `step`'s batch, so batches do not depend on pauses or restarts. */
function stepSeed(seed: number, step: number): number {
  return (seed ^ Math.imul(step + 1, 0x9e3779b1)) | 0;
}

const VALIDATION_SEED = 0x5eed;

function fromTextDataset(kind: 'corpus' | 'custom', ds: TextDataset): TrainingData {
  return {
    kind,
    tokenizer: ds.tokenizer,
    contextLength: ds.contextLength,
    trainTokens: ds.trainTokens.length,
    validTokens: ds.validTokens.length,
    trainBatch: (seed, step, batchSize) => ds.sampleBatch(createRng(stepSeed(seed, step)), batchSize),
    validation: (batchSize, maxBatches) => [...ds.validationBatches(batchSize, maxBatches)],
    sampleTokens: (count) => Array.from(ds.validTokens.subarray(0, count)),
  };
}

/** Loads (or generates) the data for `spec` at context length T. Throws TextTooShortError for short text. */
export async function loadTrainingData(
  spec: DatasetSpec,
  contextLength: number,
  fetchText: FetchText,
): Promise<TrainingData> {
  switch (spec.kind) {
    case 'corpus': {
      const [metaText, train, valid] = await Promise.all([
        fetchText(CORPUS_FILES.meta),
        fetchText(CORPUS_FILES.train),
        fetchText(CORPUS_FILES.valid),
      ]);
      const meta = parseCorpusMeta(JSON.parse(metaText));
      return fromTextDataset('corpus', createCorpusDataset(meta, train, valid, contextLength));
    }
    case 'custom':
      return fromTextDataset('custom', createPastedTextDataset(spec.text, { contextLength }));
    case 'recall': {
      const task = createMqarTask({ ...spec.task, contextLength });
      return {
        kind: 'recall',
        tokenizer: task.tokenizer,
        contextLength,
        trainTokens: 0,
        validTokens: 0,
        trainBatch: (seed, step, batchSize) => task.sampleBatch(createRng(stepSeed(seed, step)), batchSize),
        validation: (batchSize, maxBatches) => {
          const rng = createRng(VALIDATION_SEED);
          return Array.from({ length: maxBatches }, () => task.sampleBatch(rng, batchSize));
        },
        sampleTokens: (count) => {
          const rng = createRng(VALIDATION_SEED);
          const out: number[] = [];
          while (out.length < count) out.push(...task.sequence(rng).tokens);
          return out.slice(0, count);
        },
      };
    }
  }
}

/** A SequenceBatch as the model's TokenBatch (rows of T + 1 ids). */
export function toTokenBatch(b: SequenceBatch): TokenBatch {
  return { tokens: b.tokens, batch: b.batchSize, length: b.contextLength + 1 };
}

/** Memoises fetched files: the corpus is fetched once per worker. */
export function cachedFetcher(fetchText: FetchText): FetchText {
  const cache = new Map<string, Promise<string>>();
  return (path) => {
    let p = cache.get(path);
    if (!p) {
      p = fetchText(path);
      cache.set(path, p);
      p.catch(() => cache.delete(path));
    }
    return p;
  };
}
