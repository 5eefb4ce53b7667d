import type { KatexOptions } from 'katex';

/** The one KaTeX function the article uses. */
export type RenderTex = (tex: string, options: KatexOptions) => string;

let pending: Promise<RenderTex> | undefined;

/**
 * Loads KaTeX and its stylesheet on first call (a separate chunk, ~75 KB gzipped, kept off the first
 * screen); later calls share the same promise.
 */
export function loadKatex(): Promise<RenderTex> {
  pending ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(
    ([mod]) =>
      (tex: string, options: KatexOptions) =>
        mod.default.renderToString(tex, options),
  );
  return pending;
}
