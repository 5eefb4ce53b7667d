import { DEFAULT_CONFIG } from '../../../src/config';
import type { PlaygroundConfig } from '../../../src/config';

/**
 * T6-small's TPA shape (docs/tpa-math.md#model-sizes: h = 34, d_h = 64, R = 6/2/2, 12 layers, d = 768) with a 32K
 * context, batch 1, bf16 and a 24 GB budget, spelled out so tests do not lean on the app's defaults
 * (only the knobs of the in-browser model and the view, which the memory panel does not read, come from them).
 */
export const T6_SMALL: PlaygroundConfig = {
  ...DEFAULT_CONFIG,
  kind: 'tpa',
  heads: 34,
  headDim: 64,
  kvHeads: 2,
  rankQ: 6,
  rankK: 2,
  rankV: 2,
  kvLatentDim: 256,
  queryLatentDim: 512,
  ropeDim: 32,
  layers: 12,
  dModel: 768,
  contextLength: 32768,
  batch: 1,
  dtype: 'bf16',
  compare: 'head',
  budgetGB: 24,
};
