/**
 * The default sweep: which small T6 models `npm run pretrain` trains and the Pareto chart plots. Pure
 * TypeScript: every run is a playground-config patch (what "load this run" writes into the store), the
 * model shape the worker would build from it (src/runtime/model-spec), and its KV-cache cost and
 * attention parameters from the paper's formulas (src/memory).
 */
import { DEFAULT_CONFIG } from '../config';
import type { PlaygroundConfig } from '../config';
import { attentionParamCount, kvCacheElementsPerToken, parameterMatchedHeads } from '../memory';
import { KIND_LABELS } from '../spec';
import type { AttentionConfig, AttentionKind, ModelShape } from '../spec';
import { modelSpecOf } from '../config/model-spec';
import {
  EXTENDED_PROTOCOL,
  LONG_PROTOCOL,
  LONGEST_PROTOCOL,
  QUICK_PROTOCOL,
  SWEEP_PROTOCOLS,
} from './protocol';
import type { SweepProtocols, SweepTask, TrainingProtocol } from './protocol';

/** How a run's heads were chosen (docs/tpa-math.md#our-choices): the playground's h, or h for ≈ 4d² attention parameters. */
export type Matching = 'head' | 'param';

/** Bytes of one cached element in the in-browser model: tfjs keeps the KV cache in float32. */
const CACHE_BYTES_PER_ELEMENT = 4;

export interface SweepRun {
  /** stable name, also the checkpoint's file name: task + kind + shape, e.g. `corpus-tpa-h4-r4-2-2` */
  readonly id: string;
  readonly task: SweepTask;
  readonly kind: AttentionKind;
  /** the comparisons this run belongs to (MHA with h·d_h = d is both head- and parameter-matched) */
  readonly matching: readonly Matching[];
  /** short name for legends and tables, e.g. `TPA R=(4,2,2)` or `GQA h=6 G=2` */
  readonly label: string;
  /** the playground knobs that rebuild and retrain this run (model shape, kind, ranks, training) */
  readonly patch: Readonly<Partial<PlaygroundConfig>>;
  /** the model the worker builds from `patch` (the vocabulary comes with the data) */
  readonly shape: ModelShape;
  /** KV-cache elements per token in one layer (paper Table 1) */
  readonly kvElementsPerTokenPerLayer: number;
  /** KV-cache bytes per token over all layers, float32 */
  readonly kvBytesPerToken: number;
  /** attention parameters of one layer including W_O (paper Table 1) */
  readonly attentionParamsPerLayer: number;
  /** whether `npm run pretrain` ships this run's weights (curves are shipped for every run) */
  readonly checkpoint: boolean;
}

/** The model knobs every run starts from: the playground's default small model. */
const MODEL_KEYS = ['modelDModel', 'modelLayers', 'modelHeads', 'modelHeadDim', 'modelContext'] as const;

/** KV-cache bytes per token of a model over all its layers, float32 (paper Table 1 × L × 4 B). */
export function cacheBytesPerToken(shape: Pick<ModelShape, 'attention' | 'layers'>): number {
  return kvCacheElementsPerToken(shape.attention) * shape.layers * CACHE_BYTES_PER_ELEMENT;
}

/** The knobs of an attention shape, as a config patch. */
function attentionPatch(attn: AttentionConfig): Partial<PlaygroundConfig> {
  const common = { kind: attn.kind, modelHeads: attn.heads, modelHeadDim: attn.headDim };
  switch (attn.kind) {
    case 'mha':
    case 'mqa':
      return common;
    case 'gqa':
      return { ...common, kvHeads: attn.kvHeads };
    case 'mla':
      return {
        ...common,
        kvLatentDim: attn.kvLatentDim,
        queryLatentDim: attn.queryLatentDim,
        ropeDim: attn.ropeDim,
      };
    case 'tpa':
      return { ...common, rankQ: attn.rankQ, rankK: attn.rankK, rankV: attn.rankV };
    case 'tpa-kvonly':
      return { ...common, rankK: attn.rankK, rankV: attn.rankV };
  }
}

/** The shape part of a run id, e.g. `tpa-h4-r4-2-2`, `gqa-h6-g2`, `mla-h4-c128-q128-r32`. */
export function shapeSlug(attn: AttentionConfig): string {
  const h = `h${attn.heads}`;
  switch (attn.kind) {
    case 'mha':
    case 'mqa':
      return `${attn.kind}-${h}`;
    case 'gqa':
      return `gqa-${h}-g${attn.kvHeads}`;
    case 'mla':
      return `mla-${h}-c${attn.kvLatentDim}-q${attn.queryLatentDim}-r${attn.ropeDim}`;
    case 'tpa':
      return `tpa-${h}-r${attn.rankQ}-${attn.rankK}-${attn.rankV}`;
    case 'tpa-kvonly':
      return `tpakv-${h}-r${attn.rankK}-${attn.rankV}`;
  }
}

