/**
 * The message protocol between the page (src/runtime/model-client.ts) and the model worker
 * (workers/model.worker.ts): typed messages, checked on arrival with valibot on both sides.
 *
 * Page → worker: a `Command`, always with a fresh `id`. Worker → page: any number of `progress`
 * events for that id (training steps, streamed tokens), then exactly one `result` or `error` for it.
 * `pause`, `resume` and `cancel` are commands too; they name the request they act on in `target`.
 * A `fatal` event (no id) means the worker can no longer compute (e.g. the GPU device was lost); the
 * page then restarts it.
 *
 * Why typed messages rather than comlink: the two things that matter here, cancellation and streaming
 * progress, are plain data in this design (a `cancel` command naming a request id; `progress` events
 * carrying that id). With comlink they would be proxied callbacks and abort signals across the
 * boundary, and a worker crash would leave proxied promises hanging with nothing to restart from.
 * One validated event stream keyed by request id is also what the restart logic and the tests need.
 */
import * as v from 'valibot';
import { BACKEND_CHOICES } from '../src/config/fields';
import { ATTENTION_KINDS } from '../src/memory';

const int = v.pipe(v.number(), v.integer());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const positive = v.pipe(v.number(), v.integer(), v.minValue(1));
const finite = v.pipe(v.number(), v.finite());
const id = count;

// ── shapes ──

export const TF_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type TfBackend = (typeof TF_BACKENDS)[number];

export const AttentionSchema = v.variant('kind', [
  v.object({ kind: v.literal('mha'), heads: positive, headDim: positive }),
  v.object({ kind: v.literal('mqa'), heads: positive, headDim: positive }),
  v.object({ kind: v.literal('gqa'), heads: positive, headDim: positive, kvHeads: positive }),
  v.object({
    kind: v.literal('mla'),
    heads: positive,
    headDim: positive,
    kvLatentDim: positive,
    queryLatentDim: positive,
    ropeDim: count,
  }),
  v.object({
    kind: v.literal('tpa'),
    heads: positive,
    headDim: positive,
    rankQ: positive,
    rankK: positive,
    rankV: positive,
  }),
  v.object({
    kind: v.literal('tpa-kvonly'),
    heads: positive,
    headDim: positive,
    rankK: positive,
    rankV: positive,
  }),
]);

export const ModelShapeSchema = v.object({
  dModel: positive,
  layers: positive,
  attention: AttentionSchema,
  maxSeqLen: positive,
});

const MqarSchema = v.object({
  numKeys: positive,
  numValues: positive,
  numPairs: positive,
  numQueries: positive,
  contextLength: positive,
  gap: v.optional(count),
});

export const DatasetSpecSchema = v.variant('kind', [
  v.object({ kind: v.literal('corpus') }),
  v.object({ kind: v.literal('recall'), task: MqarSchema }),
  v.object({ kind: v.literal('custom'), text: v.string() }),
]);

const ScheduleSchema = v.object({
  maxLr: finite,
  minLr: finite,
  warmupSteps: count,
  totalSteps: count,
});

/** One run of the quality sweep: model, seed, data, budget, schedule and evaluation sizes (src/sweep). */
export const PointPlanSchema = v.object({
  shape: ModelShapeSchema,
  seed: int,
  dataset: DatasetSpecSchema,
  steps: positive,
  batch: positive,
  schedule: ScheduleSchema,
  /** validation batches of `batch` rows at each point of the curve */
  curveEvalBatches: positive,
  /** the final validation: batches of `finalEvalBatchSize` rows */
  finalEvalBatches: positive,
  finalEvalBatchSize: positive,
});
export type PointPlan = v.InferOutput<typeof PointPlanSchema>;

// ── commands (page → worker) ──

