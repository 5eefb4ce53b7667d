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
import { SWEEP_TASKS } from './protocol';
import { DIAGNOSIS_ROLES } from './recall-diagnosis';
import { cacheBytesPerToken } from './runs';

export const MANIFEST_FORMAT = 't6-pretrained';
export const MANIFEST_VERSION = 2;
/** Where the shipped results live, relative to the site's base URL. */
export const MANIFEST_PATH = 'pretrained/manifest.json';

const int = v.pipe(v.number(), v.integer());
const count = v.pipe(int, v.minValue(0));
const positive = v.pipe(int, v.minValue(1));
const finite = v.pipe(v.number(), v.finite());
const nonNegative = v.pipe(finite, v.minValue(0));
const fraction = v.pipe(finite, v.minValue(0), v.maxValue(1));
/** ids double as file names: lower-case letters, digits and dashes only */
export const RunIdSchema = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,79}$/));
const runId = RunIdSchema;
const label = v.pipe(v.string(), v.maxLength(80));

/** A training protocol (src/sweep/protocol TrainingProtocol). */
export const ProtocolSchema = v.object({
  seed: int,
  contextLength: positive,
  steps: positive,
  batch: positive,
  learningRate: v.pipe(finite, v.gtValue(0)),
  curveEvalBatches: positive,
  finalEvalBatches: positive,
  finalEvalBatchSize: positive,
});

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

const QkvScaleSchema = v.object({
  q: v.pipe(finite, v.gtValue(0)),
  k: v.pipe(finite, v.gtValue(0)),
  v: v.pipe(finite, v.gtValue(0)),
});

/** One head's scores on the recall task (src/model/recall-attention.ts), means over the section's sequences. */
const HeadScoresSchema = v.object({
  layer: count,
  head: count,
  /** a pair's value token on its key, the token before it */
  previousToken: fraction,
  /** a query key on the asked pair's key, on its value, and on the other pairs' values */
  onKey: fraction,
  onValue: fraction,
  onOtherValues: fraction,
});

/** A token of the fixed sequence as text (the recall tokenizer's characters). */
const tokenText = v.pipe(v.string(), v.minLength(1), v.maxLength(4));

/** A run of the recall diagnosis (src/sweep/recall-diagnosis.ts) with what it measured. */
const DiagnosisRunSchema = v.object({
  id: runId,
  label,
  /** what it changes from the official model, in words */
  change: v.pipe(v.string(), v.maxLength(160)),
  role: v.picklist(DIAGNOSIS_ROLES),
  kind: v.picklist(ATTENTION_KINDS),
  /** the model, with its TPA variant if any */
  config: v.object({ ...ModelShapeSchema.entries, vocabSize: positive }),
  /** Q, K and V projections multiplied by these after init (the MHA control), else null */
  initScale: v.nullable(QkvScaleSchema),
  learningRate: v.pipe(finite, v.gtValue(0)),
  steps: positive,
  seed: int,
  parameters: positive,
  /** training time, without the measurements */
  wallMs: nonNegative,
  /** the final validation (the protocol's finalEvalBatches × finalEvalBatchSize sequences) */
  final: v.object({ valLoss: finite, accuracy: fraction }),
  /** answers scored in the final validation */
  answers: positive,
  /** [j]: accuracy at the j-th query of a sequence (src/data/recall-breakdown.ts) */
  byQuery: v.array(fraction),
  /** [j]: the elimination strategy's expected accuracy at the j-th query, on the same answers */
  elimination: v.array(fraction),
  /** wrong answers, and how many named a value of the pairs not yet used by the earlier answers */
  wrong: v.object({ total: count, stillInPlay: count }),
  /** validation along training (the sweep's cadence) */
  curve: v.array(v.object({ step: positive, loss: finite, accuracy: fraction })),
  /** every layer's and head's scores at the end */
  heads: v.array(HeadScoresSchema),
  /** on the section's fixed sequence: the answers predicted and attention [layers][heads][T][T] */
  sequence: v.nullable(
    v.object({
      predicted: v.array(tokenText),
      attention: v.array(v.array(v.array(v.array(fraction)))),
    }),
  ),
});

/**
 * Why TPA does not learn recall here (docs/recall-diagnosis.md): the recall-diagnosis runs, written by
 * `PRETRAIN_PART=recall-diagnosis npm run pretrain`.
 */
