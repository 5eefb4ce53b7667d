import * as tf from '@tensorflow/tfjs-core';
import type { T6Config } from '../spec';
import { mlpHidden } from './config';
import { trainingStepFlops } from './flops';
import type { FlopBreakdown } from './flops';
import { createUniformRng } from './rng';
import { createT6Model } from './t6';
import { tokenBatch, Trainer } from './train';

/**
 * Model FLOPs utilisation of training on the current tfjs backend: the model's FLOP rate (flops.ts over
 * the measured step time) against the same backend's plain 2-D matMul rate, both measured in one run.
 *
 * The reference matMul has the model's largest GEMM shape, [B·T, d]·[d, ⌊8d/3⌋] (the MLP's up-projection),
 * and is timed interleaved with the training steps (a few products before each step), so that both see
 * the same machine load. Each rate is a median.
 */

export interface MfuOptions {
  batch: number;
  /** steps run before timing (kernel set-up, operator caches) */
  warmupSteps: number;
  timedSteps: number;
  /** reference products timed before each timed step */
  matMulsPerStep: number;
  seed?: number;
  /**
   * A clock of this process's CPU time in ms (Node: process.cpuUsage), if there is one: the step and the
   * product are then also timed by it, which other processes on a busy machine do not inflate.
   */
  cpuClock?: () => number;
}

export interface MfuResult {
  backend: string;
  batch: number;
  seqLen: number;
  msPerStep: number;
  tokensPerSecond: number;
  stepFlops: FlopBreakdown;
  /** model FLOPs per second */
  modelFlopRate: number;
  /** [m, k, n] of the reference product */
  matMulShape: [number, number, number];
  matMulFlopRate: number;
  /** modelFlopRate / matMulFlopRate */
  mfu: number;
  /** with a cpuClock: median CPU ms per step, and the MFU from CPU-time medians of step and product */
  cpuMsPerStep: number | null;
  mfuCpu: number | null;
  lossFirst: number;
  lossLast: number;
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = xs.slice().sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Times one plain 2-D product a·b, in wall ms and (with a clock) CPU ms. It waits for the product through
 * a read-back of its sum, not of the whole [m, n] result, so that the copy out is not timed as matMul.
 */
function timeMatMul(a: tf.Tensor2D, b: tf.Tensor2D, cpuClock?: () => number): [number, number] {
  const c0 = cpuClock?.() ?? 0;
  const t0 = performance.now();
  const total = tf.tidy(() => tf.sum(tf.matMul(a, b)));
  total.dataSync();
  const ms = performance.now() - t0;
  total.dispose();
  return [ms, (cpuClock?.() ?? 0) - c0];
}

/**
 * Trains a fresh model of `config` (random token windows from a fixed seed, learning rate 1e-3) and
 * reports tokens/s, model FLOP/s, the reference matMul's FLOP/s and their ratio. Uses the current
 * backend; leaves no tensors behind.
 */
export function measureMfu(config: T6Config, options: MfuOptions): MfuResult {
  const { batch, warmupSteps, timedSteps, matMulsPerStep } = options;
  const seqLen = config.maxSeqLen;
  const d = config.dModel;
  const shape: [number, number, number] = [batch * seqLen, d, mlpHidden(d)];
  const rng = createUniformRng(options.seed ?? 1);
  const rows = Array.from({ length: batch }, () =>
    Array.from({ length: seqLen + 1 }, () => Math.floor(rng() * config.vocabSize)),
  );
  const data = tokenBatch(rows);
  const a = tf.randomUniform([shape[0], shape[1]], -1, 1, 'float32', 1) as tf.Tensor2D;
  const b = tf.randomUniform([shape[1], shape[2]], -1, 1, 'float32', 2) as tf.Tensor2D;
  const model = createT6Model(config, options.seed ?? 1);
  const trainer = new Trainer(model);
  const { cpuClock } = options;
  const stepMs: number[] = [];
  const matMulMs: number[] = [];
  const stepCpuMs: number[] = [];
  const matMulCpuMs: number[] = [];
  let lossFirst = NaN;
  let lossLast = NaN;
  try {
    for (let i = 0; i < warmupSteps + timedSteps; i++) {
      const timed = i >= warmupSteps;
      for (let j = 0; j < (timed ? matMulsPerStep : 1); j++) {
        const [ms, cpu] = timeMatMul(a, b, cpuClock);
        if (timed) matMulMs.push(ms);
        if (timed) matMulCpuMs.push(cpu);
      }
      const c0 = cpuClock?.() ?? 0;
      const r = trainer.step(data, 1e-3);
      const cpu = (cpuClock?.() ?? 0) - c0;
      if (i === 0) lossFirst = r.loss;
      lossLast = r.loss;
      if (timed) stepMs.push(r.ms);
      if (timed) stepCpuMs.push(cpu);
    }
  } finally {
    trainer.dispose();
    model.dispose();
    a.dispose();
    b.dispose();
  }
  const msPerStep = median(stepMs);
  const stepFlops = trainingStepFlops(config, { batch, seqLen });
  const modelFlopRate = stepFlops.total / (msPerStep / 1000);
  const matMulFlops = 2 * shape[0] * shape[1] * shape[2];
  const matMulFlopRate = matMulFlops / (median(matMulMs) / 1000);
  return {
    backend: tf.getBackend(),
    batch,
    seqLen,
    msPerStep,
    tokensPerSecond: (batch * seqLen) / (msPerStep / 1000),
    stepFlops,
    modelFlopRate,
    matMulShape: shape,
    matMulFlopRate,
    mfu: modelFlopRate / matMulFlopRate,
    cpuMsPerStep: cpuClock ? median(stepCpuMs) : null,
    mfuCpu: cpuClock ? stepFlops.total / median(stepCpuMs) / (matMulFlops / median(matMulCpuMs)) : null,
    lossFirst,
    lossLast,
  };
}

export interface KernelShare {
  name: string;
  count: number;
  ms: number;
}

/**
 * tf.profile of one training step of a fresh model: kernels by summed time, longest first. (Kernels run
 * inside a custom gradient's forward are also counted in the unnamed scope around them.)
 */
export async function profileStep(config: T6Config, batch: number): Promise<KernelShare[]> {
  const rng = createUniformRng(3);
  const rows = Array.from({ length: batch }, () =>
    Array.from({ length: config.maxSeqLen + 1 }, () => Math.floor(rng() * config.vocabSize)),
  );
  const data = tokenBatch(rows);
  const model = createT6Model(config, 1);
  const trainer = new Trainer(model);
  try {
    trainer.step(data, 1e-3); // warm-up
    const info = await tf.profile(() => {
      trainer.step(data, 1e-3);
    });
    const byName = new Map<string, KernelShare>();
    for (const k of info.kernels) {
      const e = byName.get(k.name) ?? { name: k.name, count: 0, ms: 0 };
      e.count += 1;
      e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      byName.set(k.name, e);
    }
    return [...byName.values()].sort((x, y) => y.ms - x.ms);
  } finally {
    trainer.dispose();
    model.dispose();
  }
}
