import { useId } from 'react';

/**
 * A document-unique id for an SVG element referenced through `url(#…)` (a clip path): React's useId
 * without the characters such references do not take, plus `suffix`.
 */
export function useSvgId(suffix: string): string {
  return `${useId().replace(/[^a-zA-Z0-9_-]/g, '')}-${suffix}`;
}
