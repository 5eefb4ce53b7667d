import { useEffect } from 'react';
import { scrollBehavior } from '../../src/styles/apply-theme';
import { FALLBACK_TARGET } from './tour-steps';

/** The attribute the highlighted element carries (styled in tour.css). */
const HIGHLIGHT_ATTRIBUTE = 'data-tour-highlight';

/**
 * Marks the step's target (or the KV panel if the target is hidden or missing), scrolls it into view and
 * clears the mark when the step changes or the tour closes.
 */
export function useTourHighlight(selector: string | null): void {
  useEffect(() => {
    if (!selector) return;
    const found = document.querySelector<HTMLElement>(selector);
    const element =
      found && found.getClientRects().length > 0
        ? found
        : document.querySelector<HTMLElement>(FALLBACK_TARGET);
    if (!element) return;
    element.setAttribute(HIGHLIGHT_ATTRIBUTE, '');
    element.scrollIntoView?.({ behavior: scrollBehavior(), block: 'start' });
    return () => element.removeAttribute(HIGHLIGHT_ATTRIBUTE);
  }, [selector]);
}
