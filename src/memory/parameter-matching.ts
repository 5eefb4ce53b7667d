import type { AttentionConfig } from '../spec';
import { attentionParamCount } from './formulas';

/**
 * Heads for a parameter-matched comparison (paper §6.1): the h whose attention layer has the parameter
 * count closest to `targetParams` (default 4·d², what MHA with h·d_h = d has). Attention parameters are
 * affine in h for every kind, so two evaluations give the slope. For GQA, h stays a multiple of the KV
 * heads G. The paper rounded some sizes differently (e.g. T6-small TPA uses h = 34 where this gives 33),
 * so presets carry the paper's own head counts and this function is for arbitrary shapes.
 */
export function parameterMatchedHeads(
  attn: AttentionConfig,
  dModel: number,
  targetParams: number = 4 * dModel * dModel,
): number {
  const step = attn.kind === 'gqa' ? attn.kvHeads : 1;
  const at = (h: number) => attentionParamCount({ ...attn, heads: h }, dModel);
  const base = at(0);
  const slope = at(step) - base;
  if (!(slope > 0)) return attn.heads;
  const steps = Math.max(1, Math.round((targetParams - base) / slope));
  return steps * step;
}

/** The same attention shape with its heads replaced by the parameter-matched count. */
export function withParameterMatchedHeads(attn: AttentionConfig, dModel: number): AttentionConfig {
  return { ...attn, heads: parameterMatchedHeads(attn, dModel) };
}
