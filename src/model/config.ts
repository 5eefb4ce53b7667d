import type { T6Config } from '../spec';

/**
 * The playground's default model: TPA, d = 128, 2 layers, h = 4, d_h = 32, R_Q = 4, R_K = R_V = 2,
 * 96 characters, context 64.
 */
export const DEFAULT_MODEL_CONFIG: Readonly<T6Config> = Object.freeze({
  vocabSize: 96,
  dModel: 128,
  layers: 2,
  attention: Object.freeze({ kind: 'tpa', heads: 4, headDim: 32, rankQ: 4, rankK: 2, rankV: 2 }),
  maxSeqLen: 64,
});

/** SwiGLU hidden width ⌊8d/3⌋ (T6 code). */
export function mlpHidden(dModel: number): number {
  return Math.floor((8 * dModel) / 3);
}

function positiveInt(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${v}`);
}

/** Throws a readable error when a config cannot be built. */
export function validateConfig(config: T6Config): void {
  positiveInt('vocabSize', config.vocabSize);
  positiveInt('dModel', config.dModel);
  positiveInt('layers', config.layers);
  positiveInt('maxSeqLen', config.maxSeqLen);
  const a = config.attention;
  positiveInt('heads', a.heads);
  positiveInt('headDim', a.headDim);
  if (a.headDim % 2 !== 0) throw new Error(`headDim must be even for RoPE, got ${a.headDim}`);
  switch (a.kind) {
    case 'gqa':
      positiveInt('kvHeads', a.kvHeads);
      if (a.heads % a.kvHeads !== 0) throw new Error(`kvHeads ${a.kvHeads} must divide heads ${a.heads}`);
      break;
    case 'mla':
      positiveInt('kvLatentDim', a.kvLatentDim);
      positiveInt('queryLatentDim', a.queryLatentDim);
      if (!Number.isInteger(a.ropeDim) || a.ropeDim < 0 || a.ropeDim % 2 !== 0)
        throw new Error(`ropeDim must be an even integer ≥ 0, got ${a.ropeDim}`);
      break;
    case 'tpa':
      positiveInt('rankQ', a.rankQ);
      positiveInt('rankK', a.rankK);
      positiveInt('rankV', a.rankV);
      break;
    case 'tpa-kvonly':
      positiveInt('rankK', a.rankK);
      positiveInt('rankV', a.rankV);
      break;
    default:
      break;
  }
}
