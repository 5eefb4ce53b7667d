import { DTYPES } from '../memory';
import { ATTENTION_KINDS, BACKEND_CHOICES, FACTOR_PARTS, SPECIAL_STOPS, THREAD_CHOICES } from '../spec';
import type { BackendChoice, AttentionKind, FactorPart, SpecialStop, ThreadChoice } from '../spec';
import type { Dtype } from '../memory';

/**
 * The one declarative table of every knob the UI has: its link key, type, range and default.
 * The codec, the schema (normalize) and the property tests are all driven from this table, so a new
 * knob is one row here plus a control. Ranges are the hard limits a link may ask for; sliders may
 * show narrower ranges.
 */
export const COMPARE_MODES = ['head', 'param'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

/** tfjs backend for the in-browser model: auto picks the fastest that works */

/** what the in-browser model trains on */
export const DATASETS = ['corpus', 'recall', 'custom'] as const;
export type DatasetChoice = (typeof DATASETS)[number];

export const THEMES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEMES)[number];

/** control groups a classroom link can hide */
export const CONTROL_GROUPS = [
  'presets',
  'ranks',
  'shape',
  'gqa',
  'mla',
  'workload',
  'compare',
  'training',
  'generation',
  'import',
] as const;
export type ControlGroup = (typeof CONTROL_GROUPS)[number];

export interface PlaygroundConfig {
  /** attention kind under study (highlighted in every chart) */
  kind: AttentionKind;
  /** h: query heads */
  heads: number;
  /** d_h: head dimension (even: RoPE pairs i with i + d_h/2) */
  headDim: number;
  /** G: KV heads for GQA; must divide h */
  kvHeads: number;
  /** R_Q, R_K, R_V: TPA ranks */
  rankQ: number;
  rankK: number;
  rankV: number;
  /** d_c: MLA KV latent */
  kvLatentDim: number;
  /** d'_c: MLA query latent */
  queryLatentDim: number;
  /** d_h^R: MLA decoupled RoPE key dimension (even) */
  ropeDim: number;
  /** L: layers */
  layers: number;
  /** d: model width */
  dModel: number;
  /** T: context length in tokens */
  contextLength: number;
  /** sequences decoded at once */
  batch: number;
  /** KV-cache storage type */
  dtype: Dtype;
  /** head-matched (same h for all kinds) or parameter-matched (h per kind for ~4d² attention params) */
  compare: CompareMode;
  /** memory budget for "longest context that fits", in GB (10^9 bytes) */
  budgetGB: number;

  // ── The small T6 that trains in the browser (kind and ranks are shared with the explorer) ──
  backend: BackendChoice;
  /** threads of the wasm backend (auto: a short probe decides; threads need a cross-origin-isolated page) */
  wasmThreads: ThreadChoice;
  /** d of the in-browser model */
  modelDModel: number;
  modelLayers: number;
  modelHeads: number;
  /** d_h of the in-browser model (even, for RoPE) */
  modelHeadDim: number;
  /** training/generation context of the in-browser model, in tokens */
  modelContext: number;
  seed: number;
  /** peak AdamW learning rate */
  learningRate: number;
  trainBatch: number;
  trainSteps: number;
  dataset: DatasetChoice;
  /** sampling temperature (0 = greedy) */
  temperature: number;
  /** top-k sampling (0 = off) */
  topK: number;

  // ── View ──
  theme: ThemeChoice;
  /** guided tour step (0 = tour closed) */
  tourStep: number;
  /** control groups hidden (classroom links) */
  hidden: readonly ControlGroup[];
  /** 1 = controls locked (classroom links) */
  locked: number;

  // ── Factor, RoPE and special-case panels (view state; clamped to the model when shown) ──
  /** layer of the in-browser model the factor panels show */
  factorLayer: number;
  /** head highlighted in the factor panels */
  factorHead: number;
  /** token (position) of the inspected text */
  factorToken: number;
  /** which of Q, K, V the factor panel assembles */
  factorPart: FactorPart;
  /** the special-case control's stop: the trained TPA, or MHA / MQA / GQA built as TPA */
  specialCase: SpecialStop;
}

export type ConfigKey = keyof PlaygroundConfig;

interface FieldBase {
  /** short key used in the link */
  short: string;
  /** human label, used in notices and controls */
  label: string;
}
export interface IntField extends FieldBase {
  type: 'int';
  min: number;
  max: number;
  default: number;
  /** value must be even */
  even?: boolean;
}
export interface NumberField extends FieldBase {
  type: 'number';
  min: number;
  max: number;
  default: number;
}
export interface EnumField<T extends string> extends FieldBase {
  type: 'enum';
  values: readonly T[];
  default: T;
}
/** A set of flags, e.g. which control groups a classroom link hides; encoded comma-separated. */
export interface FlagsField<T extends string> extends FieldBase {
  type: 'flags';
  values: readonly T[];
  default: readonly T[];
}
export type FieldSpec<V> = [V] extends [string]
  ? EnumField<V>
  : [V] extends [readonly (infer U extends string)[]]
    ? FlagsField<U>
    : IntField | NumberField;

const MAX_RANK = 64;

