import type { LiveJob } from '../../src/sweep/compare';
import type { LiveState } from '../../src/runtime/live-runner';

/** What the quality panel can ask of the live runner (src/runtime/live-runner; a fake in tests). */
export interface LiveActions {
  start(jobs: readonly LiveJob[]): void;
  cancel(): void;
  forget(): void;
}

export interface LiveProps {
  readonly state: LiveState;
  readonly actions: LiveActions;
}
