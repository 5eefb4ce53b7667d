/**
 * A whole `npm run pretrain` in several processes, resumable. The jobs of the sweep
 * (pretrain-jobs.ts `pretrainJobs`) are trained by PRETRAIN_JOBS child processes (default: one per
 * core), each a vitest run of src/tools/pretrain-worker.run.ts on single-threaded wasm. Children share a
 * job folder: a child claims a job by creating its lock file (exclusive create), trains it and writes
 * the result (and checkpoint) there, then claims the next, costliest first. Jobs do not depend on each
 * other, so the manifest is the same as one process's, apart from the wall times it records.
 *
 * The folder is kept until the manifest is written: an interrupted pretrain started again with the same
 * code, data and settings skips the jobs whose results are there. Its name is a hash of the job list
 * and of the files that decide the numbers (src/, public/data/, package-lock.json), so results of other
 * code are never mixed in.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pretrainJobs } from './pretrain-jobs';
import type { PretrainJob, PretrainOptions } from './pretrain-jobs';
import { assembleManifest } from './pretrain-sections';
import type { JobResult, PretrainOutput } from './pretrain-sections';
import { formatClock, progressLine } from './pretrain-progress';
import { readProgress, writeProgress, writeWhole } from './pretrain-resume';

const RESULT = '.result.json';
const LOCK = '.lock';
const ELAPSED_FILE = 'elapsed-ms.json';
/** the process id of the pretrain that uses a job folder, so another pretrain leaves the folder alone */
const OWNER_FILE = 'owner.pid';
/** without a terminal, a progress line at least this often */
const LOG_EVERY_MS = 60_000;

/** Whether a process with this id runs (signal 0 tests for it without sending anything). */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process id of the pretrain that owns a job folder, or null when it does not say. */
export async function ownerOf(folder: string): Promise<number | null> {
  const pid = Number(await readFile(join(folder, OWNER_FILE), 'utf8').catch(() => ''));
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Whether a job folder belongs to a pretrain that still runs (two pretrains can run at once, e.g. the
 * whole sweep and PRETRAIN_PART=extended, sharing node_modules/.cache).
 */
async function inUse(folder: string): Promise<boolean> {
  const pid = await ownerOf(folder);
  return pid !== null && pid !== process.pid && running(pid);
}

/** Exported for tests: removes the job folders of `root` other than `keep` that no running pretrain owns. */
export async function removeStaleFolders(root: string, keep: string): Promise<void> {
  for (const name of await readdir(root)) {
    const folder = join(root, name);
    if (folder !== keep && !(await inUse(folder))) await rm(folder, { recursive: true, force: true });
  }
}

/** Jobs in the order children claim them: costliest first, so that the last ones to finish are short. */
export function claimOrder(jobs: readonly PretrainJob[]): PretrainJob[] {
  return jobs.slice().sort((a, b) => b.flops - a.flops || a.key.localeCompare(b.key));
}

async function filesUnder(dir: string, keep: (name: string) => boolean): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && keep(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Hash of the job list and of every file that decides the numbers. */
async function jobFolderName(jobs: readonly PretrainJob[], root = '.'): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(jobs.map((j) => [j.key, j.run.shape, j.protocol])));
  const sources = [
    ...(await filesUnder(join(root, 'src'), (n) => n.endsWith('.ts'))),
    ...(await filesUnder(join(root, 'public', 'data'), () => true)),
    join(root, 'package-lock.json'),
  ];
  for (const file of sources) {
    hash.update(file);
    hash.update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Paths of a job's files in the job folder. */
export function jobFiles(dir: string, key: string) {
  return {
    result: join(dir, `${key}${RESULT}`),
    lock: join(dir, `${key}${LOCK}`),
    /** the unfinished run's last snapshot (pretrain-resume.ts) */
    snapshot: join(dir, `${key}.snapshot`),
    /** how far the unfinished run is: its step and its snapshot's step (pretrain-resume.ts) */
    progress: join(dir, `${key}.progress.json`),
    checkpoint: (file: string) => join(dir, `${key}.${file}`),
  };
}

/** Claims a job for this process: true when this process created its lock file. */
export async function claimJob(dir: string, key: string): Promise<boolean> {
  try {
    const handle = await open(jobFiles(dir, key).lock, 'wx');
    await handle.close();
    return true;
  } catch {
    return false;
  }
}

/** Writes a job's checkpoints and then its result (renamed into place: a result file is always whole). */
export async function saveJob(
  dir: string,
  result: JobResult,
  checkpoints: ReadonlyMap<string, Uint8Array>,
): Promise<void> {
  const files = jobFiles(dir, result.key);
  for (const [file, bytes] of checkpoints) await writeFile(files.checkpoint(file), bytes);
  await writeWhole(files.result, JSON.stringify({ result, checkpoints: [...checkpoints.keys()] }));
}

interface Stored {
  result: JobResult;
  checkpoints: string[];
}

async function readStored(dir: string, key: string): Promise<Stored | null> {
  try {
    return JSON.parse(await readFile(jobFiles(dir, key).result, 'utf8')) as Stored;
  } catch {
    return null;
  }
}

export interface ParallelSettings {
  options: PretrainOptions;
  /** processes */
  processes: number;
  /** where job folders live (node_modules/.cache/t6-pretrain) */
  cacheRoot: string;
  /** environment of the children (the PRETRAIN_* settings must match this process's) */
  env: NodeJS.ProcessEnv;
  /** the progress output; `live` redraws one line (a terminal), otherwise a line per finished job */
  write: (text: string) => void;
  live: boolean;
}

function childEnv(env: NodeJS.ProcessEnv, dir: string): NodeJS.ProcessEnv {
  // a child is a vitest run of its own: none of this vitest worker's variables
  const clean = Object.fromEntries(
    Object.entries(env).filter(([k]) => !k.startsWith('VITEST') && !k.startsWith('TINYPOOL')),
  );
  return { ...clean, PRETRAIN_JOB_DIR: dir, FORCE_COLOR: '0' };
}

async function tail(file: string, lines = 30): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-lines).join('\n');
}

