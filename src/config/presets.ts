import type { AttentionKind } from '../spec';
import type { PlaygroundConfig } from './fields';

/** The knobs a preset sets; context length, batch, dtype, budget and comparison mode stay as they are. */
export type PresetShape = Pick<PlaygroundConfig, 'kind' | 'heads' | 'headDim' | 'layers' | 'dModel'> &
  Partial<
    Pick<
      PlaygroundConfig,
      'kvHeads' | 'rankQ' | 'rankK' | 'rankV' | 'kvLatentDim' | 'queryLatentDim' | 'ropeDim'
    >
  >;

export interface Preset {
  id: string;
  label: string;
  /** where the numbers come from */
  source: string;
  shape: PresetShape;
}

interface T6Size {
  id: 'small' | 'medium' | 'large' | 'xl';
  label: string;
  layers: number;
  dModel: number;
  /** heads per kind, as the paper used them (docs/tpa-math.md#model-sizes; MLA small: Tab. 10 says 12, the config file 13) */
  heads: Record<AttentionKind, number>;
}

const T6_SIZES: readonly T6Size[] = [
  {
    id: 'small',
    label: 'T6-small (124M)',
    layers: 12,
    dModel: 768,
    heads: { mha: 12, mqa: 23, gqa: 22, mla: 12, 'tpa-kvonly': 22, tpa: 34 },
  },
  {
    id: 'medium',
    label: 'T6-medium (353M)',
    layers: 24,
    dModel: 1024,
    heads: { mha: 16, mqa: 31, gqa: 30, mla: 23, 'tpa-kvonly': 29, tpa: 47 },
  },
  {
    id: 'large',
    label: 'T6-large (773M)',
    layers: 36,
    dModel: 1280,
    heads: { mha: 20, mqa: 39, gqa: 38, mla: 34, 'tpa-kvonly': 37, tpa: 61 },
  },
  {
    id: 'xl',
    label: 'T6-XL (1.5B)',
    layers: 48,
    dModel: 1600,
    heads: { mha: 25, mqa: 49, gqa: 48, mla: 49, 'tpa-kvonly': 47, tpa: 78 },
  },
];

const PAPER_KIND_LABEL: Record<AttentionKind, string> = {
  mha: 'MHA',
  mqa: 'MQA',
  gqa: 'GQA',
  mla: 'MLA',
  'tpa-kvonly': 'TPA-KVonly',
  tpa: 'TPA',
};

/**
 * Kind-specific knobs of the paper's runs: R_Q = 6, R_K = R_V = 2 (App. H.1); GQA with 2 KV heads;
 * MLA with d_c = 256, d'_c = 512, d_h^R = 32 (the class defaults the training script actually used,
 * docs/tpa-math.md#baselines).
 */
function paperKnobs(kind: AttentionKind): Partial<PresetShape> {
  switch (kind) {
    case 'gqa':
      return { kvHeads: 2 };
    case 'mla':
      return { kvLatentDim: 256, queryLatentDim: 512, ropeDim: 32 };
    case 'tpa':
      return { rankQ: 6, rankK: 2, rankV: 2 };
    case 'tpa-kvonly':
      return { rankK: 2, rankV: 2 };
    default:
      return {};
  }
}

const PAPER_KINDS: readonly AttentionKind[] = ['mha', 'mqa', 'gqa', 'mla', 'tpa-kvonly', 'tpa'];

const T6_PRESETS: Preset[] = T6_SIZES.flatMap((size) =>
  PAPER_KINDS.map((kind) => ({
    id: `t6-${size.id}-${kind}`,
    label: `${size.label} · ${PAPER_KIND_LABEL[kind]}`,
    source: 'Tensor Product Attention paper, Tab. 10 and config/*.py',
    shape: {
      kind,
      heads: size.heads[kind],
      headDim: 64,
      layers: size.layers,
      dModel: size.dModel,
      ...paperKnobs(kind),
    },
  })),
);

const PUBLIC_PRESETS: Preset[] = [
  {
    id: 'playground',
    label: 'Playground model (trains in your browser)',
    source: 'T6 Playground default small model',
    shape: { kind: 'tpa', heads: 4, headDim: 32, layers: 2, dModel: 128, rankQ: 4, rankK: 2, rankV: 2 },
  },
  {
    id: 'gpt2-small',
    label: 'GPT-2 small · MHA',
    source: 'GPT-2 (124M): 12 layers, 12 heads of 64, d = 768',
    shape: { kind: 'mha', heads: 12, headDim: 64, layers: 12, dModel: 768 },
  },
  {
    id: 'llama3-8b',
    label: 'Llama-3-8B · GQA',
    source: 'Llama 3 8B: 32 layers, 32 query heads, 8 KV heads of 128, d = 4096',
    shape: { kind: 'gqa', heads: 32, kvHeads: 8, headDim: 128, layers: 32, dModel: 4096 },
  },
  {
    id: 'deepseek-v2',
    label: 'DeepSeek-V2 · MLA',
    source: "DeepSeek-V2: 60 layers, 128 heads of 128, d_c = 512, d'_c = 1536, d_h^R = 64, d = 5120",
    shape: {
      kind: 'mla',
      heads: 128,
      headDim: 128,
      layers: 60,
      dModel: 5120,
      kvLatentDim: 512,
      queryLatentDim: 1536,
      ropeDim: 64,
    },
  },
];

export const PRESETS: readonly Preset[] = [...PUBLIC_PRESETS, ...T6_PRESETS];

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** The config with a preset's shape applied (kind-specific knobs it does not name stay as they were). */
export function applyPreset(config: PlaygroundConfig, preset: Preset): PlaygroundConfig {
  return { ...config, ...preset.shape };
}

/** The preset whose every named knob equals the config's, if any (shown as the selected preset). */
export function matchingPreset(config: PlaygroundConfig): Preset | undefined {
  return PRESETS.find((p) =>
    (Object.keys(p.shape) as (keyof PresetShape)[]).every((k) => p.shape[k] === config[k]),
  );
}