const RecallDiagnosisSchema = v.object({
  /** the recall protocol the runs start from (a run may change its learning rate or steps) */
  protocol: ProtocolSchema,
  /** the fixed sequence whose attention the runs record */
  sequence: v.object({
    /** the recall generator's seed it is the first sequence of */
    seed: int,
    /** the T input tokens */
    tokens: v.array(tokenText),
    numPairs: positive,
    /** each query key's input position, the listed pair it asks, and its answer */
    queries: v.array(v.object({ position: count, pair: count, answer: tokenText })),
  }),
  /** validation sequences the head scores average over */
  headSequences: positive,
  runs: v.array(DiagnosisRunSchema),
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

/** What is wrong in the attention a run recorded on the fixed sequence, or null. */
function attentionProblem(
  attention: readonly (readonly (readonly number[])[])[][],
  layers: number,
  heads: number,
  t: number,
): string | null {
  if (attention.length !== layers) return `attention of ${attention.length} layers, not ${layers}`;
  for (const [l, layer] of attention.entries()) {
    if (layer.length !== heads) return `attention of layer ${l} has ${layer.length} heads, not ${heads}`;
    for (const [h, rows] of layer.entries()) {
      if (rows.length !== t || rows.some((row) => row.length !== t))
        return `attention of layer ${l} head ${h} is not ${t}×${t}`;
      for (const [i, row] of rows.entries()) {
        if (row.some((p, j) => j > i && p !== 0)) return `attention of layer ${l} head ${h} looks ahead`;
        // 3 decimals: each of ≤ t entries off by ≤ 0.0005
        const sum = row.reduce((a, b) => a + b, 0);
        if (Math.abs(sum - 1) > 0.0005 * t + 1e-9)
          return `attention row ${i} of layer ${l} head ${h} sums to ${sum}`;
      }
    }
  }
  return null;
}

/** What is wrong with one recall-diagnosis run, or null. */
function diagnosisRunProblem(run: ManifestDiagnosisRun, section: ManifestRecallDiagnosis): string | null {
  const { protocol, sequence } = section;
  const { attention, layers } = run.config;
  const queries = sequence.queries.length;
  if (run.kind !== attention.kind) return `kind ${run.kind} ≠ its attention's`;
  if (run.config.maxSeqLen !== protocol.contextLength)
    return `context ${run.config.maxSeqLen}, its protocol says ${protocol.contextLength}`;
  if (run.initScale && !['mha', 'mqa', 'gqa'].includes(run.kind))
    return 'an init scale needs W_q, W_k and W_v (MHA, MQA, GQA)';
  if (run.byQuery.length !== queries || run.elimination.length !== queries)
    return `${run.byQuery.length} query accuracies and ${run.elimination.length} elimination scores for ${queries} queries`;
  const mean = run.byQuery.reduce((a, b) => a + b, 0) / queries;
  if (Math.abs(mean - run.final.accuracy) > 1e-6)
    return `accuracy ${run.final.accuracy} is not the mean of its queries' (${mean})`;
  if (run.answers % queries !== 0) return `${run.answers} answers is not a whole number of sequences`;
  const wrong = run.answers - Math.round(run.final.accuracy * run.answers);
  if (run.wrong.total !== wrong) return `${run.wrong.total} wrong answers, its accuracy says ${wrong}`;
  if (run.wrong.stillInPlay > run.wrong.total) return 'more wrong answers in play than wrong answers';
  const steps = run.curve.map((p) => p.step);
  if (steps.some((s, i) => i > 0 && s <= steps[i - 1]!)) return 'curve steps are not increasing';
  if (steps.at(-1) !== run.steps) return `curve ends at step ${steps.at(-1)}, not ${run.steps}`;
  const heads = new Set(run.heads.map((h) => `${h.layer}/${h.head}`));
  const expected = layers * attention.heads;
  if (heads.size !== expected || run.heads.length !== expected)
    return `${run.heads.length} head scores for ${layers} layers × ${attention.heads} heads`;
  if (run.heads.some((h) => h.layer >= layers || h.head >= attention.heads))
    return 'a head score past the model';
  if (run.sequence) {
    if (run.sequence.predicted.length !== queries)
      return `${run.sequence.predicted.length} predicted answers for ${queries} queries`;
    const problem = attentionProblem(run.sequence.attention, layers, attention.heads, sequence.tokens.length);
    if (problem) return problem;
  }
  return null;
}

/** What is wrong in the recall-diagnosis section, or null. */
function diagnosisProblem(section: ManifestRecallDiagnosis): string | null {
  const { sequence, protocol } = section;
  const t = sequence.tokens.length;
  if (t !== protocol.contextLength)
    return `the sequence has ${t} tokens, the protocol's context is ${protocol.contextLength}`;
  for (const q of sequence.queries) {
    if (q.position >= t || q.pair >= sequence.numPairs)
      return `query at ${q.position} is outside the sequence`;
    if (sequence.tokens[q.position] !== sequence.tokens[2 * q.pair])
      return `query at ${q.position} is not the key of pair ${q.pair}`;
    if (q.answer !== sequence.tokens[2 * q.pair + 1])
      return `query at ${q.position}: its answer is not its pair's value`;
  }
  const ids = new Set<string>();
  for (const run of section.runs) {
    if (ids.has(run.id)) return `run ${run.id}: id appears twice`;
    ids.add(run.id);
    const problem = diagnosisRunProblem(run, section);
    if (problem) return `run ${run.id}: ${problem}`;
  }
  if (section.runs.filter((r) => r.role === 'official').length > 1) return 'more than one official run';
  return null;
}

/** What is wrong between the fields of a well-typed manifest, or null. */
function inconsistency(m: Manifest): string | null {
  const problem =
    runsProblem(m.runs, m.replicas, (run) => m.protocols[run.task], '') ??
    runsProblem(m.quick.runs, m.quick.replicas, () => m.quick.protocol, 'quick ') ??
    (m.long ? runsProblem(m.long.runs, m.long.replicas, () => m.long!.protocol, 'long ') : null) ??
    (m.extended
      ? runsProblem(m.extended.runs, m.extended.replicas, () => m.extended!.protocol, 'extended ')
      : null) ??
    (m.longest
      ? runsProblem(m.longest.runs, m.longest.replicas, () => m.longest!.protocol, 'longest ')
      : null);
  if (problem) return problem;
  if (m.quick.runs.some((r) => r.task !== 'corpus')) return 'quick runs are corpus runs';
  if (m.long?.runs.some((r) => r.task !== 'corpus')) return 'long runs are corpus runs';
  if (m.extended?.runs.some((r) => r.task !== 'corpus')) return 'extended runs are corpus runs';
  if (m.longest?.runs.some((r) => r.task !== 'corpus')) return 'longest runs are corpus runs';
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
