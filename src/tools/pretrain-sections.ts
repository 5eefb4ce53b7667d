/**
 * The manifest from a pretrain's job results: each budget's section, the check section and the whole
 * manifest, in job order (pretrain-jobs.ts lists the jobs; pretrain-sweep.ts trains them).
 */
import { CHECK_TOLERANCE } from '../sweep/check';
import type { CheckResult } from '../sweep/check';
import { MANIFEST_FORMAT, MANIFEST_VERSION } from '../sweep/manifest';
import type { Manifest, ManifestBudgetSection, ManifestReplica, ManifestRun } from '../sweep/manifest';
import { CHECK_PROTOCOLS } from '../sweep/protocol';
import { budgetJobs, budgetJobSections, pretrainJobs, sectionProtocol } from './pretrain-jobs';
import type {
  BudgetJobOptions,
  JobSection,
  PretrainJob,
  PretrainOptions,
  SectionBudget,
} from './pretrain-jobs';

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
 * A section budget's section from its jobs' results (trained by runJobs or trainJobsParallel): its
 * protocol, its runs and replicas in job order, and their wall times summed (the jobs may have trained in
 * parallel).
 */
export function sectionFor(
  budget: SectionBudget,
  options: BudgetJobOptions,
  results: ReadonlyMap<string, JobResult>,
): ManifestBudgetSection {
  const jobs = budgetJobs(budget, options);
  const sections = budgetJobSections(budget);
  const runs = resultsOf(jobs, results, sections.run);
  const replicas = sections.replica ? resultsOf(jobs, results, sections.replica) : [];
  return {
    protocol: { ...sectionProtocol(options, budget) },
    runs: runs.map((r) => r.run!),
    replicas: replicas.map((r) => r.replica!),
    wallMs: [...runs, ...replicas].reduce((s, r) => s + r.wallMs, 0),
  };
}

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
    quick: sectionFor('quick', options, results),
  };
}
