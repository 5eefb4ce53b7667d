import { forwardRef } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { tourPatch } from './tour-steps';

export interface TourButtonProps {
  tourStep: number;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
}

/** Starts the guided tour at step 1 (or says it is running). */
export const TourButton = forwardRef<HTMLButtonElement, TourButtonProps>(function TourButton(
  { tourStep, onChange },
  ref,
) {
  return (
    <button
      ref={ref}
      type="button"
      className="tour-button"
      data-testid="tour-start"
      aria-pressed={tourStep > 0}
      onClick={() => onChange(tourPatch(tourStep > 0 ? 0 : 1))}
    >
      {tourStep > 0 ? 'Tour running' : 'Take the tour'}
    </button>
  );
});
