import type { PlaygroundConfig } from '../config';
import type { MqarConfig } from '../data';

/** What the worker trains on; the corpus is fetched by the worker, pasted text travels with the spec. */
export type DatasetSpec =
  | { kind: 'corpus' }
  | { kind: 'recall'; task: MqarConfig }
  | { kind: 'custom'; text: string };

/** Keys and values of the recall task: 16 letters, 10 digits (vocabulary 3 + 16 + 10 = 29). */
export const RECALL_KEYS = 16;
export const RECALL_VALUES = 10;

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

/** 32-bit FNV-1a hash of a string as 8 hex digits: names a pasted text in a checkpoint key. */
export function textHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** A stable description of a dataset for keys: pasted text is named by its length and hash. */
export function datasetKey(spec: DatasetSpec): string {
  switch (spec.kind) {
    case 'corpus':
      return 'corpus';
    case 'recall': {
      const t = spec.task;
      return `recall:${t.numKeys}/${t.numValues}/${t.numPairs}/${t.numQueries}/${t.contextLength}/${t.gap ?? 0}`;
    }
    case 'custom':
      return `custom:${spec.text.length}:${textHash(spec.text)}`;
  }
}
