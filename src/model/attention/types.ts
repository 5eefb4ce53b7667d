import type * as tf from '@tensorflow/tfjs-core';
import type { AttentionConfig } from '../../spec';
import type { LinearImpl } from '../linear';
import type { DecodeMemo } from './decode-memo';

/**
 * Receives intermediate tensors of a forward pass for the inspection panels (factors, Q/K/V,
 * attention probabilities). The sink must copy what it wants to keep: the tensors are disposed when
 * the pass's tf.tidy scope ends.
 */
export type TraceSink = (name: string, value: tf.Tensor) => void;

/** How TPA (and TPA-KVonly) attend over the cache: straight from the factors, or by rebuilding K and V. */
export type TpaDecodePath = 'factorised' | 'materialised';

/**
 * The KV cache of one layer: `length` = M tokens, and the tensors each kind must keep, in its own
 * layout (see `cacheLayout`). Immutable: `extend` returns a new cache and leaves the old one alone;
 * the new cache may hold some of the old one's tensors (a chunked cache carries its unchanged chunks
 * over), so free an old cache with `disposeCachesExcept([old], [next])`.
 */
export interface LayerCache {
  readonly length: number;
  readonly tensors: Readonly<Record<string, tf.Tensor>>;
  /**
   * Set when the cache is kept in chunks (TPA kinds, factor-chunks.ts): tokens held by each chunk,
   * oldest first; tensor `<name>.<i>` is chunk i of the logical tensor `name`.
   */
  readonly chunkLengths?: readonly number[];
  /** with `chunkLengths`: the axis along which the chunks of each logical tensor follow each other */
  readonly tokenAxis?: Readonly<Record<string, number>>;
}

export interface ExtendOptions {
  trace?: TraceSink;
  /** TPA kinds only; default 'factorised' */
  tpaDecode?: TpaDecodePath;
  /** tensors derived from the weights, kept across the steps of one decoding loop (decode-memo.ts) */
  memo?: DecodeMemo;
}

export interface ExtendResult {
  /** [B, T, d] */
  y: tf.Tensor3D;
  cache: LayerCache;
}

/** One attention layer (with its output projection W_o), one implementation per kind. */
export interface AttentionLayer {
  readonly attn: AttentionConfig;
  readonly dModel: number;
  /** trainable weights, stored [in, out] (y = x·W), under their exchange names (W_q, W_A_k, …) */
  readonly params: Readonly<Record<string, tf.Variable>>;
  /**
   * Causal self-attention over x [B, T, d] at positions 0..T−1 → [B, T, d]: the training path.
   * Tensors passed to `trace` are valid only during the call.
   */
  forward(x: tf.Tensor3D, trace?: TraceSink): tf.Tensor3D;
  /**
   * Appends T new tokens x [B, T, d] at positions M..M+T−1 (M = cache?.length ?? 0) and attends them
   * to the cache plus themselves (causally). T > 1 is a prefill, T = 1 a decoding step. The caller owns
   * the returned cache and the old one, which may share tensors (see LayerCache).
   */
  extend(x: tf.Tensor3D, cache: LayerCache | null, options?: ExtendOptions): ExtendResult;
  /** Cache tensor names → shapes for `tokens` tokens of `batch` sequences. */
  cacheLayout(batch: number, tokens: number): Record<string, number[]>;
  dispose(): void;
}

export interface LayerOptions {
  linear: LinearImpl;
}
