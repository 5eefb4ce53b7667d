import * as tf from '@tensorflow/tfjs-core';

/**
 * Tensors a decoding loop derives from the weights once instead of once per token (the fused
 * projection matrix of factorised decoding, small constant matrices). Owned by whoever decodes (the
 * Decoder) and disposed with it. An entry is rebuilt when one of its inputs' data changed: tfjs gives
 * a Variable a new data id on every `assign`, so comparing data ids is exact.
 */
export class DecodeMemo {
  private readonly owners = new Map<object, Map<string, { ids: readonly object[]; value: tf.Tensor }>>();

  /**
   * The tensor `build()` made for `owner`'s (a layer's) `key` and the current data of `inputs`, kept
   * out of any tf.tidy.
   */
  get<T extends tf.Tensor>(owner: object, key: string, inputs: readonly tf.Tensor[], build: () => T): T {
    let entries = this.owners.get(owner);
    if (!entries) this.owners.set(owner, (entries = new Map()));
    const ids = inputs.map((t) => t.dataId);
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
  inputs: readonly tf.Tensor[],
  build: () => T,
): T {
  return memo ? memo.get(owner, key, inputs, build) : build();
}
