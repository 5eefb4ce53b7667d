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
 *
 * Only the envelopes live here (commands, results, progress, errors); the shapes they carry (model
 * shape, dataset, plans, loss points, measurements) are defined once in src/spec.
 */
import * as v from 'valibot';
import {
  BACKEND_CHOICES,
  THREAD_CHOICES,
  BackendInfoSchema,
  CacheReportSchema,
  DatasetSpecSchema,
  InspectionSchema,
  LossPointSchema,
  ModelInfoSchema,
  ModelShapeSchema,
  TrainPlanSchema,
  PointPlanSchema,
  PointResultSchema,
  RestoredSchema,
  SamplingPlanSchema,
  BASELINE_STOPS,
  SpecialCaseResultSchema,
  count,
  finite,
  int,
  parseWith,
  positive,
} from '../src/spec';
import type { ParseResult } from '../src/spec';

const id = count;

// ── commands (page → worker) ──

export const CommandSchema = v.variant('type', [
  v.object({
    type: v.literal('init'),
    id,
    backend: v.picklist(BACKEND_CHOICES),
    /** the wasm backend's threads (the link's `th`; absent: auto) */
    threads: v.optional(v.picklist(THREAD_CHOICES)),
    baseUrl: v.string(),
  }),
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
    ...TrainPlanSchema.entries,
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
    ...SamplingPlanSchema.entries,
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
    stop: v.picklist(BASELINE_STOPS),
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

export const ResultDataSchema = v.variant('kind', [
  v.object({
    kind: v.literal('ready'),
    backend: BackendInfoSchema,
    /** false: this browser lets the worker save nothing (no IndexedDB), so training ends with the tab */
    storage: v.boolean(),
  }),
  v.object({
    kind: v.literal('built'),
    model: ModelInfoSchema,
    restored: v.nullable(RestoredSchema),
    /** a saved checkpoint of this model failed its checks and was deleted: why, for the reader */
    discarded: v.nullable(v.string()),
  }),
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
  v.object({ kind: v.literal('point-trained'), ...PointResultSchema.entries }),
  v.object({ kind: v.literal('special-case'), ...SpecialCaseResultSchema.entries }),
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

export const ERROR_CODES = [
  'cancelled',
  'invalid-command',
  'not-ready',
  'text-too-short',
  /** a training step of this model would need more memory than the backend has: refused before it ran */
  'too-big',
  /** a training step ran out of memory: the worker's memory may be in a bad state, restart it */
  'out-of-memory',
  'failed',
] as const;
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

/** Checks a message the worker received. */
export const parseCommand = (input: unknown): ParseResult<Command> => parseWith(CommandSchema, input);

/** Checks a message the page received from the worker. */
export const parseWorkerEvent = (input: unknown): ParseResult<WorkerEvent> =>
  parseWith(WorkerEventSchema, input);
