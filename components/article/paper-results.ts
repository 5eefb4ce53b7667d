import type { AttentionKind } from '../../src/spec';

/**
 * Results the paper reports (not computed here): the average of nine lm-eval-harness tasks, 0-shot, for
 * each model size trained on FineWeb-Edu (docs/kv-cache.md#paper-results; paper Tabs. 11, 2, 3 and 12). The models are
 * parameter-matched, so each kind has a different number of heads.
 */
export interface PaperResultRow {
  size: string;
  table: string;
  /** average accuracy in %, by kind */
  scores: Readonly<Record<AttentionKind, number>>;
}

export const PAPER_ZERO_SHOT: readonly PaperResultRow[] = [
  {
    size: 'small (124M)',
    table: 'Tab. 11',
    scores: { mha: 46.19, mqa: 45.14, gqa: 45.04, mla: 46.2, 'tpa-kvonly': 45.94, tpa: 46.21 },
  },
  {
    size: 'medium (353M)',
    table: 'Tab. 2',
    scores: { mha: 50.11, mqa: 50.44, gqa: 50.35, mla: 50.13, 'tpa-kvonly': 50.04, tpa: 51.41 },
  },
  {
    size: 'large (773M)',
    table: 'Tab. 3',
    scores: { mha: 52.52, mqa: 52.13, gqa: 52.3, mla: 53.32, 'tpa-kvonly': 53.52, tpa: 53.1 },
  },
  {
    size: 'XL (1.5B)',
    table: 'Tab. 12',
    scores: { mha: 54.49, mqa: 54.48, gqa: 54.33, mla: 54.08, 'tpa-kvonly': 54.57, tpa: 55.01 },
  },
];

/** The kind with the highest score in a row. */
export function bestKind(row: PaperResultRow): AttentionKind {
  const entries = Object.entries(row.scores) as [AttentionKind, number][];
  return entries.reduce((best, e) => (e[1] > best[1] ? e : best))[0];
}
