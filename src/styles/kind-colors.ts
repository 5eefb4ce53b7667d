import type { AttentionKind } from '../spec';

/**
 * One colour per attention kind, from the Okabe–Ito palette (distinguishable with the common forms of
 * colour-blindness). Charts read the CSS variable so themes can adjust it; this table is the fallback.
 */
export const KIND_COLOR_VAR: Readonly<Record<AttentionKind, string>> = {
  mha: 'var(--kind-mha)',
  mqa: 'var(--kind-mqa)',
  gqa: 'var(--kind-gqa)',
  mla: 'var(--kind-mla)',
  'tpa-kvonly': 'var(--kind-tpa-kvonly)',
  tpa: 'var(--kind-tpa)',
};