/** A short label: the kind, then what sets it apart in this sweep (ranks; h when not the default's). */
function runLabel(attn: AttentionConfig, defaultHeads: number): string {
  const parts: string[] = [KIND_LABELS[attn.kind]];
  if (attn.heads !== defaultHeads) parts.push(`h=${attn.heads}`);
  if (attn.kind === 'gqa') parts.push(`G=${attn.kvHeads}`);
  if (attn.kind === 'tpa') parts.push(`R=(${attn.rankQ},${attn.rankK},${attn.rankV})`);
  if (attn.kind === 'tpa-kvonly') parts.push(`R=(${attn.rankK},${attn.rankV})`);
  return parts.join(' ');
}

/** The knobs of a model shape as a config patch: loading it into the store rebuilds this model. */
export function shapePatch(shape: ModelShape): Partial<PlaygroundConfig> {
  return {
    modelDModel: shape.dModel,
    modelLayers: shape.layers,
    modelContext: shape.maxSeqLen,
    ...attentionPatch(shape.attention),
  };
}

/** The training knobs of a protocol as a config patch (the worker reads the same knobs). */
export function protocolPatch(task: SweepTask, protocol: TrainingProtocol): Partial<PlaygroundConfig> {
  return {
    dataset: task,
    modelContext: protocol.contextLength,
    seed: protocol.seed,
    learningRate: protocol.learningRate,
    trainBatch: protocol.batch,
    trainSteps: protocol.steps,
  };
}

/** One request of a sweep: a task, a kind, and the knobs that set it apart from the default model. */
export interface RunRequest {
  readonly task: SweepTask;
  readonly kind: AttentionKind;
  readonly matching: Matching;
  /** e.g. `{ rankQ: 1, rankK: 1, rankV: 1 }` */
  readonly knobs?: Readonly<Partial<PlaygroundConfig>>;
  /** ship the trained weights too (default: curves and numbers only) */
  readonly checkpoint?: boolean;
}

/**
 * Builds a run from a request on top of `base` (the default config): the kind's shape as the worker
 * fits it to the small model, with parameter-matched heads when asked for, then its cache and
 * parameter counts.
 */
export function buildRun(
  request: RunRequest,
  protocols: SweepProtocols = SWEEP_PROTOCOLS,
  base: PlaygroundConfig = DEFAULT_CONFIG,
): SweepRun {
  const protocol = protocols[request.task];
  const modelKnobs = Object.fromEntries(MODEL_KEYS.map((k) => [k, base[k]]));
  let config: PlaygroundConfig = {
    ...base,
    ...modelKnobs,
    modelContext: protocol.contextLength,
    ...request.knobs,
    kind: request.kind,
  };
  let attn = modelSpecOf(config).shape.attention;
  if (request.matching === 'param') {
    // keep the head-matched ranks/latents (already fitted to h); only h changes
    const modelHeads = parameterMatchedHeads(attn, config.modelDModel);
    config = { ...config, ...attentionPatch(attn), modelHeads };
    attn = modelSpecOf(config).shape.attention;
  }
  const fitted = modelSpecOf({ ...config, ...attentionPatch(attn) }).shape;
  const patch = { ...shapePatch(fitted), ...protocolPatch(request.task, protocol) };
  const shape = modelSpecOf({ ...base, ...patch }).shape;
  const defaultHeads = base.modelHeads;
  const headMatched = shape.attention.heads === defaultHeads;
  const paramMatched = parameterMatchedHeads(shape.attention, shape.dModel) === shape.attention.heads;
  return {
    id: `${request.task}-${shapeSlug(shape.attention)}`,
    task: request.task,
    kind: shape.attention.kind,
    matching: [...(headMatched ? (['head'] as const) : []), ...(paramMatched ? (['param'] as const) : [])],
    label: runLabel(shape.attention, defaultHeads),
    patch,
    shape,
    kvElementsPerTokenPerLayer: kvCacheElementsPerToken(shape.attention),
    kvBytesPerToken: cacheBytesPerToken(shape),
    attentionParamsPerLayer: attentionParamCount(shape.attention, shape.dModel),
    checkpoint: request.checkpoint ?? false,
  };
}

const BASELINE_KINDS: readonly AttentionKind[] = ['mha', 'mqa', 'gqa', 'mla', 'tpa-kvonly', 'tpa'];

/** TPA ranks (R_Q, R_K, R_V) swept at the default shape, besides the default's own. */
const TPA_RANKS: readonly (readonly [number, number, number])[] = [
  [1, 1, 1],
  [2, 1, 1],
  [4, 1, 1],
  [2, 2, 2],
  [4, 4, 4],
];

const ranks = ([rankQ, rankK, rankV]: readonly [number, number, number]) => ({ rankQ, rankK, rankV });

