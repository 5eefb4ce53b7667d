import * as tf from '@tensorflow/tfjs-core';
import type { LayerCache } from './types';

/**
 * The TPA factor cache kept as a short list of chunks instead of one tensor per factor, so that a
 * decoding step does not copy the whole cache (tfjs tensors are immutable: appending to one tensor is
 * a concat, O(M) per token; docs/kv-cache.md#chunked-factor-cache).
 *
 * Each chunk holds the four factors of a run of c consecutive tokens in the layout of
 * `factorCacheLayout` (tpa-kv.ts): `A_K` [B, h, c·R_K] and `B_K` [B, d_h, c·R_K] (column m·R_K + s),
 * `A_V` [B, h, R_V, c], `B_V` [B, R_V, c, d_h]. In a LayerCache they are stored under
 * `<name>.<chunk index>`.
 *
 * Policy (a binary counter): a new token goes into the last chunk while that chunk is shorter than
 * `OPEN_CHUNK` tokens (a copy of at most OPEN_CHUNK tokens); otherwise it starts a new chunk. Whenever
 * the two newest sealed chunks (≥ OPEN_CHUNK tokens) are equally long or the newer is longer, they are
 * merged. Chunk lengths then fall from oldest to newest, there are at most 1 + log2(M/OPEN_CHUNK) of
 * them, and every token is copied O(log M) times over the whole generation instead of M times.
 */
export const OPEN_CHUNK = 64;

export const FACTOR_NAMES = ['A_K', 'B_K', 'A_V', 'B_V'] as const;
export type FactorName = (typeof FACTOR_NAMES)[number];

/** The axis of each cached factor along which tokens follow each other. */
export const TOKEN_AXIS: Readonly<Record<FactorName, number>> = { A_K: 2, B_K: 2, A_V: 3, B_V: 2 };

export interface FactorChunk {
  /** tokens held */
  readonly length: number;
  readonly tensors: Readonly<Record<FactorName, tf.Tensor>>;
}

/** The chunks of a LayerCache written by `chunkedCache`, oldest first (none for a null cache). */
export function chunksOf(cache: LayerCache | null): FactorChunk[] {
  if (!cache) return [];
  const lengths = cache.chunkLengths ?? [cache.length];
  return lengths.map((length, i) => {
    const get = (name: FactorName): tf.Tensor => {
      const t = cache.tensors[`${name}.${i}`];
      if (!t) throw new Error(`TPA cache is missing ${name}.${i}`);
      return t;
    };
    return { length, tensors: { A_K: get('A_K'), B_K: get('B_K'), A_V: get('A_V'), B_V: get('B_V') } };
  });
}

/** A LayerCache holding `chunks` (its `tensors` are exactly the chunks' tensors). */
export function chunkedCache(chunks: readonly FactorChunk[]): LayerCache {
  const tensors: Record<string, tf.Tensor> = {};
  chunks.forEach((c, i) => {
    for (const name of FACTOR_NAMES) tensors[`${name}.${i}`] = c.tensors[name];
  });
  return {
    length: chunks.reduce((n, c) => n + c.length, 0),
    tensors,
    chunkLengths: chunks.map((c) => c.length),
    tokenAxis: TOKEN_AXIS,
  };
}

/** Chunks a, b of consecutive tokens as one chunk (a copy of both). */
function joinChunks(a: FactorChunk, b: FactorChunk): FactorChunk {
  const join = (name: FactorName) => tf.concat([a.tensors[name], b.tensors[name]], TOKEN_AXIS[name]);
  return {
    length: a.length + b.length,
    tensors: { A_K: join('A_K'), B_K: join('B_K'), A_V: join('A_V'), B_V: join('B_V') },
  };
}

