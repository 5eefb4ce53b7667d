/** What a key press means to an open tour, or null when the tour should leave it alone. */
export type TourKeyAction = 'next' | 'back' | 'close';

const FORM_FIELDS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);
/** elements that act on Space or Enter themselves */
const ACTIVATABLE = new Set(['BUTTON', 'A', 'SUMMARY']);

export interface KeyLike {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  target: EventTarget | null;
}

/**
 * Space, → and PageDown advance; ←, PageUp and Shift+Space go back; Escape closes (from anywhere). Other keys typed into a form
 * field (a slider's arrows, a select) are theirs, and Space or Enter on a button or link activates it as
 * usual rather than also moving the tour.
 */
export function tourKeyAction(event: KeyLike): TourKeyAction | null {
  if (event.altKey || event.ctrlKey || event.metaKey) return null;
  if (event.key === 'Escape') return 'close';
  const target = event.target instanceof Element ? event.target : null;
  if (target && (FORM_FIELDS.has(target.tagName) || (target as HTMLElement).isContentEditable)) return null;
  if (target?.closest('[role="radiogroup"], [role="slider"], [role="listbox"]')) return null;
  const isSpace = event.key === ' ' || event.key === 'Spacebar';
  if (isSpace && target && ACTIVATABLE.has(target.tagName)) return null;
  if ((isSpace && event.shiftKey) || event.key === 'ArrowLeft' || event.key === 'PageUp') return 'back';
  if (isSpace || event.key === 'ArrowRight' || event.key === 'PageDown') return 'next';
  return null;
}
