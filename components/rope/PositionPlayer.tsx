import { useAutoStep } from '../factors/use-auto-step';

export interface PositionPlayerProps {
  position: number;
  max: number;
  onPosition: (p: number) => void;
}

const TICK_MS = 140;

/** Plays the position from where it is (or from 0 at the end) to `max`; hidden for reduced motion. */
export function PositionPlayer({ position, max, onPosition }: PositionPlayerProps) {
  const auto = useAutoStep(position, max, onPosition, TICK_MS);
  if (!auto.allowed) return null;
  return (
    <button
      type="button"
      onClick={() => auto.toggle(!auto.running && position >= max ? 0 : undefined)}
      data-testid="rope-play"
    >
      {auto.running ? 'Pause' : 'Play positions'}
    </button>
  );
}
