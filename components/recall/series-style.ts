/**
 * How the panel draws a run: MHA in MHA's colour, official TPA in TPA's, the fix in a colour of its own,
 * the elimination baseline and the other runs in muted grey (src/styles/theme.css variables).
 */
export function seriesColor(id: string, key = true): string {
  if (id === 'mha') return 'var(--kind-mha)';
  if (id === 'tpa') return 'var(--kind-tpa)';
  if (id === 'tpa-fix') return 'var(--kind-gqa)';
  return key ? 'var(--muted)' : 'var(--border)';
}

/** A marker shape per series: the legend shows the same one. */
export type MarkerShape = 'circle' | 'square' | 'diamond' | 'dash' | 'line';

export function markerOf(id: string): MarkerShape {
  if (id === 'mha') return 'circle';
  if (id === 'tpa') return 'square';
  if (id === 'elimination') return 'dash';
  return 'diamond';
}
