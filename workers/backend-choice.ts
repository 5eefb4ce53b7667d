/**
 * How the worker picks its tfjs backend. Pure: the tfjs and WebGPU calls live in backend.ts.
 */
import type {
  AdapterSummary,
  BackendChoice,
  ProbeResult,
  TfBackend,
  ThreadChoice,
  ThreadProbe,
} from '../src/spec';
import { TF_BACKENDS, adapterName } from '../src/spec';

/** Fallback order when a backend cannot start: GPU first, then the CPU ones. */
const FALLBACK_ORDER: readonly TfBackend[] = TF_BACKENDS;

/** The order to try backends in when `requested` is forced: it first, then the usual order. */
export function forcedOrder(requested: TfBackend): TfBackend[] {
  return [requested, ...FALLBACK_ORDER.filter((b) => b !== requested)];
}

/** Candidates the auto mode probes when there is no hardware WebGPU adapter. */
export function probeCandidates(adapter: AdapterSummary | null): TfBackend[] {
  return adapter ? ['webgpu', 'webgl', 'wasm'] : ['webgl', 'wasm'];
}

const fmtMs = (ms: number) => (ms >= 10 ? ms.toFixed(0) : ms.toFixed(1));

function probeText(p: ProbeResult): string {
  return p.ms === null ? `${p.backend} failed (${p.error ?? 'no result'})` : `${p.backend} ${fmtMs(p.ms)} ms`;
}

export interface AutoDecision {
  /** null: use the hardware adapter without probing */
  probe: boolean;
  backend: TfBackend | null;
  reason: string;
}

/** Auto mode, before probing: a real (hardware) WebGPU adapter wins outright. */
export function autoWithoutProbe(adapter: AdapterSummary | null): AutoDecision {
  if (adapter && !adapter.isFallback) {
    return {
      probe: false,
      backend: 'webgpu',
      reason: `Auto: a hardware WebGPU adapter is available (${adapterName(adapter)}).`,
    };
  }
  const why = adapter
    ? `the WebGPU adapter is a software fallback (${adapterName(adapter)}), so it was raced against the others`
    : 'no WebGPU adapter is available, so the others were raced';
  return { probe: true, backend: null, reason: `Auto: ${why}` };
}

/**
 * Auto mode after probing: the fastest probe wins; if every probe failed, cpu (always there).
 * `lead` is the sentence from `autoWithoutProbe`.
 */
export function pickFromProbes(
  lead: string,
  probes: readonly ProbeResult[],
): { backend: TfBackend; reason: string } {
  const ok = probes.filter((p): p is ProbeResult & { ms: number } => p.ms !== null);
  const listed = probes.map(probeText).join(', ');
  if (ok.length === 0)
    return { backend: 'cpu', reason: `${lead}; every probe failed (${listed}), so cpu runs.` };
  const best = ok.reduce((a, b) => (b.ms < a.ms ? b : a));
  return {
    backend: best.backend,
    reason: `${lead} on a short matmul probe: ${listed}. ${best.backend} was fastest.`,
  };
}

export interface StartFailure {
  backend: TfBackend;
  error: string;
}

/** Why a forced backend (or its fallback) runs. */
export function forcedReason(
  requested: BackendChoice,
  used: TfBackend,
  failures: readonly StartFailure[],
): string {
  if (failures.length === 0) return `Chosen in the settings (?be=${requested}).`;
  const failed = failures.map((f) => `${f.backend}: ${f.error}`).join('; ');
  return `You chose ${requested}, but it could not start (${failed}). Fell back to ${used}.`;
}

/** Threads win the probe only when at least this much faster than one thread. */
const THREADS_MARGIN = 0.9;

/**
 * The thread count to keep after probing: the multi-threaded configuration if it took at most
 * THREADS_MARGIN of the single-threaded time (threads never run where they lose), else 1. A failed
 * single-threaded probe leaves a working multi-threaded one in place.
 */
export function pickThreads(probes: readonly ThreadProbe[]): number {
  const single = probes.find((p) => p.threads === 1);
  const multi = probes.filter((p) => p.threads > 1 && p.ms !== null);
  const best = multi.reduce<ThreadProbe | null>((a, b) => (a === null || b.ms! < a.ms! ? b : a), null);
  if (!best) return 1;
  if (single?.ms == null) return best.threads;
  return best.ms! <= THREADS_MARGIN * single.ms ? best.threads : 1;
}

export interface ThreadsContext {
  requested: ThreadChoice;
  /** the page is cross-origin isolated (SharedArrayBuffer exists) */
  available: boolean;
  /** navigator.hardwareConcurrency */
  cores: number;
  /** the thread count asked for or offered to the probe */
  wanted: number;
  probes: readonly ThreadProbe[];
  /** the threads that run */
  count: number;
}

const plural = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;

function threadProbeText(p: ThreadProbe): string {
  return p.ms === null
    ? `${plural(p.threads)} failed (${p.error ?? 'no result'})`
    : `${plural(p.threads)} ${fmtMs(p.ms)} ms`;
}

/** Why the wasm backend runs `count` threads, in one or two sentences. */
export function threadsReason(c: ThreadsContext): string {
  if (!c.available)
    return (
      '1 thread: the page is not cross-origin isolated, so the browser offers no shared memory for ' +
      'threads (the server must send Cross-Origin-Opener-Policy: same-origin and ' +
      'Cross-Origin-Embedder-Policy: require-corp).'
    );
  if (c.requested !== 'auto') {
    const started = c.count === c.wanted ? '' : ` tfjs started ${plural(c.count)}.`;
    return `${plural(c.wanted)}, chosen in the settings (?th=${c.requested}).${started}`;
  }
  if (c.wanted === 1) return '1 thread: the browser reports a single core.';
  const listed = c.probes.map(threadProbeText).join(', ');
  const verdict =
    c.count > 1
      ? `${plural(c.count)} were clearly faster, so they run`
      : `more threads were not at least ${Math.round((1 - THREADS_MARGIN) * 100)}% faster, so 1 thread runs`;
  return `Auto: a short training probe (the default model, batch 8, median of 3 steps): ${listed}; ${verdict}.`;
}
