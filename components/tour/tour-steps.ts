import { attentionOf, findPreset } from '../../src/config';
import type { PlaygroundConfig } from '../../src/config';
import {
  formatBytes,
  formatInteger,
  formatTokensCompact,
  kvComparison,
  kvRowOf,
} from '../../src/view-models/memory';
import type { KvComparison } from '../../src/view-models/memory';
import { kvCacheElementsPerToken } from '../../src/memory';

/**
 * The guided tour: each step sets the config (so the panels show what the text says), names the element
 * it highlights, and writes its text from the numbers of that config. Pure data and text; TourCard lays
 * it out. Step numbers in the link are 1-based (0 = tour closed).
 */
export interface TourStep {
  id: string;
  title: string;
  /** CSS selector of the element to highlight; the KV panel when it is hidden or missing */
  target: string;
  /** knobs this step sets, on top of the tour's starting scene */
  patch: Partial<PlaygroundConfig>;
  /** paragraphs for the config on screen */
  body: (config: PlaygroundConfig, view: KvComparison) => string[];
}

export const FALLBACK_TARGET = '#kv-memory';

/** Where every step starts from: T6-small's shape (the paper's TPA model), head-matched, 32K tokens. */
function tourScene(): Partial<PlaygroundConfig> {
  const preset = findPreset('t6-small-tpa');
  return {
    ...preset?.shape,
    kvHeads: 2,
    kvLatentDim: 256,
    queryLatentDim: 512,
    ropeDim: 32,
    contextLength: 32768,
    batch: 1,
    dtype: 'bf16',
    compare: 'head',
    budgetGB: 24,
  };
}

function row(view: KvComparison, kind: PlaygroundConfig['kind']) {
  return kvRowOf(view.rows, kind);
}

/** "Per token and layer: 2·d_h = 2·64 = 128, 34× smaller than MHA." */
function perTokenLine(view: KvComparison, kind: PlaygroundConfig['kind'], after = ''): string {
  const r = row(view, kind);
  return `Per token and layer: ${r.formula.symbolic} = ${r.formula.filled}, ${r.reductionText}.${after}`;
}