/** All chunks as one (the chunk itself when there is one; a copy otherwise). */
export function mergeAll(chunks: readonly FactorChunk[]): FactorChunk | null {
  if (chunks.length <= 1) return chunks[0] ?? null;
  const join = (name: FactorName) =>
    tf.concat(
      chunks.map((c) => c.tensors[name]),
      TOKEN_AXIS[name],
    );
  return {
    length: chunks.reduce((n, c) => n + c.length, 0),
    tensors: { A_K: join('A_K'), B_K: join('B_K'), A_V: join('A_V'), B_V: join('B_V') },
  };
}

/** The last chunk when it is still open (shorter than OPEN_CHUNK tokens): a new token joins it. */
export function openChunkOf(chunks: readonly FactorChunk[]): FactorChunk | null {
  const last = chunks.at(-1);
  return last && last.length < OPEN_CHUNK ? last : null;
}

/**
 * `chunks` whose last one has just grown or been added, with the newest sealed chunks merged by the
 * policy above.
 */
export function settleChunks(chunks: readonly FactorChunk[]): FactorChunk[] {
  const out = chunks.slice();
  for (;;) {
    const n = out.length;
    const [older, newer] = [out[n - 2], out[n - 1]];
    if (!older || !newer || newer.length < OPEN_CHUNK || newer.length < older.length) break;
    out.splice(n - 2, 2, joinChunks(older, newer));
  }
  return out;
}

/**
 * The chunks after appending `fresh` (the new tokens' factors, in the same layout) by the policy above.
 * Chunks that are not merged are carried over unchanged (the same tensors).
 */
export function appendChunk(chunks: readonly FactorChunk[], fresh: FactorChunk): FactorChunk[] {
  const open = openChunkOf(chunks);
  return settleChunks(open ? [...chunks.slice(0, -1), joinChunks(open, fresh)] : [...chunks, fresh]);
}

/**
 * The row layout that `factorisedAttention` and `materialiseKv` (tpa-kv.ts) read, for a chunk of
 * `length` tokens: `A_K` [B, M·R_K, h], `B_K` [B, M·R_K, d_h] (row m·R_K + s), `A_V` [B, M·R_V, h]
 * (row m·R_V + u), `B_V` [B, d_h, M·R_V] (column m·R_V + u). Used by prefill and batched steps.
 */
export function rowsFromChunk(c: FactorChunk): Record<FactorName, tf.Tensor3D> {
  const [b, h, rV, m] = c.tensors.A_V.shape as [number, number, number, number];
  const dh = c.tensors.B_V.shape[3]!;
  return {
    A_K: tf.transpose(c.tensors.A_K, [0, 2, 1]) as tf.Tensor3D,
    B_K: tf.transpose(c.tensors.B_K, [0, 2, 1]) as tf.Tensor3D,
    A_V: tf.reshape(tf.transpose(c.tensors.A_V, [0, 3, 2, 1]), [b, m * rV, h]) as tf.Tensor3D,
    B_V: tf.reshape(tf.transpose(c.tensors.B_V, [0, 3, 2, 1]), [b, dh, m * rV]) as tf.Tensor3D,
  };
}

/** The inverse of `rowsFromChunk`: `length` tokens' factors in the row layout as one chunk. */
export function chunkFromRows(rows: Readonly<Record<string, tf.Tensor>>, length: number): FactorChunk {
  const get = (name: FactorName): tf.Tensor3D => {
    const t = rows[name];
    if (!t) throw new Error(`TPA factors are missing ${name}`);
    return t as tf.Tensor3D;
  };
  const [aV, bV] = [get('A_V'), get('B_V')];
  const [b, mrV, h] = aV.shape;
  const rV = mrV / length;
  const dh = bV.shape[1];
  return {
    length,
    tensors: {
      A_K: tf.transpose(get('A_K'), [0, 2, 1]),
      B_K: tf.transpose(get('B_K'), [0, 2, 1]),
      A_V: tf.transpose(tf.reshape(aV, [b, length, rV, h]), [0, 3, 2, 1]),
      B_V: tf.transpose(tf.reshape(bV, [b, dh, length, rV]), [0, 3, 2, 1]),
    },
  };
}
