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
import { CHECK_PROTOCOLS, LONG_PROTOCOL, QUICK_PROTOCOL } from '../sweep/protocol';
import type { SweepProtocols, TrainingProtocol } from '../sweep/protocol';
import {
  buildRun,
  defaultSweep,
  longSweep,
  quickSweep,
  REPLICA_REQUESTS,
  REPLICA_SEEDS,
} from '../sweep/runs';
import type { SweepRun } from '../sweep/runs';
import { dataLoader, trainRun } from './pretrain-train';
import type { TrainedRun } from './pretrain-train';
import type { FetchText } from '../training/training-data';

/** `final.trainLoss` is the mean training loss of this many last steps (one batch is noisy). */
export const FINAL_TRAIN_WINDOW = 20;

export interface PretrainOptions {
  protocols: SweepProtocols;
  /** the quick budget's protocol (corpus runs only) */
  quickProtocol?: TrainingProtocol;
  /** the long budget's protocol (corpus runs only) */
  longProtocol?: TrainingProtocol;
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
  options: PretrainOptions,
  checkpoints: Map<string, Uint8Array>,
): Promise<ManifestRun> {
  let checkpoint: ManifestRun['checkpoint'] = null;
  if (run.checkpoint) {
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

/** Trains `sweep` and the seed replicas of REPLICA_REQUESTS under `protocols`, as manifest entries. */
async function trainRuns(
  sweep: readonly SweepRun[],
  protocols: SweepProtocols,
  options: PretrainOptions,
  checkpoints: Map<string, Uint8Array>,
  section: string,
): Promise<{ runs: ManifestRun[]; replicas: ManifestReplica[] }> {
  const { log } = options;
  const load = dataLoader(options.fetchText);
  const keep = (run: SweepRun) => !options.only || options.only.has(run.id);
  const tag = section ? `${section} ` : '';
  const runs: ManifestRun[] = [];
  const kept = sweep.filter(keep);
  for (const [i, run] of kept.entries()) {
    log(`${tag}[${i + 1}/${kept.length}] ${run.id} …`);
    const protocol = protocols[run.task];
    const trained = await trainRun(run, protocol, await load(run));
    log(`${tag}[${i + 1}/${kept.length}] ${describe(run, trained)}`);
    runs.push(await manifestRun(run, trained, protocol, options, checkpoints));
  }
  const replicas: ManifestReplica[] = [];
  const ids = new Set(kept.map((r) => r.id));
  for (const request of REPLICA_REQUESTS) {
    for (const seed of REPLICA_SEEDS) {
      const seeded = { ...protocols[request.task], seed };
      const run = buildRun(request, { ...protocols, [request.task]: seeded });
      if (!ids.has(run.id)) continue;
      const trained = await trainRun(run, seeded, await load(run));
      log(`${tag}replica seed ${seed}: ${describe(run, trained)}`);
      replicas.push({ id: run.id, seed, valLoss: trained.final.loss, accuracy: trained.final.accuracy });
    }
  }
  return { runs, replicas };
}

/** The quick budget: every corpus run and the corpus replicas again under the quick protocol. */
export async function pretrainQuick(options: PretrainOptions): Promise<ManifestQuick> {
  const start = performance.now();
  const protocol = options.quickProtocol ?? QUICK_PROTOCOL;
  const { runs, replicas } = await trainRuns(
    quickSweep(protocol),
    { ...options.protocols, corpus: protocol },
    options,
    new Map(),
    'quick',
  );
  return { protocol: { ...protocol }, runs, replicas, wallMs: Math.round(performance.now() - start) };
}

/** The long budget: the long sweep's runs and the corpus replicas under the long protocol. */
export async function pretrainLong(options: PretrainOptions): Promise<ManifestBudgetSection> {
  const start = performance.now();
  const protocol = options.longProtocol ?? LONG_PROTOCOL;
  const { runs, replicas } = await trainRuns(
    longSweep(protocol),
    { ...options.protocols, corpus: protocol },
    options,
    new Map(),
    'long',
  );
  return { protocol: { ...protocol }, runs, replicas, wallMs: Math.round(performance.now() - start) };
}

/** The manifest's check section from the check runs' results. */
function checkSection(check: readonly CheckResult[]): Manifest['check'] {
  return {
    protocols: { corpus: { ...CHECK_PROTOCOLS.corpus }, recall: { ...CHECK_PROTOCOLS.recall } },
    tolerance: CHECK_TOLERANCE,
    runs: check.map((c) => ({ ...c, trainLoss: c.trainLoss.slice() })),
  };
}

/** Trains everything and assembles the manifest. */
export async function pretrain(options: PretrainOptions): Promise<PretrainOutput> {
  const { protocols, log } = options;
  const start = performance.now();
  const checkpoints = new Map<string, Uint8Array>();
  const { runs, replicas } = await trainRuns(defaultSweep(protocols), protocols, options, checkpoints, '');
  const quick = await pretrainQuick(options);

  log('reproducibility check …');
  const check = await computeCheck(options.fetchText);
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    generator: 'npm run pretrain',
    environment: options.environment,
    protocols: { corpus: { ...protocols.corpus }, recall: { ...protocols.recall } },
    finalTrainWindow: FINAL_TRAIN_WINDOW,
    totalWallMs: 0,
    runs,
    replicas,
    check: checkSection(check),
    quick,
  };
  manifest.totalWallMs = Math.round(performance.now() - start);
  return { manifest, checkpoints };
}

/**
 * Trains the recall runs (and replicas) and the reproducibility check again, into `previous`: its corpus
 * runs, quick section and checkpoints stay. The total wall time swaps the old recall runs' times for the
 * new ones. (For a change that touches recall training only: corpus training is unaffected by it.)
 */
export async function pretrainRecall(options: PretrainOptions, previous: Manifest): Promise<Manifest> {
  const { protocols, log } = options;
  const recallSweep = defaultSweep(protocols).filter((r) => r.task === 'recall');
  const { runs, replicas } = await trainRuns(recallSweep, protocols, options, new Map(), 'recall');
  log('reproducibility check …');
  const check = await computeCheck(options.fetchText);
  const isRecall = (id: string) => recallSweep.some((r) => r.id === id);
  const oldRecallMs = previous.runs.filter((r) => isRecall(r.id)).reduce((s, r) => s + r.wallMs, 0);
  const newRecallMs = runs.reduce((s, r) => s + r.wallMs, 0);
  return {
    ...previous,
    version: MANIFEST_VERSION,
    environment: options.environment,
    protocols: { ...previous.protocols, recall: { ...protocols.recall } },
    runs: [...previous.runs.filter((r) => !isRecall(r.id)), ...runs],
    replicas: [...previous.replicas.filter((r) => !isRecall(r.id)), ...replicas],
    check: checkSection(check),
    totalWallMs: Math.max(0, previous.totalWallMs - oldRecallMs + newRecallMs),
  };
}

/**
 * Trains only the reproducibility check again, into `previous` (everything else stays): for a change that
 * moves the training's float rounding but not what it computes, such as another kernel order.
 */
export async function pretrainCheck(options: PretrainOptions, previous: Manifest): Promise<Manifest> {
  options.log('reproducibility check …');
  const check = await computeCheck(options.fetchText);
  return { ...previous, version: MANIFEST_VERSION, check: checkSection(check) };
}
