/**
 * `npm run pretrain` without the file system: trains a job (pretrain-jobs.ts) into its part of the
 * manifest and the checkpoint bytes, and the parts that one process trains alone (the quick budget, the
 * recall runs, the check). Deterministic apart from the wall times it records.
 */
import type { CheckResult } from '../sweep/check';
import { checkRuns } from '../sweep/check';
import { encodeCheckpoint } from '../sweep/checkpoint';
import { lowestPoint } from '../sweep/flatness';
import type { Manifest, ManifestQuick, ManifestRun } from '../sweep/manifest';
import { MANIFEST_VERSION } from '../sweep/manifest';
import { CHECK_PROTOCOLS } from '../sweep/protocol';
import type { SweepProtocols, TrainingProtocol } from '../sweep/protocol';
import { defaultSweep } from '../sweep/runs';
import type { SweepRun } from '../sweep/runs';
import { dataLoader, trainRun } from './pretrain-train';
import type { TrainedRun } from './pretrain-train';
import type { FetchText, TrainingData } from '../training/training-data';
import type { PointHooks, PointSnapshot } from '../training/point-run';
import { budgetJobs, checkJobs, sweepJobs } from './pretrain-jobs';
import type { JobSection, PretrainJob, PretrainOptions } from './pretrain-jobs';
import { checkSection, FINAL_TRAIN_WINDOW, resultsOf, sectionFor } from './pretrain-sections';
import type { JobResult } from './pretrain-sections';

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

/** A replica's lowest validation point, rounded as the runs' curves are (nothing for an empty curve). */
function lowestOf(t: TrainedRun): { lowest?: { step: number; loss: number } } {
  const p = lowestPoint(t.curve);
  return p ? { lowest: { step: p.step, loss: round(p.loss) } } : {};
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

/** "quick ", "long " or "extended " before a budget section's log lines. */
const budgetTag = (section: JobSection) => {
  const budget = section.split('-')[0]!;
  return ['quick', 'long', 'extended', 'longest'].includes(budget) ? `${budget} ` : '';
};

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
    case 'longest-run':
      return {
        ...base,
        summary: `${budgetTag(j.section)}${describe(j.run, trained)}`,
        run: await manifestRun(j.run, trained, j.protocol, options, j.section === 'run' ? checkpoints : null),
      };
    case 'replica':
    case 'quick-replica':
    case 'long-replica':
    case 'longest-replica':
      return {
        ...base,
        summary: `${budgetTag(j.section)}replica seed ${j.protocol.seed}: ${describe(j.run, trained)}`,
        replica: {
          id: j.run.id,
          seed: j.protocol.seed,
          valLoss: trained.final.loss,
          accuracy: trained.final.accuracy,
          ...lowestOf(trained),
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

/** The quick budget, trained in this process. */
export async function pretrainQuick(options: PretrainOptions): Promise<ManifestQuick> {
  return sectionFor('quick', options, await runJobs(budgetJobs('quick', options), options, new Map()));
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
