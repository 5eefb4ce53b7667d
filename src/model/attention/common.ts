import * as tf from '@tensorflow/tfjs-core';
import { linear3d } from '../linear';
import type { LinearImpl } from '../linear';
import { applyRope } from '../rope';
import type { LayerCache } from './types';

/** x [B, T, d] · W [d, n·k] → [B, T, n, k] (output index i·k + j, i.e. n-major). */
export function project4d(
  x: tf.Tensor3D,
  w: tf.Tensor2D,
  n: number,
  k: number,
  impl: LinearImpl,
): tf.Tensor4D {
  const [b, t] = x.shape;
  return tf.reshape(linear3d(x, w, impl), [b, t, n, k]);
}

/** Projection followed by RoPE on each of the n rows at positions offset..offset+T−1. */
export function projectRope(
  x: tf.Tensor3D,
  w: tf.Tensor2D,
  n: number,
  k: number,
  offset: number,
  impl: LinearImpl,
): tf.Tensor4D {
  return applyRope(project4d(x, w, n, k, impl), offset);
}

/** Concatenates the new entries of a cache tensor along `axis`, or starts the cache with them. */
export function appendAlong(
  cache: LayerCache | null,
  name: string,
  fresh: tf.Tensor,
  axis: number,
): tf.Tensor {
  const old = cache?.tensors[name];
  return old ? tf.concat([old, fresh], axis) : fresh;
}

/** Disposes every variable of a layer. */
export function disposeParams(params: Readonly<Record<string, tf.Variable>>): void {
  for (const v of Object.values(params)) v.dispose();
}

/** Disposes every tensor of `caches` that is not also held by one of the `kept` caches. */
export function disposeCachesExcept(
  caches: readonly LayerCache[],
  kept: readonly (LayerCache | null)[],
): void {
  const keep = new Set<tf.Tensor>();
  for (const c of kept) if (c) for (const t of Object.values(c.tensors)) keep.add(t);
  for (const c of caches) for (const t of Object.values(c.tensors)) if (!keep.has(t)) t.dispose();
}
