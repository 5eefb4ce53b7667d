import { progressText } from '../../src/view-models/quality/sweep-progress';
import type { LiveState } from '../../src/runtime/live-runner';

/**
 * The sweep in training: a bar over all its steps and "Run i of n (label): step s of S · ETA". Only the
 * copy with `announce` is a live region (the chart of the run shows a quiet copy).
 */
export function LiveProgress({
  progress,
  announce = true,
}: {
  progress: NonNullable<LiveState['progress']>;
  announce?: boolean;
}) {
  const text = progressText(progress);
  return (
    <div className="quality-progress" data-testid="quality-live-progress" data-key={progress.key}>
      <progress value={progress.stepsDone} max={progress.stepsTotal} aria-label="Live training progress" />
      <span role={announce ? 'status' : undefined}>{text}</span>
    </div>
  );
}
