// The page of tests/bench/webgpu-kernel.bench.ts: the single-token TPA decoding step of
// src/model/attention/factor-decode.ts on tfjs's WebGPU backend, once with our WGSL kernels and once
// with tfjs's own ops, on the same random chunked cache: the largest difference of the outputs and the
// median time of each path (they take turns; each time includes reading the output back).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import { decodeFromChunks } from '../../../src/model/attention/factor-decode';
import type { FactorChunk } from '../../../src/model/attention/factor-chunks';
import type { KernelCase, KernelCheck, KernelResult } from './protocol';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}

function randomTensor(shape: number[], rnd: () => number, scale = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, () => rnd() * scale),
    shape,
  );
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function runCase(c: KernelCase, iterations: number): Promise<KernelResult> {
  const rnd = lcg(c.heads * 1000 + c.chunks.length);
  const { heads: h, headDim: dh, rankK: rK, rankV: rV } = c;
  const chunks: FactorChunk[] = c.chunks.map((len) => ({
    length: len,
    tensors: {
      A_K: randomTensor([1, h, len * rK], rnd),
      B_K: randomTensor([1, dh, len * rK], rnd),
      A_V: randomTensor([1, h, rV, len], rnd),
      B_V: randomTensor([1, rV, len, dh], rnd),
    },
  }));
  const query = randomTensor([h, dh], rnd, 1 / Math.sqrt(dh)) as tf.Tensor2D;
  const run = async (kernels: boolean): Promise<{ ms: number; values: Float32Array }> => {
    const t0 = performance.now();
    const y = decodeFromChunks(chunks, query, { rankK: rK, rankV: rV }, kernels);
    const values = (await y.data()) as Float32Array;
    const ms = performance.now() - t0;
    y.dispose();
    return { ms, values };
  };
  const [kernel, plain] = [await run(true), await run(false)]; // also compiles the shaders
  let maxDiff = 0;
  let maxAbs = 0;
  kernel.values.forEach((v, i) => {
    maxDiff = Math.max(maxDiff, Math.abs(v - plain.values[i]!));
    maxAbs = Math.max(maxAbs, Math.abs(plain.values[i]!));
  });
  const times = { kernel: [] as number[], tfjs: [] as number[] };
  for (let i = 0; i < iterations; i++) {
    times.kernel.push((await run(true)).ms);
    times.tfjs.push((await run(false)).ms);
  }
  const profile = await tf.profile(async () => {
    const y = decodeFromChunks(chunks, query, { rankK: rK, rankV: rV }, true);
    await y.data();
    y.dispose();
  });
  for (const ch of chunks) for (const t of Object.values(ch.tensors)) t.dispose();
  query.dispose();
  const kernelNames = [...new Set(profile.kernelNames)];
  return { ...c, maxDiff, maxAbs, kernelMs: median(times.kernel), tfjsMs: median(times.tfjs), kernelNames };
}

const check: KernelCheck = async (cases, iterations) => {
  const ok = await tf.setBackend('webgpu');
  await tf.ready();
  if (!ok || tf.getBackend() !== 'webgpu') throw new Error('the WebGPU backend did not start');
  // `info` is newer than the @webgpu/types that tfjs brings
  type AdapterInfo = {
    vendor?: string;
    architecture?: string;
    description?: string;
    isFallbackAdapter?: boolean;
  };
  const adapter = (await navigator.gpu.requestAdapter()) as unknown as { info?: AdapterInfo } | null;
  const info = adapter?.info;
  const results: KernelResult[] = [];
  for (const c of cases) results.push(await runCase(c, iterations));
  return {
    adapter: [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown',
    software: info?.architecture === 'swiftshader' || info?.isFallbackAdapter === true,
    results,
  };
};

window.__kernelCheck = check;
