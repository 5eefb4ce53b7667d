import type { BackendChoice } from '../spec';
import type { CrashReason } from './model-client';

/** Crashes within this window count towards giving up. */
const CRASH_WINDOW_MS = 60_000;
/** More crashes than this within the window and the worker is not restarted automatically. */
const MAX_CRASHES_IN_WINDOW = 3;
/** The backend a worker is restarted on when a GPU backend keeps failing: CPU-only, works everywhere. */
const SAFE_BACKEND: BackendChoice = 'wasm';

export interface RestartDecision {
  restart: boolean;
  /** the backend to ask the new worker for */
  backend: BackendChoice;
  /** what the page tells the reader */
  message: string;
}

export interface CrashContext {
  reason: CrashReason;
  /** times of earlier crashes (ms), any order */
  earlier: readonly number[];
  now: number;
  /** what the current worker was asked for */
  requested: BackendChoice;
  /** what it ran on (null if it never got that far) */
  running: string | null;
}

const isGpu = (backend: string | null) => backend === 'webgpu' || backend === 'webgl';

/**
 * What to do after the worker died. Restart with the same settings; but after a lost GPU device, or a
 * second crash on a GPU backend within a minute, restart on the safe CPU backend (wasm); and after more
 * than three crashes within a minute, stop and let the reader restart by hand.
 */
export function restartDecision(c: CrashContext): RestartDecision {
  const recent = c.earlier.filter((t) => c.now - t < CRASH_WINDOW_MS).length + 1;
  if (recent > MAX_CRASHES_IN_WINDOW) {
    return {
      restart: false,
      backend: c.requested,
      message: `The model worker stopped ${recent} times within a minute, so it was not restarted again. Your settings and saved training are kept; press “Restart model” to try again.`,
    };
  }
  const gpuTrouble = isGpu(c.running) && (c.reason === 'device-lost' || recent >= 2);
  if (gpuTrouble && c.requested !== SAFE_BACKEND) {
    const why = c.reason === 'device-lost' ? 'lost its GPU device' : `stopped twice on ${c.running}`;
    return {
      restart: true,
      backend: SAFE_BACKEND,
      message: `The model worker ${why}. It was restarted on ${SAFE_BACKEND} (runs on the CPU) with the same settings.`,
    };
  }
  return {
    restart: true,
    backend: c.requested,
    message: 'The model worker stopped unexpectedly. It was restarted with the same settings.',
  };
}
