/** The tfjs backends the worker can run, what the reader can ask for, and how the choice is reported. */
import * as v from 'valibot';
import { finite } from './numbers';

export const TF_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type TfBackend = (typeof TF_BACKENDS)[number];

/** What the link's `be` knob may ask for: a backend, or the fastest one found. */
export const BACKEND_CHOICES = ['auto', ...TF_BACKENDS] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/**
 * How many threads tfjs's wasm backend may use: the link's `th` knob. `auto` lets a short probe decide
 * (threads need a cross-origin-isolated page); a number asks for that many.
 */
export const THREAD_CHOICES = ['auto', '1', '2', '4'] as const;
export type ThreadChoice = (typeof THREAD_CHOICES)[number];

const ThreadProbeSchema = v.object({
  threads: v.number(),
  /** median time of the probe, ms; null when that configuration failed */
  ms: v.nullable(finite),
  error: v.nullable(v.string()),
});
export type ThreadProbe = v.InferOutput<typeof ThreadProbeSchema>;

const WasmThreadsSchema = v.object({
  /** threads in tfjs's thread pool (1: the single-threaded build) */
  count: v.number(),
  requested: v.picklist(THREAD_CHOICES),
  /** why this many, in one or two sentences */
  reason: v.string(),
  probes: v.array(ThreadProbeSchema),
});
export type WasmThreads = v.InferOutput<typeof WasmThreadsSchema>;

const AdapterSchema = v.object({
  vendor: v.string(),
  architecture: v.string(),
  description: v.string(),
  isFallback: v.boolean(),
});
export type AdapterSummary = v.InferOutput<typeof AdapterSchema>;

const ProbeSchema = v.object({
  backend: v.picklist(TF_BACKENDS),
  /** steady time of the probe kernel, ms; null when it failed or ran out of time */
  ms: v.nullable(finite),
  error: v.nullable(v.string()),
});
export type ProbeResult = v.InferOutput<typeof ProbeSchema>;

export const BackendInfoSchema = v.object({
  backend: v.picklist(TF_BACKENDS),
  requested: v.picklist(BACKEND_CHOICES),
  /** why this backend runs, in one or two sentences */
  reason: v.string(),
  adapter: v.nullable(AdapterSchema),
  probes: v.array(ProbeSchema),
  /** the wasm backend's threads; null or absent on the other backends */
  threads: v.optional(v.nullable(WasmThreadsSchema)),
});
export type BackendInfo = v.InferOutput<typeof BackendInfoSchema>;

/** The adapter's vendor, architecture and description, e.g. "google swiftshader". */
export function adapterName(a: AdapterSummary): string {
  return [a.vendor, a.architecture, a.description].filter((s) => s.length > 0).join(' ') || 'unnamed adapter';
}

/** The adapter's name, marked when it is a software fallback. */
export function describeAdapter(a: AdapterSummary): string {
  return `${adapterName(a)}${a.isFallback ? ' (software fallback)' : ''}`;
}
