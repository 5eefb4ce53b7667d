import { createStore } from 'zustand/vanilla';
import type { BackendChoice, CacheReport, BackendInfo, LossPoint, ModelInfo, ModelShape } from '../spec';
import type { SpecAdjustment } from '../config/model-spec';
import type { TrainingAlert } from './training-health';

/**
 * Runtime state of the in-browser model: what ModelRuntime (model-runtime.ts) reports of the worker's
 * results and progress, in a vanilla zustand store. The panels read it through the hooks of
 * src/state/model-context.tsx. The config itself stays in
 * the playground store; this one holds what the worker reported.
 */
export type RuntimePhase =
  /** the worker has not been started (it starts when a model panel is in view or used) */
  | 'idle'
  /** the worker is loading tfjs and choosing a backend */
  | 'starting'
  /** the model is being built (or restored) for the current settings */
  | 'building'
  | 'ready'
  | 'training'
  | 'paused'
  /** the worker died and is being restarted */
  | 'restarting'
  /** the worker failed too often, or could not start */
  | 'failed';

export interface TokenSample {
  index: number;
  ms: number;
  slid: boolean;
  cacheTokens: number;
  layerBytes: number[];
}

export interface GenerationState {
  status: 'idle' | 'running' | 'done' | 'stopped' | 'error';
  text: string;
  /** the latest token's measurements (the cache strip) */
  last: TokenSample | null;
  tokens: number;
  firstTokenMs: number | null;
  meanTokenMs: number | null;
  unknownChars: number;
  error: string | null;
}

export interface RuntimeNotice {
  id: number;
  tone: 'info' | 'warn' | 'error';
  message: string;
}

export interface BaselineState {
  status: 'running' | 'done' | 'error';
  shapes: ModelShape[];
  rows: CacheReport[];
  error: string | null;
}

export interface ModelRuntimeState {
  phase: RuntimePhase;
  /** a short line while starting ("probing webgl…") */
  status: string | null;
  backend: BackendInfo | null;
  /** set when the runtime runs another backend than the settings ask (after a GPU crash) */
  backendOverride: BackendChoice | null;
  /** the shape the settings ask for, and what was fitted to the small model */
  shape: ModelShape | null;
  adjustments: SpecAdjustment[];
  model: ModelInfo | null;
  history: LossPoint[];
  /** the step the current (or last) training run goes to */
  untilStep: number | null;
  lastCheckpoint: { step: number; savedAt: number } | null;
  alert: TrainingAlert | null;
  /** a build or training error to show in the training panel (e.g. pasted text too short) */
  trainError: string | null;
  generation: GenerationState;
  baselines: BaselineState | null;
  notices: RuntimeNotice[];
  /** the text the reader pasted to train on (persisted) */
  customText: string;
  /** set when this browser saves nothing (no IndexedDB): shown for as long as the page is open */
  storageNotice: string | null;
}

export const IDLE_GENERATION: GenerationState = Object.freeze({
  status: 'idle',
  text: '',
  last: null,
  tokens: 0,
  firstTokenMs: null,
  meanTokenMs: null,
  unknownChars: 0,
  error: null,
}) as GenerationState;

export function initialRuntimeState(): ModelRuntimeState {
  return {
    phase: 'idle',
    status: null,
    backend: null,
    backendOverride: null,
    shape: null,
    adjustments: [],
    model: null,
    history: [],
    untilStep: null,
    lastCheckpoint: null,
    alert: null,
    trainError: null,
    generation: IDLE_GENERATION,
    baselines: null,
    notices: [],
    customText: '',
    storageNotice: null,
  };
}

export function createModelStore(initial: ModelRuntimeState = initialRuntimeState()) {
  return createStore<ModelRuntimeState>()(() => initial);
}

export type ModelStore = ReturnType<typeof createModelStore>;

/** True while the model can take a new command (train, generate, reset). */
export const isModelReady = (s: ModelRuntimeState) => s.phase === 'ready' && s.model !== null;
