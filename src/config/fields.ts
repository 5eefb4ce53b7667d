import { ATTENTION_KINDS, DTYPES } from '../memory';
import type { AttentionKind, Dtype } from '../memory';

/**
 * The one declarative table of every knob the UI has: its link key, type, range and default.
 * The codec, the schema (normalize) and the property tests are all driven from this table, so a new
 * knob is one row here plus a control. Ranges are the hard limits a link may ask for; sliders may
 * show narrower ranges.
 */
export const COMPARE_MODES = ['head', 'param'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

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
export interface EnumField<T extends string> extends FieldBase {
  type: 'enum';
  values: readonly T[];
  default: T;
}
export type FieldSpec<V> = [V] extends [string] ? EnumField<V> : IntField;

export const MAX_RANK = 64;

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
};

export const CONFIG_KEYS = Object.keys(FIELDS) as ConfigKey[];

export const LINK_VERSION = 1;
