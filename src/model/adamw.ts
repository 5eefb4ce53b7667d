import * as tf from '@tensorflow/tfjs-core';
import { pairwiseSum } from './pairwise-sum';

/** AdamW hyper-parameters; defaults are the T6 training setup (docs/tpa-math.md#training-setup). */
export interface AdamWConfig {
  beta1: number;
  beta2: number;
  /** passed explicitly: tfjs backends disagree on their default epsilon (webgl 1e-4) */
  epsilon: number;
  /** decoupled weight decay, applied to every parameter (the code uses a single group) */
  weightDecay: number;
  /** clip the global gradient norm to this value (0 = no clipping) */
  gradClip: number;
}

const DEFAULT_ADAMW: Readonly<AdamWConfig> = Object.freeze({
  beta1: 0.9,
  beta2: 0.95,
  epsilon: 1e-8,
  weightDecay: 0.1,
  gradClip: 1.0,
});

/**
 * Everything an AdamW carries from step to step, as plain arrays: with the weights, what a training
 * run needs to go on from where it stopped exactly as if it had not (a resumed pretrain job).
 */
export interface AdamWState {
  /** updates applied so far (the bias corrections depend on it) */
  steps: number;
  /** first and second moments, one array per parameter in the optimizer's parameter order */
  m: Float32Array[];
  v: Float32Array[];
}

/**
 * AdamW written with tf ops (tf.train.adam has no decoupled weight decay), PyTorch's formulation:
 *   g ← g·min(1, clip/‖g‖)                  (global norm over all parameters)
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²
 *   p ← p·(1 − lr·λ) − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
 * Moment buffers are non-trainable variables created once; `dispose()` frees them.
 */
export class AdamW {
  readonly config: AdamWConfig;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private t = 0;

  constructor(
    private readonly params: readonly tf.Variable[],
    config: Partial<AdamWConfig> = {},
  ) {
    this.config = { ...DEFAULT_ADAMW, ...config };
    // inside tidy: the zeros tensor each variable starts from must not outlive it
    this.m = params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    this.v = params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
  }

  /** Number of updates applied so far. */
  get steps(): number {
    return this.t;
  }

  /**
   * Applies one update with gradients `grads` (same order as the parameters) and learning rate `lr`.
   * Returns the global gradient norm before clipping, as a scalar tensor the caller disposes.
   */
  apply(grads: readonly tf.Tensor[], lr: number): tf.Scalar {
    if (grads.length !== this.params.length) throw new Error('one gradient per parameter expected');
    const { beta1, beta2, epsilon, weightDecay, gradClip } = this.config;
    const t = this.t + 1;
    const norm = tf.tidy(() => {
      // pairwise, not tf.addN: AddN with many inputs is invalid on WebGPU (see pairwise-sum.ts)
      const globalNorm = tf.sqrt(pairwiseSum(grads.map((g) => tf.sum(tf.square(g)))));
      // min(1, clip/‖g‖) = clip / max(‖g‖, clip)
      const clipScale = gradClip > 0 ? tf.div(gradClip, tf.maximum(globalNorm, gradClip)) : tf.scalar(1);
      const c1 = 1 / (1 - Math.pow(beta1, t));
      const c2 = 1 / (1 - Math.pow(beta2, t));
      this.params.forEach((p, i) => {
        const g = tf.mul(grads[i]!, clipScale);
        const m = this.m[i]!;
        const v = this.v[i]!;
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const step = tf.div(tf.mul(m, c1), tf.add(tf.sqrt(tf.mul(v, c2)), epsilon));
        p.assign(tf.sub(tf.mul(p, 1 - lr * weightDecay), tf.mul(step, lr)));
      });
      return globalNorm as tf.Scalar;
    });
    this.t = t;
    return norm;
  }

  /**
   * A copy of the optimizer's state, read back from the backend without blocking it (no dataSync, which
   * WebGPU cannot do without stalling). Call it between steps.
   */
  async exportState(): Promise<AdamWState> {
    const steps = this.t;
    const read = (xs: tf.Variable[]) => Promise.all(xs.map(async (x) => new Float32Array(await x.data())));
    const [m, v] = await Promise.all([read(this.m), read(this.v)]);
    return { steps, m, v };
  }

  /**
   * Replaces the optimizer's state with `state` (from `exportState` of an optimizer over parameters of
   * the same shapes). Checks everything before assigning anything, so a mismatch leaves it unchanged.
   */
  importState(state: AdamWState): void {
    if (!Number.isInteger(state.steps) || state.steps < 0)
      throw new Error(`optimizer state: ${state.steps} is not a step count`);
    for (const [name, arrays] of [
      ['m', state.m],
      ['v', state.v],
    ] as const) {
      if (arrays.length !== this.params.length)
        throw new Error(`optimizer state: ${arrays.length} ${name} arrays for ${this.params.length} parameters`);
      arrays.forEach((a, i) => {
        if (a.length !== this.params[i]!.size)
          throw new Error(`optimizer state: ${name}[${i}] has ${a.length} numbers, its parameter ${this.params[i]!.size}`);
      });
    }
    this.params.forEach((p, i) => {
      tf.tidy(() => {
        this.m[i]!.assign(tf.tensor(state.m[i]!, p.shape));
        this.v[i]!.assign(tf.tensor(state.v[i]!, p.shape));
      });
    });
    this.t = state.steps;
  }

  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}
