import { useEffect, useMemo, useRef } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import { tourKeyAction } from './tour-keys';
import { TOUR_LENGTH, currentStep, stepText, tourPatch } from './tour-steps';
import { useTourHighlight } from './use-tour-highlight';
import './tour.css';

export interface TourCardProps {
  config: PlaygroundConfig;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
  /** called after the tour closes, e.g. to return focus to the button that opened it */
  onClose?: () => void;
}

/**
 * The open tour step: a non-modal dialog with the step's text, Back / Next / Close, and keyboard control
 * (Space or → next, ← back, Escape close) anywhere on the page outside form fields.
 */
export function TourCard({ config, onChange, onClose }: TourCardProps) {
  const current = currentStep(config);
  const cardRef = useRef<HTMLDivElement>(null);
  const index = current?.index ?? -1;
  const open = current !== null;
  const paragraphs = useMemo(() => {
    const shown = currentStep(config);
    return shown ? stepText(shown.step, config) : [];
  }, [config]);
  useTourHighlight(current ? current.step.target : null);

  const go = (step: number) => {
    onChange(tourPatch(step));
    if (step <= 0) onClose?.();
  };
  // the latest `go` for the listener below, without re-subscribing on every render
  const goRef = useRef(go);
  useEffect(() => {
    goRef.current = go;
  });

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      const action = tourKeyAction(event);
      if (!action) return;
      event.preventDefault();
      const step = index + 1;
      if (action === 'close') goRef.current(0);
      else if (action === 'back') goRef.current(Math.max(1, step - 1));
      else goRef.current(step >= TOUR_LENGTH ? 0 : step + 1);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open, index]);

  // move focus into the card when the tour opens, so the keys work at once
  useEffect(() => {
    if (open && !cardRef.current?.contains(document.activeElement))
      cardRef.current?.focus({ preventScroll: true });
  }, [open]);

  if (!current) return null;
  const step = index + 1;
  const last = step >= TOUR_LENGTH;
  return (
    <div
      ref={cardRef}
      className="tour-card"
      role="dialog"
      aria-labelledby="tour-title"
      aria-describedby="tour-keys"
      tabIndex={-1}
      data-testid="tour-card"
      data-step={step}
    >
      <div aria-live="polite">
        <p className="tour-card__progress" data-testid="tour-progress">
          Step {step} of {TOUR_LENGTH}
        </p>
        <h2 id="tour-title" className="tour-card__title">
          {current.step.title}
        </h2>
        <div className="tour-card__body">
          {paragraphs.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      </div>
      <p id="tour-keys" className="tour-card__keys">
        Space or → next · ← back · Esc closes
      </p>
      <div className="tour-card__actions">
        <button type="button" className="button--quiet" onClick={() => go(step - 1)} disabled={step <= 1}>
          Back
        </button>
        <button type="button" data-testid="tour-next" onClick={() => go(last ? 0 : step + 1)}>
          {last ? 'Finish' : 'Next'}
        </button>
        <button type="button" className="button--quiet" data-testid="tour-close" onClick={() => go(0)}>
          Close tour
        </button>
      </div>
    </div>
  );
}
