/**
 * Resuming a pretrain job in the middle: a long-budget job is one run of about an hour, and a pretrain
 * stopped in the middle of it (a session's end, Ctrl-C, a reboot) would otherwise train it again from
 * step 0. The child training a job writes a snapshot of the run (src/training/point-snapshot.ts) every
 * few minutes, replaced atomically, and a small progress file; a child that claims the job later goes on
 * from the snapshot, and the result is bit for bit the uninterrupted run's (tests/unit/sweep/resume.test.ts).
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { decodeSnapshot, encodeSnapshot } from '../training/point-snapshot';
import type { PointHooks, PointSnapshot } from '../training/point-run';

/** Paths of one job's resume files (pretrain-parallel.ts `jobFiles`). */
export interface ResumeFiles {
  snapshot: string;
  progress: string;
}

/** How far an unfinished job is, as its progress file says. */
export interface JobProgress {
  /** steps taken by the child training it */
  step: number;
  /** the step of its last snapshot: where a restarted pretrain goes on from (0: none yet) */
  snapshotStep: number;
}

/** Writes `bytes` to `path` whole or not at all (a stop in the middle leaves the old file). */
export async function writeWhole(path: string, bytes: Uint8Array | string): Promise<void> {
  await writeFile(`${path}.tmp`, bytes);
  await rename(`${path}.tmp`, path);
}

/**
 * The job's snapshot, or null when it has none. A snapshot that cannot be read (a file damaged by hand)
 * is reported through `log` and removed: the job then starts from step 0.
 */
export async function readSnapshot(
  files: ResumeFiles,
  log: (line: string) => void,
): Promise<PointSnapshot | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(files.snapshot);
  } catch {
    return null;
  }
  try {
    return decodeSnapshot(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    log(`${files.snapshot}: ${e instanceof Error ? e.message : String(e)}; training the job from step 0`);
    await rm(files.snapshot, { force: true });
    return null;
  }
}

/** The job's progress file, or null when there is none (or it is not what this module writes). */
export async function readProgress(files: ResumeFiles): Promise<JobProgress | null> {
  try {
    const p = JSON.parse(await readFile(files.progress, 'utf8')) as Partial<JobProgress>;
    const ok = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
    return ok(p.step) && ok(p.snapshotStep) ? { step: p.step, snapshotStep: p.snapshotStep } : null;
  } catch {
    return null;
  }
}

/** Writes the job's progress file. */
export async function writeProgress(files: ResumeFiles, progress: JobProgress): Promise<void> {
  await writeWhole(files.progress, JSON.stringify(progress));
}

/** Removes a finished job's resume files (its result holds everything now). */
export async function removeResumeFiles(files: ResumeFiles): Promise<void> {
  await rm(files.snapshot, { force: true });
  await rm(files.progress, { force: true });
}

export interface ResumeTiming {
  /** a snapshot at most this often */
  snapshotMs: number;
  /** the progress file at most this often */
  progressMs: number;
  now: () => number;
}

/** Snapshots every 2 minutes (about 50 ms each for the default model), progress every 5 seconds. */
const DEFAULT_TIMING: ResumeTiming = { snapshotMs: 120_000, progressMs: 5_000, now: Date.now };

/**
 * `hooks` plus the snapshot and progress writing of one job that starts at `startStep` (its snapshot's
 * step, or 0).
 */
export function resumableHooks(
  files: ResumeFiles,
  hooks: PointHooks,
  startStep: number,
  timing: ResumeTiming = DEFAULT_TIMING,
): PointHooks {
  const progress: JobProgress = { step: startStep, snapshotStep: startStep };
  let lastSnapshot = timing.now();
  let lastProgress = timing.now();
  const saveProgress = async () => {
    lastProgress = timing.now();
    await writeProgress(files, progress);
  };
  return {
    ...hooks,
    onStep: (point) => {
      progress.step = point.step;
      hooks.onStep?.(point);
    },
    afterStep: async () => {
      await hooks.afterStep?.();
      if (timing.now() - lastProgress >= timing.progressMs) await saveProgress();
    },
    snapshotDue: () => timing.now() - lastSnapshot >= timing.snapshotMs,
    saveSnapshot: async (snapshot) => {
      await writeWhole(files.snapshot, encodeSnapshot(snapshot));
      lastSnapshot = timing.now();
      progress.snapshotStep = snapshot.step;
      await saveProgress();
    },
  };
}
