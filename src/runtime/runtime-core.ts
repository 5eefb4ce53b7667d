/**
 * What the model runtime's parts share (model-runtime.ts composes them): the worker client, the
 * reader's settings, the runtime's store, notices, and the worker's lifetime counter.
 */
import type { PlaygroundConfig } from '../config';
import { CancelledError, WorkerCrashError } from './model-client';
import type { ModelClient } from './model-client';
import type { ModelRuntimeState, RuntimeNotice } from './runtime-state';

export interface RuntimeCore {
  readonly client: ModelClient;
  config(): PlaygroundConfig;
  state(): ModelRuntimeState;
  set(patch: Partial<ModelRuntimeState>): void;
  notify(tone: RuntimeNotice['tone'], message: string): void;
  /** counts worker starts and model rebuilds: an answer from an older epoch is stale */
  epoch(): number;
}

export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Errors that need no message: the request was cancelled, or the worker died (said elsewhere). */
export const isQuiet = (e: unknown) => e instanceof CancelledError || e instanceof WorkerCrashError;
