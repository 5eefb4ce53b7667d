/// <reference types="@webgpu/types" />
/**
 * Starts a tfjs backend in the worker: the forced one (with fallbacks), or in auto mode a hardware
 * WebGPU adapter, else the winner of a short probe. Also watches the GPU device for loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {
  BackendChoice,
  AdapterSummary,
  BackendInfo,
  ProbeResult,
  TfBackend,
  ThreadChoice,
} from '../src/spec';
import {
  autoWithoutProbe,
  forcedOrder,
  forcedReason,
  pickFromProbes,
  probeCandidates,
} from './backend-choice';
import type { StartFailure } from './backend-choice';
import { chooseWasmThreads } from './wasm-threads';

/** The WebGPU adapter the browser offers, summarised (null: no WebGPU or no adapter). */
async function queryAdapter(): Promise<AdapterSummary | null> {
  const gpu = (self.navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return null;
    // Chromium ≥ 134 has adapter.info (and moves isFallbackAdapter into it)
    const info: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean } =
      (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info ?? {};
    return {
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      description: info.description ?? '',
      isFallback: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
    };
  } catch {
    return null;
  }
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function start(backend: TfBackend, adapter: AdapterSummary | null): Promise<string | null> {
  if (backend === 'webgpu' && !adapter) return 'no WebGPU adapter';
  try {
    const ok = await tf.setBackend(backend);
    if (!ok) return 'did not initialise';
    await tf.ready();
    return tf.getBackend() === backend ? null : `tfjs is on ${tf.getBackend()}`;
  } catch (e) {
    return errorText(e);
  }
}

const PROBE_WARMUP_BUDGET_MS = 6000;
const PROBE_RUNS = 3;

/** One probe: warm-up (kernel compile), then the median of a few runs of a small matmul chain. */
async function probe(backend: TfBackend, adapter: AdapterSummary | null): Promise<ProbeResult> {
  const failed = await start(backend, adapter);
  if (failed) return { backend, ms: null, error: failed };
  const x = tf.randomUniform([64, 128], -1, 1, 'float32', 1);
  const w = tf.randomUniform([128, 128], -0.1, 0.1, 'float32', 2);
  const run = async () => {
    const y = tf.tidy(() => {
      let h: tf.Tensor = x;
      for (let i = 0; i < 4; i++) h = tf.tanh(tf.matMul(h as tf.Tensor2D, w));
      return tf.sum(h);
    });
    await y.data();
    y.dispose();
  };
  const warm = run();
  const dispose = () => {
    x.dispose();
    w.dispose();
  };
  try {
    const inTime = await Promise.race([
      warm.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), PROBE_WARMUP_BUDGET_MS)),
    ]);
    if (!inTime) {
      void warm.finally(dispose);
      return { backend, ms: null, error: `warm-up took over ${PROBE_WARMUP_BUDGET_MS / 1000} s` };
    }
    const times: number[] = [];
    for (let i = 0; i < PROBE_RUNS; i++) {
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    dispose();
    return { backend, ms: times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!, error: null };
  } catch (e) {
    dispose();
    return { backend, ms: null, error: errorText(e) };
  }
}

async function startForced(requested: TfBackend, adapter: AdapterSummary | null): Promise<BackendInfo> {
  const failures: StartFailure[] = [];
  for (const backend of forcedOrder(requested)) {
    const error = await start(backend, adapter);
    if (error === null) {
      const reason = forcedReason(requested, backend, failures);
      return { backend, requested, reason, adapter, probes: [], threads: null };
    }
    failures.push({ backend, error });
  }
  throw new Error(
    `no tfjs backend could start: ${failures.map((f) => `${f.backend}: ${f.error}`).join('; ')}`,
  );
}

/**
 * Starts the backend for `requested` (and, on wasm, settles its threads for `threads`). `status`
 * receives short progress lines ("probing webgl…").
 */
export async function initBackend(
  requested: BackendChoice,
  threads: ThreadChoice = 'auto',
  status: (message: string) => void = () => undefined,
): Promise<BackendInfo> {
  const info = await startBackend(requested, status);
  if (info.backend !== 'wasm') return info;
  return { ...info, threads: await chooseWasmThreads(threads, status) };
}

async function startBackend(
  requested: BackendChoice,
  status: (message: string) => void,
): Promise<BackendInfo> {
  // the single-threaded build until chooseWasmThreads decides otherwise
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const adapter = await queryAdapter();
  if (requested !== 'auto') return startForced(requested, adapter);

  const first = autoWithoutProbe(adapter);
  if (!first.probe && first.backend) {
    const error = await start(first.backend, adapter);
    if (error === null)
      return { backend: first.backend, requested, reason: first.reason, adapter, probes: [], threads: null };
  }
  const probes: ProbeResult[] = [];
  for (const backend of probeCandidates(adapter)) {
    status(`probing ${backend}…`);
    probes.push(await probe(backend, adapter));
  }
  const pick = pickFromProbes(first.reason, probes);
  const error = await start(pick.backend, adapter);
  if (error !== null) return startForced('cpu', adapter);
  return { backend: pick.backend, requested, reason: pick.reason, adapter, probes, threads: null };
}

/** Calls `onLost` if the GPU device (webgpu) or context (webgl) of the running backend is lost. */
export function watchDeviceLoss(onLost: (message: string) => void): void {
  const name = tf.getBackend();
  const backend = tf.backend() as unknown as {
    device?: GPUDevice;
    gpgpu?: { gl?: { canvas?: EventTarget } };
  };
  if (name === 'webgpu' && backend.device) {
    void backend.device.lost.then((info) => {
      if (info.reason !== 'destroyed')
        onLost(`the GPU device was lost (${info.message || 'no reason given'})`);
    });
  } else if (name === 'webgl') {
    backend.gpgpu?.gl?.canvas?.addEventListener('webglcontextlost', () =>
      onLost('the WebGL context was lost'),
    );
  }
}
