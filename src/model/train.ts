import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { AdamW } from './adamw';
import type { AdamWConfig } from './adamw';
import { t6Loss } from './loss';
import { learningRateAt } from './schedule';
import type { LrSchedule } from '../spec';
import type { T6Model } from './t6';

/** A batch of token windows: `batch` rows of `length` = T + 1 ids, row-major. */
export interface TokenBatch {
  tokens: Int32Array;
  batch: number;
  length: number;
}

/** Packs equal-length rows into a TokenBatch. */
export function tokenBatch(rows: readonly (readonly number[])[]): TokenBatch {
  const length = rows[0]?.length ?? 0;
  if (rows.some((r) => r.length !== length)) throw new Error('all rows of a batch must have the same length');
  const tokens = new Int32Array(rows.length * length);
  rows.forEach((r, i) => tokens.set(r, i * length));
  return { tokens, batch: rows.length, length };
}

export interface StepResult {
  /** loss of the batch before the update */
  loss: number;
  /** global gradient norm before clipping */
  gradNorm: number;
  lr: number;
  /** wall time of the step */
  ms: number;
  /** tokens predicted (B·T) */
  tokens: number;
}

export interface TrainerOptions {
  optimizer?: Partial<AdamWConfig>;
  /** used when `step` is called without a learning rate */
  schedule?: LrSchedule;
}

function batchTensor(b: TokenBatch): tf.Tensor2D {
  if (b.tokens.length !== b.batch * b.length)
    throw new Error('TokenBatch size does not match batch × length');
  return tf.tensor2d(b.tokens, [b.batch, b.length], 'int32');
}

/**
 * Next-token training of a T6 model with AdamW. `step` runs forward, backward (tf.variableGrads),
 * clipping and the update inside one tf.tidy, so the tensor count stays flat from step to step.
 */
export class Trainer {
  readonly optimizer: AdamW;
  private readonly vars: tf.Variable[];

  constructor(
    readonly model: T6Model,
    private readonly options: TrainerOptions = {},
  ) {
    this.vars = Object.values(model.params);
    this.optimizer = new AdamW(this.vars, options.optimizer);
  }

  /** Updates applied so far. */
  get steps(): number {
    return this.optimizer.steps;
  }

  /** The scheduled learning rate of the next step (needs `schedule`). */
  nextLearningRate(): number {
    const s = this.options.schedule;
    if (!s) throw new Error('no learning-rate schedule: pass lr to step()');
    return learningRateAt(this.steps, s);
  }

  /**
   * Forward, backward, clipping and the AdamW update of one step, inside one tf.tidy. Returns the
   * loss and pre-clip gradient norm as scalars the caller reads and disposes.
   */
  private launch(batch: TokenBatch, lr: number): { loss: tf.Scalar; norm: tf.Scalar } {
    const input = batchTensor(batch);
    try {
      const [loss, norm] = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => t6Loss(this.model, input), this.vars);
        const ordered = this.vars.map((v) => grads[v.name] ?? tf.zerosLike(v));
        return [value, this.optimizer.apply(ordered, lr)];
      });
      return { loss, norm };
    } finally {
      input.dispose();
    }
  }

  /** One training step on tokens [B, T+1]; lr defaults to the schedule's. Reads back synchronously. */
  step(batch: TokenBatch, lr: number = this.nextLearningRate()): StepResult {
    const start = performance.now();
    const { loss, norm } = this.launch(batch, lr);
    try {
      return this.result(loss.dataSync()[0]!, norm.dataSync()[0]!, lr, start, batch);
    } finally {
      loss.dispose();
      norm.dispose();
    }
  }

  /**
   * `step` with an asynchronous read-back (`await data()`): on webgl/webgpu the worker stays free to
   * handle messages while the GPU finishes. The update itself is the same.
   */
  async stepAsync(batch: TokenBatch, lr: number = this.nextLearningRate()): Promise<StepResult> {
    const start = performance.now();
    const { loss, norm } = this.launch(batch, lr);
    try {
      const [l, n] = await Promise.all([loss.data(), norm.data()]);
      return this.result(l[0]!, n[0]!, lr, start, batch);
    } finally {
      loss.dispose();
      norm.dispose();
    }
  }

  private result(loss: number, gradNorm: number, lr: number, start: number, batch: TokenBatch): StepResult {
    return { loss, gradNorm, lr, ms: performance.now() - start, tokens: batch.batch * (batch.length - 1) };
  }

  /** Loss of a batch without updating anything. */
  evaluate(batch: TokenBatch): number {
    const input = batchTensor(batch);
    try {
      return tf.tidy(() => t6Loss(this.model, input).dataSync()[0]!);
    } finally {
      input.dispose();
    }
  }

  /** Frees the optimizer state (not the model). */
  dispose(): void {
    this.optimizer.dispose();
  }
}
