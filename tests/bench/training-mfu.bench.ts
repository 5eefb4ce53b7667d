/**
 * Training speed against the backend's own matMul (run: npx vitest run --project bench
 * tests/bench/training-mfu.bench.ts, or all benches with npm run bench).
 *
 * For each backend Node can run (wasm: SIMD, one thread; cpu) and two model shapes (the playground's
 * default TPA model and a d = 256, 4-layer one), one table: tokens/s, model FLOP/s (src/model/flops.ts
 * over the median step time), the plain 2-D matMul FLOP/s of the model's largest GEMM shape measured
 * interleaved with the steps, and their ratio (MFU). Also written to docs/perf/training-mfu.json, which
 * the README's Performance section quotes. webgl and webgpu run only in a browser (software adapters on a
 * machine without a GPU): see tests/bench/worker.bench.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { expect, it } from 'vitest';
import { DEFAULT_MODEL_CONFIG } from '../../src/model';
import type { T6Config } from '../../src/spec';
import { measureMfu, profileStep } from '../../src/model/mfu';
import type { KernelShare, MfuOptions, MfuResult } from '../../src/model/mfu';
import { remainingMs } from './report';

tf.env().set('PROD', true);

const OUT = 'docs/perf/training-mfu.json';
const BATCH = 16;

const SHAPES: { label: string; config: T6Config }[] = [
  { label: 'default (d 128, 2 layers, h 4, R 4/2/2)', config: DEFAULT_MODEL_CONFIG },
  {
    label: 'd 256, 4 layers, h 8, R 4/2/2',
    config: {
      ...DEFAULT_MODEL_CONFIG,
      dModel: 256,
      layers: 4,
      attention: { kind: 'tpa', heads: 8, headDim: 32, rankQ: 4, rankK: 2, rankV: 2 },
    },
  },
];

/** Steps per backend and shape: cpu takes seconds to a minute per step. */
const PLAN: Record<string, MfuOptions[]> = {
  wasm: [
    { batch: BATCH, warmupSteps: 2, timedSteps: 8, matMulsPerStep: 5 },
    { batch: BATCH, warmupSteps: 1, timedSteps: 5, matMulsPerStep: 5 },
  ],
  cpu: [
    { batch: BATCH, warmupSteps: 1, timedSteps: 2, matMulsPerStep: 1 },
    { batch: BATCH, warmupSteps: 1, timedSteps: 1, matMulsPerStep: 1 },
  ],
};

/** BENCH_BACKENDS=wasm runs a subset (then the JSON file is left alone). */
const BACKENDS = (process.env.BENCH_BACKENDS ?? Object.keys(PLAN).join(',')).split(',');
let complete = Object.keys(PLAN).every((b) => BACKENDS.includes(b));
/** a (backend, shape) starts only with this much of the suite's time budget (report.ts) left */
const MIN_LEFT_MS = 150_000;

/** This process's CPU time in ms: unlike wall time, not inflated by other processes on a busy machine. */
function cpuClock(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

interface Row {
  model: string;
  result: MfuResult;
  kernels?: KernelShare[];
}

it('training MFU per backend and model shape', async () => {
  const rows: Row[] = [];
  let before: number | undefined;
  for (const backend of BACKENDS) {
    const plans = PLAN[backend];
    if (!plans) throw new Error(`no bench plan for backend ${backend}`);
    expect(await tf.setBackend(backend)).toBe(true);
    await tf.ready();
    before ??= tf.memory().numTensors;
    for (const [i, shape] of SHAPES.entries()) {
      if (remainingMs() < MIN_LEFT_MS) {
        console.log(`not measured (the suite's time budget ran short): ${backend}, ${shape.label}`);
        complete = false;
        continue;
      }
      const result = measureMfu(shape.config, { ...plans[i]!, cpuClock });
      const kernels = backend === 'wasm' ? (await profileStep(shape.config, BATCH)).slice(0, 8) : undefined;
      rows.push({ model: shape.label, result, kernels });
    }
  }
  const g = (x: number) => (x / 1e9).toFixed(2);
  const lines = [
    `\nTraining MFU, B ${BATCH} × T ${DEFAULT_MODEL_CONFIG.maxSeqLen}, Node (${cpus().length} × ${cpus()[0]?.model ?? '?'}):`,
    '| backend | model | ms/step | tokens/s | model GFLOP/step | model GFLOP/s | matMul GFLOP/s (shape) | MFU | MFU in CPU time (CPU ms/step) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(({ model, result: r }) =>
      [
        '',
        r.backend,
        model,
        r.msPerStep.toFixed(0),
        r.tokensPerSecond.toFixed(0),
        g(r.stepFlops.total),
        g(r.modelFlopRate),
        `${g(r.matMulFlopRate)} (${r.matMulShape.join('×')})`,
        r.mfu.toFixed(2),
        `${r.mfuCpu?.toFixed(2) ?? '–'} (${r.cpuMsPerStep?.toFixed(0) ?? '–'})`,
        '',
      ]
        .join(' | ')
        .trim(),
    ),
  ];
  for (const { model, result, kernels } of rows) {
    if (!kernels) continue;
    lines.push(
      `${result.backend} ${model}, top kernels of one step (tf.profile; count × summed ms): ` +
        kernels.map((k) => `${k.name} ${k.count}× ${k.ms.toFixed(0)}`).join(', '),
    );
  }
  console.log(lines.join('\n'));
  if (complete) mkdirSync('docs/perf', { recursive: true });
  const json = {
    command: 'npm run bench (tests/bench/training-mfu.bench.ts)',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    notes:
      'model FLOPs from src/model/flops.ts (3 × forward, no causal discount, embedding lookup free); ' +
      'matMul = plain 2-D tf.matMul of the shape given, timed interleaved with the steps; rates from medians; ' +
      "mfuCpu = the same ratio timed in this process's CPU time (process.cpuUsage), steadier on a busy machine",
    rows: rows.map(({ model, result, kernels }) => ({ model, ...result, kernels })),
  };
  if (complete) writeFileSync(OUT, JSON.stringify(json, null, 2) + '\n');
  for (const { result } of rows) {
    expect(result.mfu).toBeGreaterThan(0);
    expect(result.lossLast).toBeLessThan(result.lossFirst);
  }
  expect(tf.memory().numTensors).toBe(before);
});
