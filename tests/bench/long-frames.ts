import type { Page } from 'playwright-core';

// Main-thread long tasks and their attribution, in a page of the built app in Chromium.
// - 'longtask' entries: tasks over 50 ms, with no attribution worth the name;
// - 'long-animation-frame' entries (Long Animation Frames, Chromium 123+): frames over 50 ms from the
//   first task's start to the end of rendering, with the script entry points over 5 ms that ran in them
//   (`scripts`: sourceURL, sourceFunctionName, invoker, duration, forced style and layout) and where the
//   rendering and its style and layout began. These are wall times: a script or a style and layout that
//   waited for a core counts as long as one that computed (tests/bench/main-thread-cpu.ts tells them
//   apart).
// - the worker's messages as they arrive (type and kind), so that a long `Worker.onmessage` script can be
//   named by the message it handled.
// The bench reads these between two performance.now() marks of the page.

/** One script entry point of a long animation frame (a PerformanceScriptTiming, flattened). */
export interface FrameScript {
  start: number;
  duration: number;
  invokerType: string;
  invoker: string;
  sourceURL: string;
  sourceFunctionName: string;
  sourceCharPosition: number;
  forcedStyleAndLayoutDuration: number;
}

/** One long animation frame (a PerformanceLongAnimationFrameTiming, flattened). */
export interface LongFrame {
  start: number;
  duration: number;
  blockingDuration: number;
  /** 0 when the frame did not render */
  renderStart: number;
  /** 0 when the frame did not render */
  styleAndLayoutStart: number;
  scripts: FrameScript[];
}

export interface LongTask {
  start: number;
  duration: number;
}

/** A message from a worker, when its handler started (page clock) and what it was ('result inspected'). */
export interface WorkerMessage {
  at: number;
  label: string;
}

// not in TypeScript's DOM library (5.9): the fields the Long Animation Frames API adds to its entries
type ScriptTiming = PerformanceEntry & Omit<FrameScript, 'start' | 'duration'>;
type FrameTiming = PerformanceEntry &
  Omit<LongFrame, 'start' | 'duration' | 'scripts'> & { scripts: readonly ScriptTiming[] };

interface Recorded {
  __longTasks?: LongTask[];
  __longFrames?: LongFrame[];
  __workerMessages?: WorkerMessage[];
}

/** Starts recording long tasks and long animation frames from the page's first script (page.addInitScript). */
export async function recordLongFrames(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as Recorded;
    w.__longTasks = [];
    w.__longFrames = [];
    w.__workerMessages = [];
    // every worker's messages, noted by a listener of our own that runs before the app's handler (a
    // wrapper around the handler would stand in the long frame's scripts in place of the app's code)
    window.Worker = new Proxy(Worker, {
      construct(target, args: ConstructorParameters<typeof Worker>) {
        const worker = new target(...args);
        worker.addEventListener('message', (e: MessageEvent) => {
          const d = e.data as { type?: unknown; data?: { kind?: unknown } } | null;
          const kind = typeof d?.data?.kind === 'string' ? ` ${d.data.kind}` : '';
          w.__workerMessages!.push({ at: performance.now(), label: `${String(d?.type)}${kind}` });
        });
        return worker;
      },
    });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks!.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    if (!PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) return;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as FrameTiming[])
        w.__longFrames!.push({
          start: e.startTime,
          duration: e.duration,
          blockingDuration: e.blockingDuration,
          renderStart: e.renderStart,
          styleAndLayoutStart: e.styleAndLayoutStart,
          scripts: e.scripts.map((s) => ({
            start: s.startTime,
            duration: s.duration,
            invokerType: s.invokerType,
            invoker: s.invoker,
            sourceURL: s.sourceURL,
            sourceFunctionName: s.sourceFunctionName,
            sourceCharPosition: s.sourceCharPosition,
            forcedStyleAndLayoutDuration: s.forcedStyleAndLayoutDuration,
          })),
        });
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
}

/** The long tasks and long animation frames that started between `from` and `to` (page clock, ms). */
export async function longFramesBetween(
  page: Page,
  from: number,
  to: number,
): Promise<{ tasks: LongTask[]; frames: LongFrame[]; messages: WorkerMessage[]; supported: boolean }> {
  // an entry is reported after its frame ends: give the observers a frame
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  const { tasks, frames, messages, supported } = await page.evaluate(() => {
    const w = window as unknown as Recorded;
    return {
      tasks: w.__longTasks ?? [],
      frames: w.__longFrames ?? [],
      messages: w.__workerMessages ?? [],
      supported: PerformanceObserver.supportedEntryTypes.includes('long-animation-frame'),
    };
  });
  const inside = (e: { start: number }) => e.start >= from && e.start <= to;
  return { tasks: tasks.filter(inside), frames: frames.filter(inside), messages, supported };
}

