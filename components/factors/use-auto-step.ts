import { useEffect, useState } from 'react';
import { useReducedMotion } from './use-reduced-motion';

export interface AutoStep {
  /** advancing now */
  running: boolean;
  /** false for readers who asked for reduced motion: offer no autoplay */
  allowed: boolean;
  /** start from `from` (when given) or stop */
  toggle: (from?: number) => void;
}

/**
 * Advances `value` by one every `ms` until `max` while playing (a step-through or a sweep), stopping by
 * itself at the end. The caller owns the value; this only calls `onValue(value + 1)`.
 */
export function useAutoStep(value: number, max: number, onValue: (v: number) => void, ms: number): AutoStep {
  const reduce = useReducedMotion();
  const [playing, setPlaying] = useState(false);
  const running = playing && value < max && !reduce;
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => onValue(value + 1), ms);
    return () => clearTimeout(timer);
  }, [running, value, onValue, ms]);
  return {
    running,
    allowed: !reduce,
    toggle: (from) => {
      if (running) {
        setPlaying(false);
        return;
      }
      if (from !== undefined) onValue(from);
      setPlaying(true);
    },
  };
}
