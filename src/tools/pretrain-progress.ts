/**
 * The progress line of a parallel `npm run pretrain`: a bar over the jobs' model FLOPs (a run's cost is
 * about proportional to them), jobs done, elapsed time and an estimate of the time left. Pure.
 */

export interface Progress {
  doneJobs: number;
  totalJobs: number;
  /** FLOPs of the finished jobs and of the steps the unfinished ones have taken (pretrain-resume.ts) */
  doneFlops: number;
  totalFlops: number;
  /** FLOPs that were already done when this invocation started (finished jobs, snapshots): no time spent */
  resumedFlops: number;
  elapsedMs: number;
}

/** "1 h 02 min", "4 min 05 s", "12 s". */
export function formatClock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(sec).padStart(2, '0')} s`;
  return `${sec} s`;
}

/**
 * Time left, from the rate of this invocation: elapsed × (FLOPs left) / (FLOPs done since it started).
 * null until a job of this invocation has finished.
 */
export function etaMs(p: Progress): number | null {
  const doneHere = p.doneFlops - p.resumedFlops;
  if (doneHere <= 0 || p.elapsedMs <= 0) return null;
  return (p.elapsedMs * (p.totalFlops - p.doneFlops)) / doneHere;
}

/** `[#########...........] 12/51 jobs  43%  elapsed 5 min 12 s  ETA 6 min 50 s` */
export function progressLine(p: Progress, width = 24): string {
  const fraction = p.totalFlops > 0 ? Math.min(1, p.doneFlops / p.totalFlops) : 1;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const eta = etaMs(p);
  return (
    `${bar} ${p.doneJobs}/${p.totalJobs} jobs  ${Math.round(fraction * 100)}%  ` +
    `elapsed ${formatClock(p.elapsedMs)}  ETA ${eta === null ? '…' : formatClock(eta)}`
  );
}
