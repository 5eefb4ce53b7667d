import type { ThemeChoice } from '../config/fields';

/**
 * Puts the chosen theme on the page: `data-theme="light|dark"` forces that colour scheme (theme.css),
 * no attribute follows the system's `prefers-color-scheme`.
 */
export function applyTheme(theme: ThemeChoice, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
}

/** Smooth scrolling unless the reader asked for reduced motion. */
export function scrollBehavior(): ScrollBehavior {
  const reduce = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  return reduce ? 'auto' : 'smooth';
}