/** Where the long frames' time went. */
export interface FrameAttribution {
  frames: number;
  /** summed durations of the long frames, ms */
  totalMs: number;
  /** summed time their tasks ran beyond 50 ms each, ms */
  blockingMs: number;
  longestMs: number;
  /** summed durations of the scripts the frames list (entry points over 5 ms), ms */
  scriptMs: number;
  /** summed style, layout and paint at the end of the frames (from styleAndLayoutStart), ms */
  styleLayoutMs: number;
  /** forced style and layout inside those scripts, ms (part of scriptMs) */
  forcedLayoutMs: number;
  /** the scripts by source, function and invoker, longest summed duration first */
  topScripts: { key: string; count: number; ms: number }[];
}

/** Short name of a script's source: the file, without the build's hash. */
function sourceName(url: string): string {
  if (!url) return '(no source)';
  const file = url.split('?')[0]!.split('/').pop() ?? url;
  return file.replace(/-[\w-]{8}\.js$/, '.js');
}

/**
 * A script's key in the attribution: source file, function and what invoked it; for a worker's message
 * handler, the message it handled (the one that arrived while it ran).
 */
function scriptKey(s: FrameScript, messages: readonly WorkerMessage[] = []): string {
  const fn = s.sourceFunctionName || '(anonymous)';
  const invoker = s.invoker || s.invokerType;
  const handled = invoker.endsWith('.onmessage')
    ? messages.find((m) => m.at >= s.start - 1 && m.at <= s.start + s.duration)
    : undefined;
  return `${sourceName(s.sourceURL)} ${fn} ← ${invoker}${handled ? ` (${handled.label})` : ''}`;
}

export function attribute(
  frames: readonly LongFrame[],
  messages: readonly WorkerMessage[] = [],
  top = 3,
): FrameAttribution {
  let totalMs = 0;
  let blockingMs = 0;
  let longestMs = 0;
  let scriptMs = 0;
  let styleLayoutMs = 0;
  let forcedLayoutMs = 0;
  const byKey = new Map<string, { count: number; ms: number }>();
  for (const f of frames) {
    totalMs += f.duration;
    blockingMs += f.blockingDuration;
    longestMs = Math.max(longestMs, f.duration);
    if (f.styleAndLayoutStart > 0) styleLayoutMs += f.start + f.duration - f.styleAndLayoutStart;
    for (const s of f.scripts) {
      scriptMs += s.duration;
      forcedLayoutMs += s.forcedStyleAndLayoutDuration;
      const key = scriptKey(s, messages);
      const k = byKey.get(key) ?? { count: 0, ms: 0 };
      k.count += 1;
      k.ms += s.duration;
      byKey.set(key, k);
    }
  }
  const topScripts = [...byKey.entries()]
    .map(([key, v]) => ({ key, ...v }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
  return {
    frames: frames.length,
    totalMs,
    blockingMs,
    longestMs,
    scriptMs,
    styleLayoutMs,
    forcedLayoutMs,
    topScripts,
  };
}

/** One long frame in a line: when (from `from`), how long, where its time went and its scripts. */
export function frameLine(fr: LongFrame, messages: readonly WorkerMessage[], from: number): string {
  const ms = (x: number) => x.toFixed(0);
  const end = fr.start + fr.duration;
  const scripts = fr.scripts
    .map(
      (s) =>
        `${scriptKey(s, messages)} at char ${s.sourceCharPosition}: ${ms(s.duration)} ms` +
        (s.forcedStyleAndLayoutDuration > 0
          ? ` (forced style/layout ${ms(s.forcedStyleAndLayoutDuration)})`
          : ''),
    )
    .join('; ');
  return (
    `frame at +${ms(fr.start - from)} ms: ${ms(fr.duration)} ms, blocking ${ms(fr.blockingDuration)}, ` +
    `render ${fr.renderStart > 0 ? ms(end - fr.renderStart) : '–'}, ` +
    `style/layout ${fr.styleAndLayoutStart > 0 ? ms(end - fr.styleAndLayoutStart) : '–'}; ` +
    (scripts || 'no script over 5 ms')
  );
}
