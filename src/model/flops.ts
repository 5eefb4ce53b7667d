import { attentionParamCount } from '../memory';
import type { AttentionConfig, T6Config } from '../spec';
import { mlpHidden } from './config';

/**
 * Model FLOPs of one T6 training step, counted from the shapes (pure arithmetic, no tfjs).
 *
 * Conventions (the usual "model FLOPs" of MFU):
 * - a product of an [m, k] and a [k, n] matrix costs 2·m·k·n;
 * - the backward pass of every counted product costs twice its forward (one product for the input's
 *   gradient, one for the weight's), so a step is 3 × forward;
 * - the embedding is a table lookup and costs nothing (the implementation's one-hot product is an
 *   implementation choice, not model arithmetic); the tied output head (logits) is counted;
 * - attention scores and mixing are counted over all T × T query-key pairs: no discount for the causal
 *   half, because the step computes every pair and masks the upper triangle;
 * - elementwise work (norms, softmax, RoPE, SwiGLU's gate, the optimizer) is not counted.
 */
export interface FlopBreakdown {
  /** every attention weight matrix applied to every token (TPA: the six factor maps), plus W_o */
  projections: number;
  /** TPA's per-token factor products Q = A_Qᵀ B̃_Q / R_Q, K, V (0 for the other kinds) */
  factorProducts: number;
  /** q·k for every query head and key position */
  scores: number;
  /** the probabilities times V */
  mixing: number;
  /** the SwiGLU MLP's three matrices */
  mlp: number;
  /** the tied output head: RMSNorm(h)·wteᵀ */
  logits: number;
  /** sum of the above */
  total: number;
}

export interface StepShape {
  /** sequences per step */
  batch: number;
  /** tokens per sequence (the context the step trains on) */
  seqLen: number;
}

/** Query/key and value widths per head: MLA's queries and keys carry the extra RoPE dims. */
function headWidths(attn: AttentionConfig): { qk: number; v: number } {
  if (attn.kind === 'mla') return { qk: attn.headDim + attn.ropeDim, v: attn.headDim };
  return { qk: attn.headDim, v: attn.headDim };
}

/** Sum of the ranks whose factors are multiplied out per token (TPA: R_Q + R_K + R_V). */
function factorRanks(attn: AttentionConfig): number {
  if (attn.kind === 'tpa') return attn.rankQ + attn.rankK + attn.rankV;
  if (attn.kind === 'tpa-kvonly') return attn.rankK + attn.rankV;
  return 0;
}

function scaled(b: Omit<FlopBreakdown, 'total'>, factor: number): FlopBreakdown {
  const out = {
    projections: b.projections * factor,
    factorProducts: b.factorProducts * factor,
    scores: b.scores * factor,
    mixing: b.mixing * factor,
    mlp: b.mlp * factor,
    logits: b.logits * factor,
  };
  return { ...out, total: Object.values(out).reduce((s, x) => s + x, 0) };
}

/** FLOPs of the forward pass over batch × seqLen tokens. */
export function forwardFlops(config: T6Config, shape: StepShape): FlopBreakdown {
  const { dModel: d, layers, vocabSize: v, attention: attn } = config;
  const tokens = shape.batch * shape.seqLen;
  const keys = shape.seqLen;
  const { qk, v: dv } = headWidths(attn);
  const h = attn.heads;
  const perTokenPerLayer = {
    projections: 2 * attentionParamCount(attn, d),
    factorProducts: 2 * factorRanks(attn) * h * attn.headDim,
    scores: 2 * keys * h * qk,
    mixing: 2 * keys * h * dv,
    mlp: 2 * 3 * d * mlpHidden(d),
  };
  return scaled(
    {
      projections: perTokenPerLayer.projections * layers,
      factorProducts: perTokenPerLayer.factorProducts * layers,
      scores: perTokenPerLayer.scores * layers,
      mixing: perTokenPerLayer.mixing * layers,
      mlp: perTokenPerLayer.mlp * layers,
      logits: 2 * d * v,
    },
    tokens,
  );
}

/** FLOPs of one training step (forward + backward = 3 × forward) over batch × seqLen tokens. */
export function trainingStepFlops(config: T6Config, shape: StepShape): FlopBreakdown {
  const f = forwardFlops(config, shape);
  return scaled(f, 3);
}
