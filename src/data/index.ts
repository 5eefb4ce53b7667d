// Data for training in the worker and in Node tests: pure TypeScript, no DOM, no tfjs.
export {
  createCharTokenizer,
  vocabularyFromText,
  UNK_CHAR,
  UNK_ID,
  type CharTokenizer,
} from './char-tokenizer';
export { createRng, type SeededRng } from '../random/seeded-rng';
export {
  batchInputs,
  batchTargets,
  batchTargetMask,
  maskedAccuracy,
  type MaskedAccuracy,
  type SequenceBatch,
} from './sequence-batch';
export {
  createTextDataset,
  createCorpusDataset,
  createPastedTextDataset,
  minPastedChars,
  TextTooShortError,
  type PastedTextOptions,
  type TextDataset,
  type TextDatasetOptions,
} from './text-dataset';
export {
  createMqarTask,
  MQAR_KEY_SYMBOLS,
  MQAR_VALUE_SYMBOLS,
  type MqarLayout,
  type MqarQuery,
  type MqarSequence,
  type MqarTask,
} from './associative-recall';
export { CORPUS_FILES, parseCorpusMeta, type CorpusMeta, type CorpusSplitMeta } from './corpus-meta';
