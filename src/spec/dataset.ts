/** What a model trains on: the bundled corpus, the associative-recall task, or the reader's text. */
import * as v from 'valibot';
import { count, positive } from './numbers';

/** Multi-query associative recall (src/data/associative-recall.ts builds the sequences). */
export const MqarConfigSchema = v.object({
  /** K: how many distinct key tokens exist (1 … 52). */
  numKeys: positive,
  /** V: how many distinct value tokens exist (1 … 34). */
  numValues: positive,
  /** N: key-value pairs per sequence (1 … K). */
  numPairs: positive,
  /** M: queries per sequence (1 … N). */
  numQueries: positive,
  /** T: a sequence is T + 1 tokens; needs 2N + gap + 1 + 2M ≤ T + 1. */
  contextLength: positive,
  /** PAD tokens between the last pair and SEP, to push the queries further away. Default 0. */
  gap: v.optional(count),
});
export type MqarConfig = v.InferOutput<typeof MqarConfigSchema>;

/** The corpus is fetched by the worker; pasted text travels with the spec. */
export const DatasetSpecSchema = v.variant('kind', [
  v.object({ kind: v.literal('corpus') }),
  v.object({ kind: v.literal('recall'), task: MqarConfigSchema }),
  v.object({ kind: v.literal('custom'), text: v.string() }),
]);
export type DatasetSpec = v.InferOutput<typeof DatasetSpecSchema>;
export type DatasetKind = DatasetSpec['kind'];

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
