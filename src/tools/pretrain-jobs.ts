/**
 * What a pretrain trains, as independent jobs: the default sweep and its seed replicas, the section
 * budgets (quick, long, extended, longest; one table, SECTION_PLANS) and the reproducibility check, each a
 * run under its protocol with its cost in FLOPs (the progress bar's unit). No training here:
 * pretrain-sweep.ts trains a job, and pretrain-sections.ts assembles the manifest from the jobs' results.
 */
import { checkRuns } from '../sweep/check';
import type { Manifest } from '../sweep/manifest';
import {
  CHECK_PROTOCOLS,
  EXTENDED_PROTOCOL,
  LONG_PROTOCOL,
  LONGEST_PROTOCOL,
  QUICK_PROTOCOL,
} from '../sweep/protocol';
import type { SweepProtocols, TrainingProtocol } from '../sweep/protocol';
import {
  buildRun,
  defaultSweep,
  extendedSweep,
  longestSweep,
  longSweep,
  quickSweep,
  REPLICA_REQUESTS,
  REPLICA_SEEDS,
} from '../sweep/runs';
import type { SweepRun } from '../sweep/runs';
import { trainingStepFlops } from '../model/flops';
import type { FetchText } from '../training/training-data';

export interface PretrainOptions {
  protocols: SweepProtocols;
  /** the quick budget's protocol (corpus runs only) */
  quickProtocol?: TrainingProtocol;
  /** the long budget's protocol (corpus runs only) */
  longProtocol?: TrainingProtocol;
  /** the extended budget's protocol (MHA and the default TPA on the corpus) */
  extendedProtocol?: TrainingProtocol;
  /** the longest budget's protocol (the long budget's runs, four times as long) */
  longestProtocol?: TrainingProtocol;
  /** reads a file of public/ by its site path (e.g. `data/corpus-train.txt`) */
  fetchText: FetchText;
  /** SHA-256 of bytes as lower-case hex */
  sha256: (bytes: Uint8Array) => Promise<string>;
  environment: Manifest['environment'];
  log: (line: string) => void;
  /** only these run ids (default: all) */
  only?: ReadonlySet<string>;
}

/** Which part of the manifest a job fills. */
export type JobSection =
  | 'run'
  | 'replica'
  | 'quick-run'
  | 'quick-replica'
  | 'long-run'
  | 'long-replica'
  | 'extended-run'
  | 'longest-run'
  | 'longest-replica'
  | 'check';

/**
 * One training of a pretrain: a sweep run (or its seed replica, quick-budget version or check version)
 * under its protocol. Jobs are independent, so any number of processes can train them in any order and
 * the results are the same as one after another.
 */
export interface PretrainJob {
  /** unique and file-name safe, e.g. `run-corpus-mha-h4-s1` */
  readonly key: string;
  readonly section: JobSection;
  readonly run: SweepRun;
  readonly protocol: TrainingProtocol;
  /** model FLOPs of its training steps (src/model/flops.ts, vocabulary 96): the progress bar's unit */
  readonly flops: number;
}

/** Vocabulary used for the cost estimate only (the corpus tokenizer's is about this). */
const COST_VOCAB = 96;

function job(section: JobSection, run: SweepRun, protocol: TrainingProtocol): PretrainJob {
  const step = trainingStepFlops(
    { ...run.shape, vocabSize: COST_VOCAB },
    { batch: protocol.batch, seqLen: run.shape.maxSeqLen },
  );
  return {
    key: `${section}-${run.id}-s${protocol.seed}`,
    section,
    run,
    protocol,
    flops: step.total * protocol.steps,
  };
}

/** Which job sections a budget's runs and seed replicas fill (`replica: null`: it has no replicas). */
export interface JobSections {
  readonly run: JobSection;
  readonly replica: JobSection | null;
}

/** The sweep's runs and the seed replicas of REPLICA_REQUESTS under `protocols`, as jobs. */
export function sweepJobs(
  sweep: readonly SweepRun[],
  protocols: SweepProtocols,
  only: ReadonlySet<string> | undefined,
  sections: JobSections,
): PretrainJob[] {
  const kept = sweep.filter((run) => !only || only.has(run.id));
  const jobs = kept.map((run) => job(sections.run, run, protocols[run.task]));
  const ids = new Set(kept.map((r) => r.id));
  const replica = sections.replica;
  if (replica === null) return jobs;
  for (const request of REPLICA_REQUESTS) {
    for (const seed of REPLICA_SEEDS) {
      const seeded = { ...protocols[request.task], seed };
      const run = buildRun(request, { ...protocols, [request.task]: seeded });
      if (ids.has(run.id)) jobs.push(job(replica, run, seeded));
    }
  }
  return jobs;
}

