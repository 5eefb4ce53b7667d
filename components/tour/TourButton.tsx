import { forwardRef } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { tourPatch } from './tour-steps';

export interface TourButtonProps {
  tourStep: number;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
}

/** Starts the guided tour at step 1, or closes it while it is open. */
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
      onClick={() => onChange(tourPatch(tourStep > 0 ? 0 : 1))}
    >
      {tourStep > 0 ? 'Close the tour' : 'Take the tour'}
    </button>
  );
});
