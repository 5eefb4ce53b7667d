/**
 * The worker's `special-case` command: MHA, MQA or GQA built with random weights next to the TPA layer
 * whose fixed head factors make it the same attention (src/model/special-cases.ts), run on the same
 * inputs, and the largest difference of their outputs.
 */
import { compareSpecialCase } from '../src/model';
import type { Command, ResultOf } from './protocol';

export async function specialCaseResult(
  cmd: Extract<Command, { type: 'special-case' }>,
): Promise<ResultOf['special-case']> {
  const { stop, heads, headDim, kvHeads, dModel, seed } = cmd;
  const r = await compareSpecialCase(stop, { heads, headDim, kvHeads, dModel }, seed);
  const factor = (data: Float32Array, rank: number) => ({ shape: [heads, rank], data });
  return {
    kind: 'special-case',
    stop,
    ranks: r.ranks,
    tokens: r.tokens,
    maxError: r.maxError,
    maxOutput: r.maxOutput,
    headFactors: {
      A_Q: factor(r.headFactors.A_Q, r.ranks.rankQ),
      A_K: factor(r.headFactors.A_K, r.ranks.rankK),
      A_V: factor(r.headFactors.A_V, r.ranks.rankV),
    },
  };
}
