/**
 * public/pretrained/manifest.json: what `npm run pretrain` trained and measured, read back by the
 * quality panel and the tests. The file is data from outside the program (fetched, maybe edited by
 * hand), so `parseManifest` checks every field and the relations between them before anything is
 * drawn: a run's cache size must follow from its shape (src/memory), its curve must have one loss
 * per step, a checkpoint's size must match its tensor table, ids must be unique and file-name safe.
 */
import type { ParseResult } from '../spec';
import * as v from 'valibot';
import { ATTENTION_KINDS, ModelShapeSchema } from '../spec';
import { elementCount } from './checkpoint';
import { diagnosisProblem, RecallDiagnosisSchema } from './manifest-diagnosis';
import {
  count,
  finite,
  fraction,
  int,
  label,
  nonNegative,
  positive,
  ProtocolSchema,
  runId,
} from './manifest-fields';
import { SWEEP_TASKS } from './protocol';
import { cacheBytesPerToken } from './runs';

export const MANIFEST_FORMAT = 't6-pretrained';
export const MANIFEST_VERSION = 2;
/** Where the shipped results live, relative to the site's base URL. */
export const MANIFEST_PATH = 'pretrained/manifest.json';

const ValidationPointSchema = v.object({ step: positive, loss: finite, accuracy: v.nullable(fraction) });

const CheckpointSchema = v.object({
  /** file name inside public/pretrained/ */
  file: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,79}\.f16\.bin$/)),
  format: v.literal('float16-le'),
  bytes: count,
  /** SHA-256 of the file's bytes, lower-case hex */
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  tensors: v.array(v.object({ name: v.pipe(v.string(), v.maxLength(120)), shape: v.array(positive) })),
});

const RunSchema = v.object({
  id: runId,
  task: v.picklist(SWEEP_TASKS),
  kind: v.picklist(ATTENTION_KINDS),
  label,
  matching: v.array(v.picklist(['head', 'param'])),
  config: v.object({ ...ModelShapeSchema.entries, vocabSize: positive }),
  parameters: positive,
  attentionParamsPerLayer: positive,
  kvElementsPerTokenPerLayer: positive,
  kvBytesPerToken: positive,
  measuredKvBytesPerToken: nonNegative,
  seed: int,
  steps: positive,
  tokens: positive,
  wallMs: nonNegative,
  final: v.object({
    /** mean training loss over the last steps (see finalTrainWindow) */
    trainLoss: finite,
    valLoss: finite,
    accuracy: v.nullable(fraction),
  }),
  curve: v.object({ trainLoss: v.array(finite), valid: v.array(ValidationPointSchema) }),
  checkpoint: v.nullable(CheckpointSchema),
});

const ProtocolsSchema = v.object({ corpus: ProtocolSchema, recall: ProtocolSchema });

const CheckRunSchema = v.object({
  id: runId,
  task: v.picklist(SWEEP_TASKS),
  trainLoss: v.array(finite),
  valLoss: finite,
  accuracy: v.nullable(fraction),
});

const ReplicaSchema = v.object({
  id: runId,
  seed: int,
  valLoss: finite,
  accuracy: v.nullable(fraction),
  /**
   * the lowest point of its validation curve (the replica's curve is not kept): the seed spread of the
   * runs' lowest points (src/sweep/flatness.ts); absent in replicas trained before it was recorded
   */
  lowest: v.optional(v.object({ step: int, loss: finite })),
});

/**
 * The corpus runs again at another budget, with seed replicas: the quick budget (QUICK_PROTOCOL, the
 * live check's numbers), the long one (LONG_PROTOCOL, the gap against training), the extended one
 * (EXTENDED_PROTOCOL, MHA and the default TPA twice as long again) and the longest one (LONGEST_PROTOCOL,
 * the long budget's runs four times as long).
 */
const BudgetSectionSchema = v.object({
  protocol: ProtocolSchema,
  runs: v.array(RunSchema),
  replicas: v.array(ReplicaSchema),
  /** how long the section took to train */
  wallMs: nonNegative,
});

const ManifestSchema = v.object({
  format: v.literal(MANIFEST_FORMAT),
  version: v.literal(MANIFEST_VERSION),
  /** the command that wrote it, e.g. "npm run pretrain" */
  generator: label,
  environment: v.object({ backend: label, tfjs: label, node: label, cpus: label }),
  /** how each task's runs were trained */
  protocols: ProtocolsSchema,
  /** how many final training losses `final.trainLoss` averages */
  finalTrainWindow: positive,
  totalWallMs: nonNegative,
  runs: v.array(RunSchema),
  /** some runs again with other seeds, for the seed-to-seed spread */
  replicas: v.array(ReplicaSchema),
  check: v.object({
    protocols: ProtocolsSchema,
    tolerance: v.pipe(finite, v.gtValue(0)),
    runs: v.array(CheckRunSchema),
  }),
  quick: BudgetSectionSchema,
  /** the long budget (LONG_PROTOCOL): written by `PRETRAIN_PART=long npm run pretrain`; absent before */
  long: v.optional(BudgetSectionSchema),
  /** the extended budget (EXTENDED_PROTOCOL): written by `PRETRAIN_PART=extended npm run pretrain`; absent before */
  extended: v.optional(BudgetSectionSchema),
  /** the longest budget (LONGEST_PROTOCOL): written by `PRETRAIN_PART=longest npm run pretrain`; absent before */
  longest: v.optional(BudgetSectionSchema),
  /** the recall diagnosis: written by `PRETRAIN_PART=recall-diagnosis npm run pretrain`; absent before */
  recallDiagnosis: v.optional(RecallDiagnosisSchema),
});

