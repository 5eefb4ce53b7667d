import * as tf from '@tensorflow/tfjs-core';
import type { LayerCache } from './types';

/**
 * The TPA factor cache kept as a short list of chunks instead of one tensor per factor, so that a
 * decoding step does not copy the whole cache (tfjs tensors are immutable: appending to one tensor is
 * a concat, O(M) per token; docs/kv-cache.md#chunked-factor-cache).
 *
 * Each chunk holds the four factors of a run of consecutive tokens in the layout of
 * `factorCacheLayout` (tpa-kv.ts): `A_K` [B, c·R_K, h], `B_K` [B, c·R_K, d_h], `A_V` [B, c·R_V, h],
 * `B_V` [B, d_h, c·R_V]. In a LayerCache they are stored under `<name>.<chunk index>`.
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
export const TOKEN_AXIS: Readonly<Record<FactorName, number>> = { A_K: 1, B_K: 1, A_V: 1, B_V: 2 };

export interface FactorChunk {
  /** tokens held */
  readonly length: number;
  readonly tensors: Readonly<Record<FactorName, tf.Tensor3D>>;
}

/** The chunks of a LayerCache written by `chunkedCache`, oldest first (none for a null cache). */
export function chunksOf(cache: LayerCache | null): FactorChunk[] {
  if (!cache) return [];
  const lengths = cache.chunkLengths ?? [cache.length];
  return lengths.map((length, i) => {
    const get = (name: FactorName): tf.Tensor3D => {
      const t = cache.tensors[`${name}.${i}`];
      if (!t) throw new Error(`TPA cache is missing ${name}.${i}`);
      return t as tf.Tensor3D;
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
export function joinChunks(a: FactorChunk, b: FactorChunk): FactorChunk {
  const join = (name: FactorName) =>
    tf.concat([a.tensors[name], b.tensors[name]], TOKEN_AXIS[name]) as tf.Tensor3D;
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
    ) as tf.Tensor3D;
  return {
    length: chunks.reduce((n, c) => n + c.length, 0),
    tensors: { A_K: join('A_K'), B_K: join('B_K'), A_V: join('A_V'), B_V: join('B_V') },
  };
}

/**
 * The chunks after appending `fresh` (the new tokens' factors, in the same layout) by the policy above.
 * Chunks that are not merged are carried over unchanged (the same tensors).
 */
export function appendChunk(chunks: readonly FactorChunk[], fresh: FactorChunk): FactorChunk[] {
  const out = chunks.slice();
  const last = out.at(-1);
  if (last && last.length < OPEN_CHUNK) out[out.length - 1] = joinChunks(last, fresh);
  else out.push(fresh);
  for (;;) {
    const n = out.length;
    const [older, newer] = [out[n - 2], out[n - 1]];
    if (!older || !newer || newer.length < OPEN_CHUNK || newer.length < older.length) break;
    out.splice(n - 2, 2, joinChunks(older, newer));
  }
  return out;
}