export const FIELDS: { readonly [K in ConfigKey]: FieldSpec<PlaygroundConfig[K]> } = {
  kind: { type: 'enum', short: 'k', label: 'attention kind', values: ATTENTION_KINDS, default: 'tpa' },
  heads: { type: 'int', short: 'h', label: 'heads h', min: 1, max: 256, default: 34 },
  headDim: { type: 'int', short: 'dh', label: 'head dim d_h', min: 2, max: 512, default: 64, even: true },
  kvHeads: { type: 'int', short: 'g', label: 'KV heads G', min: 1, max: 256, default: 2 },
  rankQ: { type: 'int', short: 'rq', label: 'rank R_Q', min: 1, max: MAX_RANK, default: 6 },
  rankK: { type: 'int', short: 'rk', label: 'rank R_K', min: 1, max: MAX_RANK, default: 2 },
  rankV: { type: 'int', short: 'rv', label: 'rank R_V', min: 1, max: MAX_RANK, default: 2 },
  kvLatentDim: { type: 'int', short: 'dc', label: 'KV latent d_c', min: 1, max: 8192, default: 256 },
  queryLatentDim: { type: 'int', short: 'dq', label: "query latent d'_c", min: 1, max: 16384, default: 512 },
  ropeDim: { type: 'int', short: 'dr', label: 'RoPE dim d_h^R', min: 0, max: 512, default: 32, even: true },
  layers: { type: 'int', short: 'L', label: 'layers L', min: 1, max: 512, default: 12 },
  dModel: { type: 'int', short: 'd', label: 'model width d', min: 8, max: 32768, default: 768 },
  contextLength: {
    type: 'int',
    short: 'T',
    label: 'context length',
    min: 1,
    max: 1 << 20,
    default: 32768,
  },
  batch: { type: 'int', short: 'b', label: 'batch', min: 1, max: 4096, default: 1 },
  dtype: { type: 'enum', short: 'dt', label: 'cache dtype', values: DTYPES, default: 'bf16' },
  compare: { type: 'enum', short: 'm', label: 'comparison', values: COMPARE_MODES, default: 'head' },
  budgetGB: { type: 'int', short: 'bg', label: 'memory budget (GB)', min: 1, max: 4096, default: 24 },
  backend: { type: 'enum', short: 'be', label: 'backend', values: BACKEND_CHOICES, default: 'auto' },
  wasmThreads: { type: 'enum', short: 'th', label: 'wasm threads', values: THREAD_CHOICES, default: 'auto' },
  modelDModel: {
    type: 'int',
    short: 'md',
    label: 'model width d (in-browser model)',
    min: 16,
    max: 256,
    default: 128,
  },
  modelLayers: { type: 'int', short: 'ml', label: 'layers (in-browser model)', min: 1, max: 8, default: 2 },
  modelHeads: { type: 'int', short: 'mh', label: 'heads (in-browser model)', min: 1, max: 16, default: 4 },
  modelHeadDim: {
    type: 'int',
    short: 'mdh',
    label: 'head dim (in-browser model)',
    min: 4,
    max: 64,
    default: 32,
    even: true,
  },
  modelContext: {
    type: 'int',
    short: 'mT',
    label: 'context (in-browser model)',
    min: 16,
    max: 256,
    default: 64,
  },
  seed: { type: 'int', short: 's', label: 'seed', min: 0, max: 2_147_483_647, default: 1 },
  learningRate: { type: 'number', short: 'lr', label: 'learning rate', min: 1e-5, max: 0.1, default: 0.003 },
  trainBatch: { type: 'int', short: 'tb', label: 'training batch', min: 1, max: 64, default: 16 },
  trainSteps: { type: 'int', short: 'ts', label: 'training steps', min: 1, max: 20_000, default: 500 },
  dataset: { type: 'enum', short: 'ds', label: 'training data', values: DATASETS, default: 'corpus' },
  temperature: { type: 'number', short: 'tp', label: 'temperature', min: 0, max: 2, default: 0.8 },
  topK: { type: 'int', short: 'tk', label: 'top-k', min: 0, max: 200, default: 20 },
  theme: { type: 'enum', short: 'ui', label: 'theme', values: THEMES, default: 'system' },
  tourStep: { type: 'int', short: 'tour', label: 'tour step', min: 0, max: 50, default: 0 },
  hidden: { type: 'flags', short: 'hide', label: 'hidden controls', values: CONTROL_GROUPS, default: [] },
  locked: { type: 'int', short: 'lock', label: 'locked controls', min: 0, max: 1, default: 0 },
  factorLayer: { type: 'int', short: 'fl', label: 'factor panel layer', min: 0, max: 7, default: 0 },
  factorHead: { type: 'int', short: 'fh', label: 'factor panel head', min: 0, max: 15, default: 0 },
  factorToken: { type: 'int', short: 'ft', label: 'factor panel token', min: 0, max: 255, default: 4 },
  factorPart: { type: 'enum', short: 'fp', label: 'factor panel part', values: FACTOR_PARTS, default: 'q' },
  specialCase: { type: 'enum', short: 'sc', label: 'special case', values: SPECIAL_STOPS, default: 'tpa' },
};

export const CONFIG_KEYS = Object.keys(FIELDS) as ConfigKey[];

export const LINK_VERSION = 1;