export const CommandSchema = v.variant('type', [
  v.object({ type: v.literal('init'), id, backend: v.picklist(BACKEND_CHOICES), baseUrl: v.string() }),
  v.object({
    type: v.literal('build'),
    id,
    key: v.string(),
    shape: ModelShapeSchema,
    seed: int,
    dataset: DatasetSpecSchema,
    /** start from the seed: do not restore the checkpoint saved under `key` (it is kept) */
    fresh: v.optional(v.boolean()),
  }),
  v.object({
    type: v.literal('train'),
    id,
    untilStep: positive,
    batch: positive,
    schedule: ScheduleSchema,
    seed: int,
    /** validation batches (of `batch` rows) at each measurement; default EVAL_BATCHES (workers/eval-cadence) */
    evalBatches: v.optional(positive),
  }),
  v.object({ type: v.literal('pause'), id, target: id }),
  v.object({ type: v.literal('resume'), id, target: id }),
  v.object({ type: v.literal('cancel'), id, target: id }),
  v.object({ type: v.literal('evaluate'), id, maxBatches: positive }),
  v.object({
    type: v.literal('generate'),
    id,
    prompt: v.string(),
    maxTokens: positive,
    temperature: v.pipe(finite, v.minValue(0)),
    topK: count,
    seed: int,
  }),
  v.object({ type: v.literal('inspect'), id, text: v.string(), layers: v.optional(v.array(count)) }),
  v.object({ type: v.literal('cache-report'), id, shapes: v.array(ModelShapeSchema), tokens: positive }),
  /**
   * train a model of its own (not the loaded one, no checkpoint) under a fixed protocol, then measure it:
   * a point of the quality sweep (workers/point-run.ts)
   */
  v.object({ type: v.literal('run-point'), id, ...PointPlanSchema.entries }),
  v.object({ type: v.literal('reset'), id }),
  v.object({ type: v.literal('debug'), id, action: v.picklist(['crash']) }),
  /** build MHA, MQA or GQA and the TPA layer with fixed head factors that equals it; compare outputs */
  v.object({
    type: v.literal('special-case'),
    id,
    stop: v.picklist(['mha', 'mqa', 'gqa']),
    heads: positive,
    headDim: positive,
    kvHeads: positive,
    dModel: positive,
    seed: int,
  }),
]);

export type Command = v.InferOutput<typeof CommandSchema>;
export type CommandType = Command['type'];
/** A command before the client gives it an id. */
export type CommandBody = DistributiveOmit<Command, 'id'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

// ── results and progress (worker → page) ──

const AdapterSchema = v.object({
  vendor: v.string(),
  architecture: v.string(),
  description: v.string(),
  isFallback: v.boolean(),
});
export type AdapterSummary = v.InferOutput<typeof AdapterSchema>;

const ProbeSchema = v.object({
  backend: v.picklist(TF_BACKENDS),
  /** steady time of the probe kernel, ms; null when it failed or ran out of time */
  ms: v.nullable(finite),
  error: v.nullable(v.string()),
});
export type ProbeResult = v.InferOutput<typeof ProbeSchema>;

export const BackendInfoSchema = v.object({
  backend: v.picklist(TF_BACKENDS),
  requested: v.picklist(BACKEND_CHOICES),
  /** why this backend runs, in one or two sentences */
  reason: v.string(),
  adapter: v.nullable(AdapterSchema),
  probes: v.array(ProbeSchema),
});
export type BackendInfo = v.InferOutput<typeof BackendInfoSchema>;

export const LossPointSchema = v.object({
  /** steps taken after this one (1-based) */
  step: positive,
  loss: finite,
  /** validation loss, measured every few steps */
  valLoss: v.nullable(finite),
  /** recall accuracy on the validation batches (associative-recall data only) */
  accuracy: v.nullable(finite),
  lr: finite,
  gradNorm: finite,
  ms: finite,
  tokens: count,
});
export type LossPoint = v.InferOutput<typeof LossPointSchema>;

const RestoredSchema = v.object({ step: count, history: v.array(LossPointSchema), savedAt: finite });
export type RestoredState = v.InferOutput<typeof RestoredSchema>;

