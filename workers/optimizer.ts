/**
 * AdamW for the worker: src/model's AdamW, run over groups of at most MAX_ADDN_INPUTS parameters,
 * with the global-norm clipping done here.
 *
 * Why: src/model's AdamW sums the squared gradients of all parameters with one tf.addN. On WebGPU an
 * AddN shader binds every input as a storage buffer, and with more inputs than the device allows per
 * shader stage (SwiftShader: 8, including the output) the pipeline is invalid: the sum comes back as 0
 * or garbage, clipping goes wrong and the loss turns NaN within a few steps. The update rule itself is
 * per parameter, so running it per group (clipping switched off there) and clipping by the global norm
 * computed with pairwise adds gives the same step on every backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { AdamW, DEFAULT_ADAMW } from '../src/model';
import type { AdamWConfig } from '../src/model';

/** AddN inputs that fit one WebGPU shader stage on every adapter we know of (8 buffers − the output). */
export const MAX_ADDN_INPUTS = 7;

/** Sum of scalars as a balanced tree of two-input adds. */
export function pairwiseSum(xs: readonly tf.Tensor[]): tf.Tensor {
  if (xs.length === 0) return tf.scalar(0);
  let level = xs.slice();
  while (level.length > 1) {
    const next: tf.Tensor[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? tf.add(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

export class GroupedAdamW {
  private readonly groups: AdamW[];
  private readonly sizes: number[];
  private readonly clip: number;

  constructor(params: readonly tf.Variable[], config: Partial<AdamWConfig> = {}) {
    this.clip = config.gradClip ?? DEFAULT_ADAMW.gradClip;
    this.groups = [];
    this.sizes = [];
    for (let i = 0; i < params.length; i += MAX_ADDN_INPUTS) {
      const group = params.slice(i, i + MAX_ADDN_INPUTS);
      this.groups.push(new AdamW(group, { ...config, gradClip: 0 }));
      this.sizes.push(group.length);
    }
  }

  get steps(): number {
    return this.groups[0]?.steps ?? 0;
  }

  /**
   * One update with `grads` in parameter order; returns the global gradient norm before clipping (a
   * scalar the caller disposes).
   */
  apply(grads: readonly tf.Tensor[], lr: number): tf.Scalar {
    return tf.tidy(() => {
      const norm = tf.sqrt(pairwiseSum(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
      const scale = this.clip > 0 ? tf.div(this.clip, tf.maximum(norm, this.clip)) : tf.scalar(1);
      let offset = 0;
      this.groups.forEach((opt, i) => {
        const size = this.sizes[i]!;
        opt.apply(
          grads.slice(offset, offset + size).map((g) => tf.mul(g, scale)),
          lr,
        );
        offset += size;
      });
      return norm;
    });
  }

  dispose(): void {
    for (const g of this.groups) g.dispose();
  }
}
