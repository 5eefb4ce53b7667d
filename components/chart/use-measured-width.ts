import { useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';

/**
 * The content width of an element, followed with a ResizeObserver (read only in its callback, so no
 * layout is forced during render). Where there is no ResizeObserver (jsdom, old browsers) it stays at
 * `fallback`, and SVGs drawn at that width still scale with their viewBox.
 */
export function useMeasuredWidth<T extends Element>(fallback: number): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const measured = Math.round(entries[0]?.contentRect.width ?? 0);
      if (measured > 0) setWidth((current) => (current === measured ? current : measured));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