export const ModelInfoSchema = v.object({
  key: v.string(),
  config: v.object({
    vocabSize: positive,
    dModel: positive,
    layers: positive,
    attention: AttentionSchema,
    maxSeqLen: positive,
  }),
  parameters: count,
  dataset: v.object({
    kind: v.picklist(['corpus', 'recall', 'custom']),
    trainTokens: count,
    validTokens: count,
    /** characters of the vocabulary, in token-id order after <unk> */
    vocabulary: v.string(),
  }),
  /** steps taken so far (restored from a checkpoint or 0) */
  step: count,
});
export type ModelInfo = v.InferOutput<typeof ModelInfoSchema>;

const CacheTensorSchema = v.object({ name: v.string(), shape: v.array(count), bytes: count });
const CacheLayerSchema = v.object({ layer: count, bytes: count, tensors: v.array(CacheTensorSchema) });
export const CacheReportSchema = v.object({
  kind: v.picklist(ATTENTION_KINDS),
  tokens: count,
  totalBytes: count,
  layers: v.array(CacheLayerSchema),
});
export type CacheReportData = v.InferOutput<typeof CacheReportSchema>;

const floats = v.custom<Float32Array>((x) => x instanceof Float32Array, 'expected a Float32Array');
const PlainTensorSchema = v.object({ shape: v.array(count), data: floats });
const InspectionSchema = v.object({
  tokens: v.array(count),
  logits: PlainTensorSchema,
  layers: v.array(
    v.object({
      layer: count,
      kind: v.picklist(ATTENTION_KINDS),
      tensors: v.record(v.string(), PlainTensorSchema),
    }),
  ),
});

export const ResultDataSchema = v.variant('kind', [
  v.object({ kind: v.literal('ready'), backend: BackendInfoSchema }),
  v.object({ kind: v.literal('built'), model: ModelInfoSchema, restored: v.nullable(RestoredSchema) }),
  v.object({
    kind: v.literal('trained'),
    step: count,
    /** done: reached untilStep; nan: the loss was not finite, weights went back to `restored` */
    stopped: v.picklist(['done', 'nan']),
    restored: v.nullable(RestoredSchema),
  }),
  v.object({ kind: v.literal('ack'), applied: v.boolean() }),
  v.object({ kind: v.literal('evaluated'), step: count, valLoss: finite, accuracy: v.nullable(finite) }),
  v.object({
    kind: v.literal('generated'),
    text: v.string(),
    tokens: count,
    firstTokenMs: finite,
    meanTokenMs: v.nullable(finite),
    /** prompt characters outside the vocabulary (fed as <unk>) */
    unknownChars: count,
    cache: CacheReportSchema,
  }),
  v.object({ kind: v.literal('inspected'), inspection: InspectionSchema }),
  v.object({ kind: v.literal('cache-report'), rows: v.array(CacheReportSchema) }),
  v.object({
    kind: v.literal('point-trained'),
    /** every step, with validation (and recall accuracy) where it was measured */
    history: v.array(LossPointSchema),
    /** the final validation */
    valLoss: finite,
    accuracy: v.nullable(finite),
    parameters: count,
    /** tokens predicted in training */
    tokens: count,
    /** training time, without the final validation */
    wallMs: finite,
    /** the backend that computed it */
    backend: v.picklist(TF_BACKENDS),
  }),
  v.object({
    kind: v.literal('special-case'),
    stop: v.picklist(['mha', 'mqa', 'gqa']),
    ranks: v.object({ rankQ: positive, rankK: positive, rankV: positive }),
    tokens: positive,
    /** max |TPA output − baseline output|; NaN if something went wrong */
    maxError: v.number(),
    maxOutput: v.number(),
    /** the TPA layer's head factors for a token, each [h, R] */
    headFactors: v.object({ A_Q: PlainTensorSchema, A_K: PlainTensorSchema, A_V: PlainTensorSchema }),
  }),
]);
export type ResultData = v.InferOutput<typeof ResultDataSchema>;

