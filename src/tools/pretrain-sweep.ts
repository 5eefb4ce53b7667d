/**
 * `npm run pretrain` without the file system: trains the default sweep, the seed replicas and the
 * reproducibility check, and assembles the manifest and the checkpoint bytes. Deterministic apart from
 * the wall times it records.
 */
import { CHECK_TOLERANCE, checkRuns } from '../sweep/check';
import type { CheckResult } from '../sweep/check';
import { encodeCheckpoint } from '../sweep/checkpoint';
import { MANIFEST_FORMAT, MANIFEST_VERSION } from '../sweep/manifest';
import type {
  Manifest,
  ManifestBudgetSection,
  ManifestQuick,
  ManifestReplica,
  ManifestRun,
} from '../sweep/manifest';
import { CHECK_PROTOCOLS, EXTENDED_PROTOCOL, LONG_PROTOCOL, QUICK_PROTOCOL } from '../sweep/protocol';
import type { SweepProtocols, TrainingProtocol } from '../sweep/protocol';
import {
  buildRun,
  defaultSweep,
  extendedSweep,
  longSweep,
  quickSweep,
  REPLICA_REQUESTS,
  REPLICA_SEEDS,
} from '../sweep/runs';
import type { SweepRun } from '../sweep/runs';
import { trainingStepFlops } from '../model/flops';
import { dataLoader, trainRun } from './pretrain-train';
import type { TrainedRun } from './pretrain-train';
import type { FetchText, TrainingData } from '../training/training-data';
import type { PointHooks, PointSnapshot } from '../training/point-run';

/** `final.trainLoss` is the mean training loss of this many last steps (one batch is noisy). */
const FINAL_TRAIN_WINDOW = 20;

export interface PretrainOptions {
  protocols: SweepProtocols;
  /** the quick budget's protocol (corpus runs only) */
  quickProtocol?: TrainingProtocol;
  /** the long budget's protocol (corpus runs only) */
  longProtocol?: TrainingProtocol;
  /** the extended budget's protocol (MHA and the default TPA on the corpus) */
  extendedProtocol?: TrainingProtocol;
  /** reads a file of public/ by its site path (e.g. `data/corpus-train.txt`) */
  fetchText: FetchText;
  /** SHA-256 of bytes as lower-case hex */
  sha256: (bytes: Uint8Array) => Promise<string>;
  environment: Manifest['environment'];
  log: (line: string) => void;
  /** only these run ids (default: all) */
  only?: ReadonlySet<string>;
}

