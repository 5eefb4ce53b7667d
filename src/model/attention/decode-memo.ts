import * as tf from '@tensorflow/tfjs-core';

/**
 * What an entry is built from: a tensor (compared by its data) or a plain value such as a position
 * (compared by value).
 */
export type MemoInput = tf.Tensor | number | string;

/**
 * Tensors a decoding loop derives from the weights once instead of once per token (the fused
 * projection matrix of factorised decoding, small constant matrices, the RoPE rotation of the current
 * position, shared by the layers). Owned by whoever decodes (the Decoder) and disposed with it. An
 * entry is rebuilt when one of its inputs changed: tfjs gives a Variable a new data id on every
 * `assign`, so comparing data ids is exact. Each (owner, key) holds one entry: rebuilding it disposes
 * the previous one, so an entry keyed by a position does not accumulate.
 */
export class DecodeMemo {
  private readonly owners = new Map<object, Map<string, { ids: readonly unknown[]; value: tf.Tensor }>>();

  /**
   * The tensor `build()` made for `owner`'s (a layer's) `key` and the current `inputs`, kept out of
   * any tf.tidy.
   */
  get<T extends tf.Tensor>(owner: object, key: string, inputs: readonly MemoInput[], build: () => T): T {
    let entries = this.owners.get(owner);
    if (!entries) this.owners.set(owner, (entries = new Map()));
    const ids = inputs.map((t) => (t instanceof tf.Tensor ? t.dataId : t));
    const seen = entries.get(key);
    if (seen && seen.ids.length === ids.length && seen.ids.every((id, i) => id === ids[i]))
      return seen.value as T;
    seen?.value.dispose();
    const value = tf.keep(build());
    entries.set(key, { ids, value });
    return value;
  }

  dispose(): void {
    for (const entries of this.owners.values()) for (const e of entries.values()) e.value.dispose();
    this.owners.clear();
  }
}

/** `build()` through `memo` when there is one, else built afresh (inside the caller's tf.tidy). */
export function memoised<T extends tf.Tensor>(
  memo: DecodeMemo | undefined,
  owner: object,
  key: string,
  inputs: readonly MemoInput[],
  build: () => T,
): T {
  return memo ? memo.get(owner, key, inputs, build) : build();
}