export const ProgressDataSchema = v.variant('kind', [
  v.object({ kind: v.literal('train-step'), point: LossPointSchema, untilStep: positive }),
  v.object({ kind: v.literal('train-state'), state: v.picklist(['paused', 'running']) }),
  v.object({ kind: v.literal('checkpoint'), step: count, savedAt: finite }),
  v.object({
    kind: v.literal('token'),
    index: count,
    text: v.string(),
    ms: finite,
    /** the context window was full: the cache was rebuilt from its last half */
    slid: v.boolean(),
    /** tokens held and bytes per layer, measured from the cache tensors after this token */
    cacheTokens: count,
    layerBytes: v.array(count),
  }),
  v.object({ kind: v.literal('status'), message: v.string() }),
]);
export type ProgressData = v.InferOutput<typeof ProgressDataSchema>;

export const ERROR_CODES = ['cancelled', 'invalid-command', 'not-ready', 'text-too-short', 'failed'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const WorkerEventSchema = v.variant('type', [
  v.object({ type: v.literal('result'), id, data: ResultDataSchema }),
  v.object({ type: v.literal('progress'), id, data: ProgressDataSchema }),
  v.object({ type: v.literal('error'), id, code: v.picklist(ERROR_CODES), message: v.string() }),
  v.object({
    type: v.literal('fatal'),
    reason: v.picklist(['device-lost', 'internal']),
    message: v.string(),
  }),
]);
export type WorkerEvent = v.InferOutput<typeof WorkerEventSchema>;

/** The result each command ends with. */
export interface ResultOf {
  init: Extract<ResultData, { kind: 'ready' }>;
  build: Extract<ResultData, { kind: 'built' }>;
  reset: Extract<ResultData, { kind: 'built' }>;
  train: Extract<ResultData, { kind: 'trained' }>;
  pause: Extract<ResultData, { kind: 'ack' }>;
  resume: Extract<ResultData, { kind: 'ack' }>;
  cancel: Extract<ResultData, { kind: 'ack' }>;
  debug: Extract<ResultData, { kind: 'ack' }>;
  evaluate: Extract<ResultData, { kind: 'evaluated' }>;
  generate: Extract<ResultData, { kind: 'generated' }>;
  inspect: Extract<ResultData, { kind: 'inspected' }>;
  'cache-report': Extract<ResultData, { kind: 'cache-report' }>;
  'special-case': Extract<ResultData, { kind: 'special-case' }>;
  'run-point': Extract<ResultData, { kind: 'point-trained' }>;
}

/** The `kind` of result each command type must end with (checked by the client). */
export const RESULT_KIND: { readonly [C in CommandType]: ResultOf[C]['kind'] } = {
  init: 'ready',
  build: 'built',
  reset: 'built',
  train: 'trained',
  pause: 'ack',
  resume: 'ack',
  cancel: 'ack',
  debug: 'ack',
  evaluate: 'evaluated',
  generate: 'generated',
  inspect: 'inspected',
  'cache-report': 'cache-report',
  'special-case': 'special-case',
  'run-point': 'point-trained',
};

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

function parseWith<T>(schema: v.GenericSchema<unknown, T>, input: unknown): ParseResult<T> {
  const r = v.safeParse(schema, input);
  if (r.success) return { ok: true, value: r.output };
  const first = r.issues[0];
  const path = first.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, message: `${path ? `${path}: ` : ''}${first.message}` };
}

/** Checks a message the worker received. */
export const parseCommand = (input: unknown): ParseResult<Command> => parseWith(CommandSchema, input);

/** Checks a message the page received from the worker. */
export const parseWorkerEvent = (input: unknown): ParseResult<WorkerEvent> =>
  parseWith(WorkerEventSchema, input);