export const TOUR_STEPS: readonly TourStep[] = [
  {
    id: 'cache',
    title: 'Every token leaves keys and values behind',
    target: FALLBACK_TARGET,
    patch: { kind: 'mha' },
    body: (c, v) => {
      const mha = row(v, 'mha');
      return [
        'To write its next token, a model compares it with every earlier token. It keeps the earlier ' +
          'tokens’ keys and values instead of recomputing them: the KV cache.',
        `Standard attention (MHA) with h = ${c.heads} heads of d_h = ${c.headDim} stores ` +
          `${mha.formula.filled} numbers per token in each layer. Over ${c.layers} layers at ` +
          `${formatInteger(c.contextLength)} tokens that is ${formatBytes(mha.totalBytesAtContext)}.`,
      ];
    },
  },
  {
    id: 'mqa',
    title: 'MQA: all heads share one key and value',
    target: '[data-testid="kv-per-token-bars"]',
    patch: { kind: 'mqa' },
    body: (_c, v) => [
      'Multi-query attention keeps a query per head but one key and one value for all heads.',
      perTokenLine(v, 'mqa', ' The price is that every head reads the same keys.'),
    ],
  },
  {
    id: 'gqa',
    title: 'GQA: a few shared groups',
    target: '[data-testid="kv-per-token-bars"]',
    patch: { kind: 'gqa' },
    body: (c, v) => [
      `Grouped-query attention splits the heads into G = ${c.kvHeads} groups; each group shares a key ` +
        'and a value.',
      perTokenLine(v, 'gqa'),
    ],
  },
  {
    id: 'mla',
    title: 'MLA: cache a compressed latent',
    target: '[data-testid="kv-per-token-bars"]',
    patch: { kind: 'mla' },
    body: (c, v) => [
      `Latent attention caches one vector of d_c = ${c.kvLatentDim} numbers per token and rebuilds ` +
        `every head's key and value from it, plus a small shared position key of d_h^R = ${c.ropeDim}.`,
      perTokenLine(v, 'mla'),
    ],
  },
  {
    id: 'tpa',
    title: 'TPA: cache the factors, not the keys',
    target: '[data-testid="kv-per-token-bars"]',
    patch: { kind: 'tpa' },
    body: (c, v) => [
      `Tensor product attention writes each token's keys as a sum of R_K = ${c.rankK} outer products of ` +
        `a head vector (h numbers) and a feature vector (d_h numbers), and the values with R_V = ${c.rankV}. ` +
        'Both vectors depend on the token. It caches only those vectors.',
      perTokenLine(v, 'tpa'),
    ],
  },
  {
    id: 'ranks',
    title: 'The ranks set the size',
    target: '[data-control-group="ranks"]',
    patch: { kind: 'tpa' },
    body: (c) => {
      const now = kvCacheElementsPerToken(attentionOf(c, 'tpa'));
      const more = kvCacheElementsPerToken(attentionOf({ ...c, rankK: c.rankK + 1 }, 'tpa'));
      return [
        `Each extra key or value rank adds h + d_h = ${formatInteger(more - now)} numbers per token per ` +
          'layer. Try the R_K and R_V sliders: the bars, the chart, the tables and the link all follow.',
        'R_Q, the query rank, changes the parameters but not the cache.',
      ];
    },
  },
  {
    id: 'context',
    title: 'Long contexts meet the memory budget',
    target: '[data-testid="kv-total-chart"]',
    patch: { kind: 'tpa', contextLength: 131072 },
    body: (c, v) => {
      const mha = row(v, 'mha');
      const tpa = row(v, 'tpa');
      return [
        `At ${formatInteger(c.contextLength)} tokens MHA's cache is ${formatBytes(mha.totalBytesAtContext)} ` +
          `and TPA's ${formatBytes(tpa.totalBytesAtContext)}.`,
        `In a ${c.budgetGB} GB budget MHA fits ${formatTokensCompact(mha.longestContextAtBudget)} tokens ` +
          `and TPA ${formatTokensCompact(tpa.longestContextAtBudget)}. The chart shows where each line ` +
          'crosses the budget.',
      ];
    },
  },
  {
    id: 'fair',
    title: 'A fair comparison',
    target: '[data-testid="kv-compare"]',
    patch: { kind: 'tpa', compare: 'param' },
    body: (_c, v) => [
      'So far every kind had the same heads. The paper’s experiments instead gave each kind the heads that ' +
        'make its attention about as large as MHA’s, and TPA’s cheap heads meant more of them.',
      v.explanation.param,
    ],
  },
  {
    id: 'rope',
    title: 'Position rides on the factors',
    target: '#article-rope',
    patch: { kind: 'tpa', compare: 'head' },
    body: (c) => [
      'Rotary position embeddings turn the feature axis only. Turning TPA’s feature factors turns every ' +
        'head’s key at once, so TPA caches its factors already rotated.',
      `MLA cannot do that with its latent, so it spends d_h^R = ${c.ropeDim} of its cache on a separate ` +
        'position key. The article on this page tells the whole story.',
    ],
  },
];

export const TOUR_LENGTH = TOUR_STEPS.length;

/** The config change that opens step `step` (1-based), or closes the tour for 0. */
export function tourPatch(step: number): Partial<PlaygroundConfig> {
  if (step <= 0) return { tourStep: 0 };
  const index = Math.min(step, TOUR_LENGTH) - 1;
  return { ...tourScene(), ...TOUR_STEPS[index]?.patch, tourStep: index + 1 };
}

/** The step on screen for a config (a link may name a step past the end: show the last). */
export function currentStep(config: PlaygroundConfig): { index: number; step: TourStep } | null {
  if (config.tourStep <= 0) return null;
  const index = Math.min(config.tourStep, TOUR_LENGTH) - 1;
  const step = TOUR_STEPS[index];
  return step ? { index, step } : null;
}

/** The step's paragraphs for this config. */
export function stepText(step: TourStep, config: PlaygroundConfig): string[] {
  return step.body(config, kvComparison(config));
}
