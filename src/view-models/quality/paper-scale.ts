/**
 * The scale of the paper's experiments, for sentences that set the playground's runs beside them. No
 * imports beyond formatting: the article (first screen) uses it without loading the quality panel's code.
 */

/** Training tokens of every model in the paper's main experiments (docs/tpa-math.md#training-setup: ≈ 49–50B). */
export const PAPER_TRAINING_TOKENS = 50e9;

/** "124M" from "small (124M)"; the whole label when it has no brackets. */
const sizeOf = (row: { readonly size: string }) => /\(([^)]+)\)/.exec(row.size)?.[1] ?? row.size;

/** "124M–1.5B": the sizes of the paper's models (rows labelled like "small (124M)"), smallest first; '' without rows. */
export function paperSizeRange(paper: readonly { readonly size: string }[]): string {
  const first = paper[0];
  const last = paper.at(-1);
  return first && last ? `${sizeOf(first)}–${sizeOf(last)}` : '';
}