export type JobOptions = Pick<PretrainOptions, 'protocols' | 'quickProtocol' | 'only'>;

/** The budgets trained as a manifest section of their own (the full budget's runs are the manifest's). */
export type SectionBudget = 'quick' | 'long' | 'extended' | 'longest';

/** A section budget's protocol: the one in `options` (a trial's) or the defined one. */
export function sectionProtocol(
  options: Pick<PretrainOptions, 'quickProtocol' | 'longProtocol' | 'extendedProtocol' | 'longestProtocol'>,
  budget: SectionBudget,
): TrainingProtocol {
  switch (budget) {
    case 'quick':
      return options.quickProtocol ?? QUICK_PROTOCOL;
    case 'long':
      return options.longProtocol ?? LONG_PROTOCOL;
    case 'extended':
      return options.extendedProtocol ?? EXTENDED_PROTOCOL;
    case 'longest':
      return options.longestProtocol ?? LONGEST_PROTOCOL;
  }
}

/** The reproducibility check's jobs (CHECK_PROTOCOLS; never filtered). */
export function checkJobs(): PretrainJob[] {
  return checkRuns().map((run) => job('check', run, CHECK_PROTOCOLS[run.task]));
}

/** Every job of a whole pretrain, in manifest order: runs, replicas, quick runs and replicas, check. */
export function pretrainJobs(options: JobOptions): PretrainJob[] {
  const main = sweepJobs(defaultSweep(options.protocols), options.protocols, options.only, {
    run: 'run',
    replica: 'replica',
  });
  return [...main, ...budgetJobs('quick', options), ...checkJobs()];
}

/**
 * What each section budget trains: its sweep at the budget's protocol, and the job sections of its runs
 * and replicas. quick: every corpus run and the corpus replicas; long: the long sweep and the replicas;
 * extended: MHA and the default TPA, no replicas; longest: the long budget's runs and replicas.
 */
const SECTION_PLANS: Readonly<
  Record<SectionBudget, JobSections & { readonly sweep: (protocol: TrainingProtocol) => SweepRun[] }>
> = {
  quick: { sweep: quickSweep, run: 'quick-run', replica: 'quick-replica' },
  long: { sweep: longSweep, run: 'long-run', replica: 'long-replica' },
  extended: { sweep: extendedSweep, run: 'extended-run', replica: null },
  longest: { sweep: longestSweep, run: 'longest-run', replica: 'longest-replica' },
};

/** The options a section budget's jobs depend on. */
export type BudgetJobOptions = JobOptions &
  Pick<PretrainOptions, 'longProtocol' | 'extendedProtocol' | 'longestProtocol'>;

/** The job sections of a section budget's runs and replicas. */
export const budgetJobSections = (budget: SectionBudget): JobSections => SECTION_PLANS[budget];

/** A section budget's jobs: its sweep's runs (and replicas, if it has them) under its protocol. */
export function budgetJobs(budget: SectionBudget, options: BudgetJobOptions): PretrainJob[] {
  const protocol = sectionProtocol(options, budget);
  const plan = SECTION_PLANS[budget];
  return sweepJobs(plan.sweep(protocol), { ...options.protocols, corpus: protocol }, options.only, plan);
}

/** The budgets a pretrain trains in parallel processes as a part of their own (PRETRAIN_PART=<budget>). */
const PARALLEL_BUDGETS = ['long', 'extended', 'longest'] as const satisfies readonly SectionBudget[];

/** Whether PRETRAIN_PART names one of PARALLEL_BUDGETS. */
export const isParallelBudget = (part: string | undefined): part is (typeof PARALLEL_BUDGETS)[number] =>
  (PARALLEL_BUDGETS as readonly (string | undefined)[]).includes(part);

/**
 * The jobs a process trains for PRETRAIN_PART: the whole pretrain, or the long, extended or longest
 * budget's section.
 */
export function jobsForPart(part: string | undefined, options: PretrainOptions): PretrainJob[] {
  return isParallelBudget(part) ? budgetJobs(part, options) : pretrainJobs(options);
}