export interface PretrainOutput {
  manifest: Manifest;
  /** file name → bytes, for the runs that ship weights */
  checkpoints: Map<string, Uint8Array>;
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

async function manifestRun(
  run: SweepRun,
  trained: TrainedRun,
  protocol: TrainingProtocol,
  options: Pick<PretrainOptions, 'sha256'>,
  checkpoints: Map<string, Uint8Array> | null,
): Promise<ManifestRun> {
  let checkpoint: ManifestRun['checkpoint'] = null;
  if (run.checkpoint && checkpoints) {
    const { bytes, tensors } = encodeCheckpoint(trained.weights);
    const file = `${run.id}.f16.bin`;
    checkpoints.set(file, bytes);
    checkpoint = {
      file,
      format: 'float16-le',
      bytes: bytes.byteLength,
      sha256: await options.sha256(bytes),
      tensors,
    };
  }
  return {
    id: run.id,
    task: run.task,
    kind: run.kind,
    label: run.label,
    matching: run.matching.slice(),
    config: { ...run.shape, vocabSize: trained.vocabSize },
    parameters: trained.parameters,
    attentionParamsPerLayer: run.attentionParamsPerLayer,
    kvElementsPerTokenPerLayer: run.kvElementsPerTokenPerLayer,
    kvBytesPerToken: run.kvBytesPerToken,
    measuredKvBytesPerToken: trained.measuredKvBytesPerToken,
    seed: protocol.seed,
    steps: trained.steps,
    tokens: trained.tokens,
    wallMs: Math.round(trained.wallMs),
    final: {
      trainLoss: mean(trained.trainLoss.slice(-FINAL_TRAIN_WINDOW)),
      valLoss: trained.final.loss,
      accuracy: trained.final.accuracy,
    },
    curve: {
      trainLoss: trained.trainLoss.map((x) => round(x)),
      valid: trained.curve.map((p) => ({
        step: p.step,
        loss: round(p.loss),
        accuracy: p.accuracy === null ? null : round(p.accuracy),
      })),
    },
    checkpoint,
  };
}

function describe(run: SweepRun, t: TrainedRun): string {
  const acc = t.final.accuracy === null ? '' : ` recall ${(100 * t.final.accuracy).toFixed(1)}%`;
  return (
    `${run.id}: val ${t.final.loss.toFixed(4)}${acc}, ${run.kvBytesPerToken} B/token, ` +
    `${t.parameters} params, ${(t.wallMs / 1000).toFixed(1)} s`
  );
}

/** Trains the check runs (CHECK_PROTOCOL) and returns what the manifest records for them. */
export async function computeCheck(
  fetchText: FetchText,
  protocols: SweepProtocols = CHECK_PROTOCOLS,
  runs: readonly SweepRun[] = checkRuns(),
): Promise<CheckResult[]> {
  const load = dataLoader(fetchText);
  const out: CheckResult[] = [];
  for (const run of runs) {
    const t = await trainRun(run, protocols[run.task], await load(run));
    out.push({
      id: run.id,
      task: run.task,
      trainLoss: t.trainLoss,
      valLoss: t.final.loss,
      accuracy: t.final.accuracy,
    });
  }
  return out;
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

/** "quick ", "long " or "extended " before a budget section's log lines. */
const budgetTag = (section: JobSection) => {
  const budget = section.split('-')[0]!;
  return ['quick', 'long', 'extended'].includes(budget) ? `${budget} ` : '';
};

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

/** The sweep's runs and the seed replicas of REPLICA_REQUESTS under `protocols`, as jobs. */
function sweepJobs(
  sweep: readonly SweepRun[],
  protocols: SweepProtocols,
  only: ReadonlySet<string> | undefined,
  sections: { run: JobSection; replica: JobSection },
): PretrainJob[] {
  const kept = sweep.filter((run) => !only || only.has(run.id));
  const jobs = kept.map((run) => job(sections.run, run, protocols[run.task]));
  const ids = new Set(kept.map((r) => r.id));
  for (const request of REPLICA_REQUESTS) {
    for (const seed of REPLICA_SEEDS) {
      const seeded = { ...protocols[request.task], seed };
      const run = buildRun(request, { ...protocols, [request.task]: seeded });
      if (ids.has(run.id)) jobs.push(job(sections.replica, run, seeded));
    }
  }
  return jobs;
}

type JobOptions = Pick<PretrainOptions, 'protocols' | 'quickProtocol' | 'only'>;

/** The quick budget's jobs: every corpus run and the corpus replicas under the quick protocol. */
export function quickJobs(options: JobOptions): PretrainJob[] {
  const protocol = options.quickProtocol ?? QUICK_PROTOCOL;
  return sweepJobs(quickSweep(protocol), { ...options.protocols, corpus: protocol }, options.only, {
    run: 'quick-run',
    replica: 'quick-replica',
  });
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
  return [...main, ...quickJobs(options), ...checkJobs()];
}

/** The jobs a process trains for PRETRAIN_PART: the whole pretrain, or the long or extended budget's section. */
export function jobsForPart(part: string | undefined, options: PretrainOptions): PretrainJob[] {
  if (part === 'long') return longJobs(options);
  if (part === 'extended') return extendedJobs(options);
  return pretrainJobs(options);
}

/**
 * Trains one job and returns its part of the manifest; a checkpoint the run ships goes into
 * `checkpoints` (file name → bytes).
 */
export async function runJob(
  j: PretrainJob,
  options: Pick<PretrainOptions, 'sha256'>,
  load: (run: SweepRun) => Promise<TrainingData>,
  checkpoints: Map<string, Uint8Array>,
  hooks: PointHooks = {},
  resume: PointSnapshot | null = null,
): Promise<JobResult> {
  const trained = await trainRun(j.run, j.protocol, await load(j.run), hooks, resume);
  const base = { key: j.key, wallMs: Math.round(trained.wallMs) };
  switch (j.section) {
    case 'run':
    case 'quick-run':
    case 'long-run':
    case 'extended-run':
      return {
        ...base,
        summary: `${budgetTag(j.section)}${describe(j.run, trained)}`,
        run: await manifestRun(j.run, trained, j.protocol, options, j.section === 'run' ? checkpoints : null),
      };
    case 'replica':
    case 'quick-replica':
    case 'long-replica':
      return {
        ...base,
        summary: `${budgetTag(j.section)}replica seed ${j.protocol.seed}: ${describe(j.run, trained)}`,
        replica: {
          id: j.run.id,
          seed: j.protocol.seed,
          valLoss: trained.final.loss,
          accuracy: trained.final.accuracy,
        },
      };
    case 'check':
      return {
        ...base,
        summary: `check ${describe(j.run, trained)}`,
        check: {
          id: j.run.id,
          task: j.run.task,
          trainLoss: trained.trainLoss,
          valLoss: trained.final.loss,
          accuracy: trained.final.accuracy,
        },
      };
  }
}

/** Trains `jobs` one after another in this process. */
async function runJobs(
  jobs: readonly PretrainJob[],
  options: PretrainOptions,
  checkpoints: Map<string, Uint8Array>,
): Promise<Map<string, JobResult>> {
  const load = dataLoader(options.fetchText);
  const results = new Map<string, JobResult>();
  for (const [i, j] of jobs.entries()) {
    options.log(`[${i + 1}/${jobs.length}] ${j.key} …`);
    const r = await runJob(j, options, load, checkpoints);
    options.log(`[${i + 1}/${jobs.length}] ${r.summary}`);
    results.set(j.key, r);
  }
  return results;
}

/** The results of `jobs` of one section, in job order (throws when one is missing). */
function resultsOf(
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

/** The quick section from the results of `quickJobs`: its wall time is the sum of the jobs' times. */
function quickSection(
  options: JobOptions,
  jobs: readonly PretrainJob[],
  results: ReadonlyMap<string, JobResult>,
): ManifestQuick {
  const runs = resultsOf(jobs, results, 'quick-run');
  const replicas = resultsOf(jobs, results, 'quick-replica');
  return {
    protocol: { ...(options.quickProtocol ?? QUICK_PROTOCOL) },
    runs: runs.map((r) => r.run!),
    replicas: replicas.map((r) => r.replica!),
    wallMs: [...runs, ...replicas].reduce((s, r) => s + r.wallMs, 0),
  };
}

/** The long budget's jobs: the long sweep's runs and the corpus replicas under the long protocol. */
export function longJobs(options: JobOptions & Pick<PretrainOptions, 'longProtocol'>): PretrainJob[] {
  const protocol = options.longProtocol ?? LONG_PROTOCOL;
  return sweepJobs(longSweep(protocol), { ...options.protocols, corpus: protocol }, options.only, {
    run: 'long-run',
    replica: 'long-replica',
  });
}

/** The long budget (PRETRAIN_PART=long), trained in this process. */
/** The long budget's section from its jobs' results (trained by runJobs or trainJobsParallel). */
export function longSection(
  options: PretrainOptions,
  results: ReadonlyMap<string, JobResult>,
): ManifestBudgetSection {
  const jobs = longJobs(options);
  const runs = resultsOf(jobs, results, 'long-run');
  const replicas = resultsOf(jobs, results, 'long-replica');
  return {
    protocol: { ...(options.longProtocol ?? LONG_PROTOCOL) },
    runs: runs.map((r) => r.run!),
    replicas: replicas.map((r) => r.replica!),
    wallMs: [...runs, ...replicas].reduce((s, r) => s + r.wallMs, 0),
  };
}

/** The extended budget's jobs: its two runs under the extended protocol, no replicas. */
export function extendedJobs(options: JobOptions & Pick<PretrainOptions, 'extendedProtocol'>): PretrainJob[] {
  const protocol = options.extendedProtocol ?? EXTENDED_PROTOCOL;
  return extendedSweep(protocol)
    .filter((run) => !options.only || options.only.has(run.id))
    .map((run) => job('extended-run', run, protocol));
}

/** The extended budget's section from its jobs' results. */
export function extendedSection(
  options: PretrainOptions,
  results: ReadonlyMap<string, JobResult>,
): ManifestBudgetSection {
  const runs = resultsOf(extendedJobs(options), results, 'extended-run');
  return {
    protocol: { ...(options.extendedProtocol ?? EXTENDED_PROTOCOL) },
    runs: runs.map((r) => r.run!),
    replicas: [],
    wallMs: runs.reduce((s, r) => s + r.wallMs, 0),
  };
}

/** The manifest's check section from the check runs' results. */
function checkSection(check: readonly CheckResult[]): Manifest['check'] {
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

/** The quick budget, trained in this process. */
export async function pretrainQuick(options: PretrainOptions): Promise<ManifestQuick> {
  const jobs = quickJobs(options);
  return quickSection(options, jobs, await runJobs(jobs, options, new Map()));
}

/**
 * Trains the recall runs (and replicas) and the reproducibility check again, into `previous`: its corpus
 * runs, quick section and checkpoints stay. The total wall time swaps the old recall runs' times for the
 * new ones. (For a change that touches recall training only: corpus training is unaffected by it.)
 */
export async function pretrainRecall(options: PretrainOptions, previous: Manifest): Promise<Manifest> {
  const { protocols } = options;
  const recall = defaultSweep(protocols).filter((r) => r.task === 'recall');
  const jobs = [
    ...sweepJobs(recall, protocols, options.only, { run: 'run', replica: 'replica' }),
    ...checkJobs(),
  ];
  const results = await runJobs(jobs, options, new Map());
  const runs = resultsOf(jobs, results, 'run').map((r) => r.run!);
  const replicas = resultsOf(jobs, results, 'replica').map((r) => r.replica!);
  const isRecall = (id: string) => recall.some((r) => r.id === id);
  const oldRecallMs = previous.runs.filter((r) => isRecall(r.id)).reduce((s, r) => s + r.wallMs, 0);
  const newRecallMs = runs.reduce((s, r) => s + r.wallMs, 0);
  return {
    ...previous,
    version: MANIFEST_VERSION,
    environment: options.environment,
    protocols: { ...previous.protocols, recall: { ...protocols.recall } },
    runs: [...previous.runs.filter((r) => !isRecall(r.id)), ...runs],
    replicas: [...previous.replicas.filter((r) => !isRecall(r.id)), ...replicas],
    check: checkSection(resultsOf(jobs, results, 'check').map((r) => r.check!)),
    totalWallMs: Math.max(0, previous.totalWallMs - oldRecallMs + newRecallMs),
  };
}

/**
 * Trains only the reproducibility check again, into `previous` (everything else stays): for a change that
 * moves the training's float rounding but not what it computes, such as another kernel order.
 */
export async function pretrainCheck(options: PretrainOptions, previous: Manifest): Promise<Manifest> {
  const jobs = checkJobs();
  const results = await runJobs(jobs, options, new Map());
  const check = checkSection(resultsOf(jobs, results, 'check').map((r) => r.check!));
  return { ...previous, version: MANIFEST_VERSION, check };
}
