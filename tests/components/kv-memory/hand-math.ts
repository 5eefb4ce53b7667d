import type { PlaygroundConfig } from '../../../src/config';

/**
 * An independent, deliberately plain re-statement of the paper's Table 1 for the tests, so the panel's
 * numbers are checked against something that does not share code with src/memory or src/explorer.
 * Head counts are passed in (the tests state them by hand for parameter-matched shapes).
 */
export function handElements(kind: string, c: PlaygroundConfig, h: number = c.heads): number {
  if (kind === 'mha') return 2 * h * c.headDim;
  if (kind === 'mqa') return 2 * c.headDim;
  if (kind === 'gqa') return 2 * c.kvHeads * c.headDim;
  if (kind === 'mla') return c.kvLatentDim + c.ropeDim;
  return (c.rankK + c.rankV) * (h + c.headDim); // tpa and tpa-kvonly
}

export const HAND_BYTES: Record<PlaygroundConfig['dtype'], number> = { fp32: 4, bf16: 2, fp8: 1, int4: 0.5 };

export const KINDS = ['mha', 'mqa', 'gqa', 'mla', 'tpa-kvonly', 'tpa'] as const;

export { T6_SMALL } from '../../unit/explorer/t6-small';
