/**
 * The manifest from a pretrain's job results: each budget's section, the check section and the whole
 * manifest, in job order (pretrain-jobs.ts lists the jobs; pretrain-sweep.ts trains them).
 */
import { CHECK_TOLERANCE } from '../sweep/check';
import type { CheckResult } from '../sweep/check';
import { MANIFEST_FORMAT, MANIFEST_VERSION } from '../sweep/manifest';
import type {
  Manifest,
  ManifestBudgetSection,
  ManifestQuick,
  ManifestReplica,
  ManifestRun,
} from '../sweep/manifest';
import { CHECK_PROTOCOLS } from '../sweep/protocol';
import type { TrainingProtocol } from '../sweep/protocol';
import { extendedJobs, longestJobs, longJobs, pretrainJobs, sectionProtocol } from './pretrain-jobs';
import type { JobOptions, JobSection, PretrainJob, PretrainOptions } from './pretrain-jobs';

/** `final.trainLoss` is the mean training loss of this many last steps (one batch is noisy). */
export const FINAL_TRAIN_WINDOW = 20;

export interface PretrainOutput {
  manifest: Manifest;
  /** file name → bytes, for the runs that ship weights */
  checkpoints: Map<string, Uint8Array>;
}

/** What a finished job contributes to the manifest (the checkpoint bytes travel separately). */
export interface JobResult {
  readonly key: string;
  readonly wallMs: number;
  /** one line for the log */
  readonly summary: string;
  readonly run?: ManifestRun;
  readonly replica?: ManifestReplica;
  readonly check?: CheckResult;
}

/** The results of `jobs` of one section, in job order (throws when one is missing). */
export function resultsOf(
  jobs: readonly PretrainJob[],
  results: ReadonlyMap<string, JobResult>,
  section: JobSection,
) {
  return jobs
    .filter((j) => j.section === section)
    .map((j) => {
      const r = results.get(j.key);
      if (!r) throw new Error(`pretrain: job ${j.key} has no result`);
      return r;
    });
}

/**
 * A budget's section from its jobs' results: its protocol, its runs and replicas in job order, and their
 * wall times summed (the jobs may have trained in parallel).
 */
function budgetSection(
  protocol: TrainingProtocol,
  jobs: readonly PretrainJob[],
  results: ReadonlyMap<string, JobResult>,
  sections: { readonly run: JobSection; readonly replica: JobSection | null },
): ManifestBudgetSection {
  const runs = resultsOf(jobs, results, sections.run);
  const replicas = sections.replica ? resultsOf(jobs, results, sections.replica) : [];
  return {
    protocol: { ...protocol },
    runs: runs.map((r) => r.run!),
    replicas: replicas.map((r) => r.replica!),
    wallMs: [...runs, ...replicas].reduce((s, r) => s + r.wallMs, 0),
  };
}

/** The quick section from the results of `quickJobs`. */
export const quickSection = (
  options: JobOptions,
  jobs: readonly PretrainJob[],
  results: ReadonlyMap<string, JobResult>,
): ManifestQuick =>
  budgetSection(sectionProtocol(options, 'quick'), jobs, results, {
    run: 'quick-run',
    replica: 'quick-replica',
  });

/** The long budget's section from its jobs' results (trained by runJobs or trainJobsParallel). */
export const longSection = (
  options: PretrainOptions,
  results: ReadonlyMap<string, JobResult>,
): ManifestBudgetSection =>
  budgetSection(sectionProtocol(options, 'long'), longJobs(options), results, {
    run: 'long-run',
    replica: 'long-replica',
  });

/** The extended budget's section from its jobs' results (it has no replicas). */
export const extendedSection = (
  options: PretrainOptions,
  results: ReadonlyMap<string, JobResult>,
): ManifestBudgetSection =>
  budgetSection(sectionProtocol(options, 'extended'), extendedJobs(options), results, {
    run: 'extended-run',
    replica: null,
  });

/** The longest budget's section from its jobs' results. */
export const longestSection = (
  options: PretrainOptions,
  results: ReadonlyMap<string, JobResult>,
): ManifestBudgetSection =>
  budgetSection(sectionProtocol(options, 'longest'), longestJobs(options), results, {
    run: 'longest-run',
    replica: 'longest-replica',
  });

/** The manifest's check section from the check runs' results. */
export function checkSection(check: readonly CheckResult[]): Manifest['check'] {
  return {
    protocols: { corpus: { ...CHECK_PROTOCOLS.corpus }, recall: { ...CHECK_PROTOCOLS.recall } },
    tolerance: CHECK_TOLERANCE,
    runs: check.map((c) => ({ ...c, trainLoss: c.trainLoss.slice() })),
  };
}

/** The manifest of a whole pretrain from the results of `pretrainJobs(options)`. */
export function assembleManifest(
  options: PretrainOptions,
  results: ReadonlyMap<string, JobResult>,
  totalWallMs: number,
): Manifest {
  const jobs = pretrainJobs(options);
  const { protocols } = options;
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    generator: 'npm run pretrain',
    environment: options.environment,
    protocols: { corpus: { ...protocols.corpus }, recall: { ...protocols.recall } },
    finalTrainWindow: FINAL_TRAIN_WINDOW,
    totalWallMs: Math.round(totalWallMs),
    runs: resultsOf(jobs, results, 'run').map((r) => r.run!),
    replicas: resultsOf(jobs, results, 'replica').map((r) => r.replica!),
    check: checkSection(resultsOf(jobs, results, 'check').map((r) => r.check!)),
    quick: quickSection(options, jobs, results),
  };
}
