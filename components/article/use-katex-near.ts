import { useEffect, useState } from 'react';
import type { RefObject } from 'react';
import { loadKatex } from './katex-loader';
import type { RenderTex } from './katex-loader';

/**
 * KaTeX's render function once the element comes within `margin` of the viewport (or at once where
 * IntersectionObserver is missing); null before, and if loading fails (the plain text stays).
 */
export function useKatexNear(ref: RefObject<Element | null>, margin = '600px'): RenderTex | null {
  const [render, setRender] = useState<RenderTex | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let cancelled = false;
    const load = () => {
      loadKatex().then(
        (fn) => {
          if (!cancelled) setRender(() => fn);
        },
        () => undefined,
      );
    };
    if (typeof IntersectionObserver !== 'function') {
      load();
      return () => {
        cancelled = true;
      };
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect();
          load();
        }
      },
      { rootMargin: margin },
    );
    observer.observe(element);
    return () => {
      cancelled = true;
      observer.disconnect();
    };
  }, [ref, margin]);
  return render;
}