export type Manifest = v.InferOutput<typeof ManifestSchema>;
export type ManifestRun = Manifest['runs'][number];
export type ManifestCheckRun = Manifest['check']['runs'][number];
export type ManifestReplica = Manifest['replicas'][number];
/** A budget section of its own: the quick budget, the long one, the extended one or the longest one. */
export type ManifestBudgetSection = Manifest['quick'];
export type ManifestQuick = ManifestBudgetSection;
export type ManifestRecallDiagnosis = NonNullable<Manifest['recallDiagnosis']>;
export type ManifestDiagnosisRun = ManifestRecallDiagnosis['runs'][number];

function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (!first) return 'invalid manifest';
  const path = first.path?.map((p) => String(p.key)).join('.') ?? '';
  return `${path ? `${path}: ` : ''}${first.message}`;
}

type Protocol = Manifest['protocols']['corpus'];

/** What is wrong with one run given the protocol it was trained under, or null. */
function runProblem(run: ManifestRun, protocol: Protocol, where: string): string | null {
  if (run.kind !== run.config.attention.kind) return `${where}: kind ${run.kind} ≠ its attention's`;
  const bytes = cacheBytesPerToken(run.config);
  if (run.kvBytesPerToken !== bytes)
    return `${where}: kvBytesPerToken ${run.kvBytesPerToken} does not follow from its shape (${bytes})`;
  if (run.steps !== protocol.steps)
    return `${where}: ${run.steps} steps, its protocol says ${protocol.steps}`;
  if (run.config.maxSeqLen !== protocol.contextLength)
    return `${where}: context ${run.config.maxSeqLen}, its protocol says ${protocol.contextLength}`;
  if (run.curve.trainLoss.length !== run.steps)
    return `${where}: ${run.curve.trainLoss.length} training losses for ${run.steps} steps`;
  if (run.curve.valid.some((p) => p.step > run.steps))
    return `${where}: a validation point is past the last step`;
  const c = run.checkpoint;
  if (c) {
    const elements = c.tensors.reduce((n, t) => n + elementCount(t.shape), 0);
    if (elements !== run.parameters)
      return `${where}: checkpoint holds ${elements} of ${run.parameters} weights`;
    if (c.bytes !== 2 * elements)
      return `${where}: checkpoint is ${c.bytes} bytes, its table needs ${2 * elements}`;
  }
  return null;
}

/** What is wrong in a list of runs and their replicas (unique ids, each run against its protocol), or null. */
function runsProblem(
  runs: readonly ManifestRun[],
  replicas: readonly ManifestReplica[],
  protocolOf: (run: ManifestRun) => Protocol,
  section: string,
): string | null {
  const ids = new Set<string>();
  for (const run of runs) {
    const where = `${section}run ${run.id}`;
    if (ids.has(run.id)) return `${where}: id appears twice`;
    ids.add(run.id);
    const problem = runProblem(run, protocolOf(run), where);
    if (problem) return problem;
  }
  for (const r of replicas) if (!ids.has(r.id)) return `${section}replica of unknown run ${r.id}`;
  return null;
}

/** What is wrong between the fields of a well-typed manifest, or null. */
/** The manifest's budget sections: corpus runs again under another protocol. */
const BUDGET_SECTIONS = ['quick', 'long', 'extended', 'longest'] as const;

function inconsistency(m: Manifest): string | null {
  const problem = runsProblem(m.runs, m.replicas, (run) => m.protocols[run.task], '');
  if (problem) return problem;
  for (const name of BUDGET_SECTIONS) {
    const section = m[name];
    if (!section) continue;
    const p = runsProblem(section.runs, section.replicas, () => section.protocol, `${name} `);
    if (p) return p;
    if (section.runs.some((r) => r.task !== 'corpus')) return `${name} runs are corpus runs`;
  }
  const diagnosis = m.recallDiagnosis ? diagnosisProblem(m.recallDiagnosis) : null;
  if (diagnosis) return `recall diagnosis ${diagnosis}`;
  for (const r of m.check.runs) {
    const steps = m.check.protocols[r.task].steps;
    if (r.trainLoss.length !== steps) return `check ${r.id}: ${r.trainLoss.length} losses for ${steps} steps`;
  }
  return null;
}

/** Checks untrusted JSON (already parsed) against the manifest format. */
export function parseManifest(input: unknown): ParseResult<Manifest> {
  const r = v.safeParse(ManifestSchema, input);
  if (!r.success) return { ok: false, message: firstIssue(r.issues) };
  const problem = inconsistency(r.output);
  return problem ? { ok: false, message: problem } : { ok: true, value: r.output };
}

/**
 * The largest spread (max − min) of final validation loss between seeds of one configuration, over
 * the configurations that were trained with several seeds; null if none was.
 */
export function seedSpreadOf(runs: readonly ManifestRun[], replicas: Manifest['replicas']): number | null {
  let spread: number | null = null;
  for (const run of runs) {
    const others = replicas.filter((r) => r.id === run.id).map((r) => r.valLoss);
    if (others.length === 0) continue;
    const all = [run.final.valLoss, ...others];
    const s = Math.max(...all) - Math.min(...all);
    spread = Math.max(spread ?? 0, s);
  }
  return spread;
}

/** The seed-to-seed spread of the shipped sweep's runs (see seedSpreadOf). */
export const seedSpread = (m: Manifest): number | null => seedSpreadOf(m.runs, m.replicas);
