import type { DatasetSpec, MqarConfig } from '../spec';
import type { PlaygroundConfig } from './';

/** Keys and values of the recall task: 16 letters, 10 digits (vocabulary 3 + 16 + 10 = 29). */
const RECALL_KEYS = 16;
const RECALL_VALUES = 10;

/**
 * An associative-recall task that fits a context of T tokens: N = min(8, ⌊T/6⌋) pairs, all N asked
 * back, and a gap of filler tokens between the pairs and the questions (half the room left), so the
 * answers must be fetched from far back in the cache.
 */
export function recallTaskFor(contextLength: number): MqarConfig {
  const numPairs = Math.max(1, Math.min(8, Math.floor(contextLength / 6)));
  const used = 4 * numPairs + 1; // pairs + SEP + queries
  const gap = Math.max(0, Math.floor((contextLength + 1 - used) / 2));
  return {
    numKeys: RECALL_KEYS,
    numValues: RECALL_VALUES,
    numPairs,
    numQueries: numPairs,
    contextLength,
    gap,
  };
}

export function datasetSpecOf(config: PlaygroundConfig, customText: string): DatasetSpec {
  switch (config.dataset) {
    case 'corpus':
      return { kind: 'corpus' };
    case 'recall':
      return { kind: 'recall', task: recallTaskFor(config.modelContext) };
    case 'custom':
      return { kind: 'custom', text: customText };
  }
}