/** The requests of the default sweep, in the order they are trained. */
function defaultSweepRequests(): RunRequest[] {
  const corpus: RunRequest[] = [
    ...BASELINE_KINDS.map((kind) => ({
      task: 'corpus' as const,
      kind,
      matching: 'head' as const,
      checkpoint: true,
    })),
    ...TPA_RANKS.map((r) => ({
      task: 'corpus' as const,
      kind: 'tpa' as const,
      matching: 'head' as const,
      knobs: ranks(r),
    })),
    ...BASELINE_KINDS.map((kind) => ({ task: 'corpus' as const, kind, matching: 'param' as const })),
  ];
  const recall: RunRequest[] = [
    ...BASELINE_KINDS.map((kind) => ({ task: 'recall' as const, kind, matching: 'head' as const })),
    ...[TPA_RANKS[0]!, TPA_RANKS[4]!].map((r) => ({
      task: 'recall' as const,
      kind: 'tpa' as const,
      matching: 'head' as const,
      knobs: ranks(r),
    })),
  ];
  return [...corpus, ...recall];
}

/**
 * The default sweep: every request built at the default shape with its task's protocol; a request that comes
 * out as the same model as an earlier one (MHA is already parameter-matched) is trained once.
 */
export function defaultSweep(protocols: SweepProtocols = SWEEP_PROTOCOLS): SweepRun[] {
  const runs = new Map<string, SweepRun>();
  for (const request of defaultSweepRequests()) {
    const run = buildRun(request, protocols);
    if (!runs.has(run.id)) runs.set(run.id, run);
  }
  return [...runs.values()];
}

/**
 * Runs trained again with other seeds (weights and batches), to show how far the final loss moves
 * from seed to seed: the default TPA and MHA on the corpus.
 */
export const REPLICA_SEEDS: readonly number[] = [2, 3];
export const REPLICA_REQUESTS: readonly RunRequest[] = [
  { task: 'corpus', kind: 'mha', matching: 'head' },
  { task: 'corpus', kind: 'tpa', matching: 'head' },
];

/**
 * The quick budget's runs: every corpus run of the default sweep, trained under `protocol` instead
 * (no checkpoints). Their ids are the full runs' ids; the manifest keeps them in a section of their own.
 */
export function quickSweep(protocol: TrainingProtocol = QUICK_PROTOCOL): SweepRun[] {
  return defaultSweep({ ...SWEEP_PROTOCOLS, corpus: protocol })
    .filter((run) => run.task === 'corpus')
    .map((run) => ({ ...run, checkpoint: false }));
}

/** The kinds of the long budget (head-matched, at the default shape), besides TPA at LONG_TPA_RANKS. */
const LONG_KINDS: readonly AttentionKind[] = ['mha', 'gqa', 'mla', 'tpa-kvonly'];
/** TPA in the long budget: the smallest cache, the default, and a cache larger than MHA's. */
const LONG_TPA_RANKS: readonly (readonly [number, number, number])[] = [
  [1, 1, 1],
  [4, 2, 2],
  [4, 4, 4],
];

/**
 * The long budget's runs: head-matched MHA, GQA, MLA, TPA-KVonly and TPA at three ranks on the corpus,
 * trained under `protocol` (no checkpoints). Their ids are the full runs' ids; the manifest keeps them in
 * a section of their own, with the seed replicas of REPLICA_REQUESTS.
 */
export function longSweep(protocol: TrainingProtocol = LONG_PROTOCOL): SweepRun[] {
  const protocols = { ...SWEEP_PROTOCOLS, corpus: protocol };
  const requests: RunRequest[] = [
    ...LONG_KINDS.map((kind) => ({ task: 'corpus' as const, kind, matching: 'head' as const })),
    ...LONG_TPA_RANKS.map((r) => ({
      task: 'corpus' as const,
      kind: 'tpa' as const,
      matching: 'head' as const,
      knobs: ranks(r),
    })),
  ];
  return requests.map((request) => buildRun(request, protocols));
}

/** The longest budget's runs: the long budget's, under LONGEST_PROTOCOL (same ids, a section of their own). */
export const longestSweep = (protocol: TrainingProtocol = LONGEST_PROTOCOL): SweepRun[] =>
  longSweep(protocol);

/** The kinds of the extended budget: MHA and the default TPA, head-matched, at the default shape. */
const EXTENDED_KINDS: readonly AttentionKind[] = ['mha', 'tpa'];

/**
 * The extended budget's runs (EXTENDED_PROTOCOL): head-matched MHA and the default TPA on the corpus,
 * seed 1, no checkpoints. Their ids are the full runs' ids; the manifest keeps them in a section of
 * their own, without replicas.
 */
export function extendedSweep(protocol: TrainingProtocol = EXTENDED_PROTOCOL): SweepRun[] {
  const protocols = { ...SWEEP_PROTOCOLS, corpus: protocol };
  return EXTENDED_KINDS.map((kind) => buildRun({ task: 'corpus', kind, matching: 'head' }, protocols));
}