/**
 * Trains every job not yet in the job folder with `processes` children and assembles the manifest.
 * The caller writes the output and then calls `done()` to remove the job folder.
 */
export async function pretrainParallel(
  s: ParallelSettings,
): Promise<{ output: PretrainOutput; done: () => Promise<void> }> {
  const { results, checkpoints, totalMs, done } = await trainJobsParallel(s, pretrainJobs(s.options));
  return { output: { manifest: assembleManifest(s.options, results, totalMs), checkpoints }, done };
}

/**
 * Trains every job of `jobs` not yet in their job folder with `processes` children (each child computes
 * the same list from PRETRAIN_PART: jobsForPart) and returns their results. The caller then calls
 * `done()` to remove the job folder.
 */
export async function trainJobsParallel(
  s: ParallelSettings,
  jobs: readonly PretrainJob[],
): Promise<{
  results: Map<string, JobResult>;
  checkpoints: Map<string, Uint8Array>;
  totalMs: number;
  done: () => Promise<void>;
}> {
  const dir = join(s.cacheRoot, await jobFolderName(jobs));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, OWNER_FILE), String(process.pid));
  // other folders hold results of other code or settings, unless another pretrain is using one now
  await removeStaleFolders(s.cacheRoot, dir);
  // no child runs now: every lock is left over from an interrupted pretrain
  for (const name of await readdir(dir)) if (name.endsWith(LOCK)) await rm(join(dir, name));
  const previousMs = Number(await readFile(join(dir, ELAPSED_FILE), 'utf8').catch(() => '0')) || 0;

  const totalFlops = jobs.reduce((t, j) => t + j.flops, 0);
  const finished = new Set<string>();
  for (const j of jobs) if (await readStored(dir, j.key)) finished.add(j.key);
  const flopsOf = (keys: Iterable<string>) =>
    [...keys].reduce((t, k) => t + (jobs.find((j) => j.key === k)?.flops ?? 0), 0);
  /** FLOPs of the unfinished jobs' steps: those taken so far, or those their snapshots hold */
  const partialFlops = async (which: 'step' | 'snapshotStep') => {
    let total = 0;
    for (const j of jobs) {
      if (finished.has(j.key)) continue;
      const p = await readProgress(jobFiles(dir, j.key));
      if (p) total += (j.flops * Math.min(p[which], j.protocol.steps)) / j.protocol.steps;
    }
    return total;
  };
  // an unfinished job goes on from its snapshot: the steps after it are to be done again
  for (const j of jobs) {
    const files = jobFiles(dir, j.key);
    const p = finished.has(j.key) ? null : await readProgress(files);
    if (p && p.step !== p.snapshotStep) await writeProgress(files, { ...p, step: p.snapshotStep });
  }
  const resumedFlops = flopsOf(finished) + (await partialFlops('snapshotStep'));
  if (resumedFlops > 0)
    s.write(
      `[pretrain] resuming: ${finished.size} of ${jobs.length} jobs are done already, ` +
        `${Math.round((100 * resumedFlops) / totalFlops)}% of the work with the snapshots of unfinished ones (${dir})\n`,
    );

  const start = Date.now();
  const remaining = jobs.length - finished.size;
  const count = Math.max(1, Math.min(s.processes, remaining));
  const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
  const children: { child: ChildProcess; log: string; exit: Promise<number | null> }[] = [];
  if (remaining > 0) {
    s.write(`[pretrain] ${remaining} jobs in ${count} process${count === 1 ? '' : 'es'} (logs in ${dir})\n`);
    for (let i = 0; i < count; i++) {
      const log = join(dir, `process-${i + 1}.log`);
      const out = await open(log, 'w');
      const child = spawn(process.execPath, [vitest, 'run', '--project', 'pretrain-worker'], {
        env: childEnv(s.env, dir),
        stdio: ['ignore', out.fd, out.fd],
      });
      const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      void exit.finally(() => out.close());
      children.push({ child, log, exit });
    }
  }

  // without a terminal (a log file), a line per finished job and a progress line at least every minute
  let lastWritten = 0;
  const report = async (final: boolean) => {
    const before = finished.size;
    for (const j of jobs) {
      if (finished.has(j.key)) continue;
      const stored = await readStored(dir, j.key);
      if (!stored) continue;
      finished.add(j.key);
      if (!s.live) s.write(`[pretrain] ${stored.result.summary}\n`);
    }
    const line = progressLine({
      doneJobs: finished.size,
      totalJobs: jobs.length,
      doneFlops: flopsOf(finished) + (await partialFlops('step')),
      totalFlops,
      resumedFlops,
      elapsedMs: Date.now() - start,
    });
    await writeFile(join(dir, ELAPSED_FILE), String(previousMs + Date.now() - start));
    if (s.live) s.write(`\r${line}`);
    else if (final || finished.size !== before || Date.now() - lastWritten >= LOG_EVERY_MS) {
      lastWritten = Date.now();
      s.write(`[pretrain] ${line}\n`);
    }
  };

  let failed: string | null = null;
  const watch = children.map(async ({ exit, log }, i) => {
    const code = await exit;
    if (code !== 0 && failed === null) {
      failed = `pretrain process ${i + 1} exited with code ${code}; the end of ${log}:\n${await tail(log)}`;
      for (const c of children) c.child.kill();
    }
  });
  let settled = false;
  void Promise.all(watch).then(() => (settled = true));
  while (!settled) {
    await new Promise((r) => setTimeout(r, 1000));
    await report(false);
  }
  await report(true);
  if (s.live) s.write('\n');
  if (failed !== null) throw new Error(failed);

  const results = new Map<string, JobResult>();
  const checkpoints = new Map<string, Uint8Array>();
  for (const j of jobs) {
    const stored = await readStored(dir, j.key);
    if (!stored) throw new Error(`pretrain: job ${j.key} has no result in ${dir}`);
    results.set(j.key, stored.result);
    for (const file of stored.checkpoints)
      checkpoints.set(file, new Uint8Array(await readFile(jobFiles(dir, j.key).checkpoint(file))));
  }
  const totalMs = previousMs + Date.now() - start;
  s.write(`[pretrain] all ${jobs.length} jobs done in ${formatClock(totalMs)}\n`);
  return { results, checkpoints, totalMs, done: () => rm(dir, { recursive: true, force: true }) };
}
