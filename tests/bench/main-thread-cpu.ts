import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Browser, Page } from 'playwright-core';

// What the page's main thread and Chromium's GPU process did on the CPU over a span, three ways:
// - a Chromium trace of the 'toplevel' category: every task a thread runs, with its wall time `dur` and
//   its thread time `tdur` (the time the thread was actually on a core). A long task with little thread
//   time did not run anything for long: it waited while the clock ran.
// - Linux's scheduler statistics of the main thread (/proc/<pid>/task/<pid>/schedstat): the time it ran
//   and the time it was ready to run but waited for a core;
// - Chromium's own CPU time per process (CDP SystemInfo.getProcessInfo): the GPU process's, with the
//   threads SwiftShader computes on, which trace nothing.

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** A main-thread task over 50 ms: its wall time and the time the thread spent on a core in it. */
export interface TracedTask {
  wallMs: number;
  cpuMs: number;
}

export interface MainThreadCpu {
  /** wall time of the span, ms */
  spanMs: number;
  /** the main thread's tasks over 50 ms, from the trace */
  longTasks: TracedTask[];
  /** the main thread's time on a core over the span, ms (scheduler statistics; null where unreadable) */
  mainRunMs: number | null;
  /** the main thread's time ready to run but waiting for a core, ms (null where unreadable) */
  mainWaitMs: number | null;
  /** the GPU process's CPU time over the span, ms, all its threads (null where Chromium does not say) */
  gpuProcessCpuMs: number | null;
}

const TASK = 'ThreadControllerImpl::RunTask';
const LONG_TASK_US = 50_000;

interface ProcessInfo {
  type: string;
  id: number;
  /** seconds */
  cpuTime: number;
}

/** ns on a core and ns waiting for one, of a thread (Linux); null elsewhere */
function schedstat(pid: number): { runNs: number; waitNs: number } | null {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(/\s+/);
    return { runNs: Number(run), waitNs: Number(wait) };
  } catch {
    return null;
  }
}

/** Starts watching; `stop()` ends the span and says what the page's main thread and the GPU process did. */
export async function watchMainThread(
  browser: Browser,
  page: Page,
): Promise<{ stop: () => Promise<MainThreadCpu> }> {
  const cdp = await browser.newBrowserCDPSession();
  const processes = async () =>
    ((await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: ProcessInfo[] }).processInfo;
  const before = await processes();
  // the page's renderer is known from the trace at the end: note every renderer's main thread now
  const sched = new Map(before.filter((p) => p.type === 'renderer').map((p) => [p.id, schedstat(p.id)]));
  await browser.startTracing(page, { categories: ['toplevel'] });
  const t0 = performance.now();
  return {
    async stop() {
      const raw = JSON.parse((await browser.stopTracing()).toString('utf8')) as
        | { traceEvents: TraceEvent[] }
        | TraceEvent[];
      const spanMs = performance.now() - t0;
      const after = await processes();
      await cdp.detach();
      const { mainPid, longTasks } = readTrace(Array.isArray(raw) ? raw : raw.traceEvents);
      const s0 = mainPid === null ? null : (sched.get(mainPid) ?? null);
      const s1 = mainPid === null ? null : schedstat(mainPid);
      const gpu0 = before.find((p) => p.type === 'GPU');
      const gpu1 = after.find((p) => p.type === 'GPU' && p.id === gpu0?.id);
      return {
        spanMs,
        longTasks,
        mainRunMs: s0 && s1 ? (s1.runNs - s0.runNs) / 1e6 : null,
        mainWaitMs: s0 && s1 ? (s1.waitNs - s0.waitNs) / 1e6 : null,
        gpuProcessCpuMs: gpu0 && gpu1 ? (gpu1.cpuTime - gpu0.cpuTime) * 1000 : null,
      };
    },
  };
}

/** The page's main thread (the renderer main thread that ran the most tasks): its pid and long tasks. */
function readTrace(events: readonly TraceEvent[]): {
  mainPid: number | null;
  longTasks: TracedTask[];
} {
  const threadName = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const perThread = new Map<string, TraceEvent[]>();
  for (const t of events) {
    if (t.ph !== 'X' || t.name !== TASK || t.dur === undefined) continue;
    const key = `${t.pid}:${t.tid}`;
    const list = perThread.get(key) ?? [];
    list.push(t);
    perThread.set(key, list);
  }
  let main: TraceEvent[] = [];
  for (const [key, list] of perThread)
    if (threadName.get(key) === 'CrRendererMain' && list.length > main.length) main = list;
  return {
    mainPid: main[0]?.pid ?? null,
    longTasks: main
      .filter((t) => t.dur! > LONG_TASK_US)
      .map((t) => ({ wallMs: t.dur! / 1000, cpuMs: (t.tdur ?? Number.NaN) / 1000 })),
  };
}
