import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';

/**
 * Calls `start` once the element comes near the viewport (the model worker and its tfjs bundle load
 * only when a reader scrolls to a model panel). Without IntersectionObserver nothing happens: the panel
 * offers a button instead.
 */
export function useStartWhenVisible<T extends Element>(start: () => void): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect();
          start();
        }
      },
      { rootMargin: '200px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [start]);
  return ref;
}
