import type { PlaygroundConfig } from '../config';
import { datasetSpecOf } from '../config/dataset-spec';
import { modelSpecOf } from '../config/model-spec';
import type { BackendChoice, Inspection, LossPoint, PointPlan } from '../spec';
import { modelKey } from '../spec/model-key';
import type { ResultOf } from '../../workers/protocol';
import { GenerationControl } from './generation-control';
import { ModelClient, WorkerCrashError } from './model-client';
import type { WorkerCrash, WorkerLike } from './model-client';
import { compareBaselineCaches, evaluateModel, inspectModel, runSweepPoint } from './model-queries';
import { restartDecision } from './restart-policy';
import { isQuiet, messageOf } from './runtime-core';
import type { RuntimeCore } from './runtime-core';
import { IDLE_GENERATION } from './runtime-state';
import type { ModelRuntimeState, ModelStore, RuntimeNotice } from './runtime-state';
import { settingsKeysOf } from './settings-keys';
import type { SettingsKeys } from './settings-keys';
import { TrainingControl } from './training-control';

/** Where the reader's pasted text is kept between visits. */
export interface TextStore {
  /** False when this browser keeps nothing (no IndexedDB). */
  available(): Promise<boolean>;
  load(): Promise<string | null>;
  save(text: string): Promise<void>;
}

/** Where the runtime reads the reader's settings and hears of their changes (the playground store fits). */
export interface ConfigSource {
  getState(): { readonly config: PlaygroundConfig };
  subscribe(
    listener: (
      state: { readonly config: PlaygroundConfig },
      prev: { readonly config: PlaygroundConfig },
    ) => void,
  ): () => void;
}

export interface ModelRuntimeDeps {
  playground: ConfigSource;
  store: ModelStore;
  createWorker: () => WorkerLike;
  texts: TextStore;
  /** the site's base URL (the worker fetches the corpus relative to it) */
  baseUrl: string;
  now?: () => number;
  /** quiet time after a settings change before the model is rebuilt (a slider drag is one change) */
  settleMs?: number;
}

/** What the model panels can ask of the runtime (ModelRuntime; a fake in component tests). */
export interface RuntimeActions {
  start(): void;
  train(): void;
  step(): void;
  pause(): void;
  resume(): void;
  reset(): Promise<void>;
  generate(prompt: string, maxTokens: number): void;
  stopGeneration(): void;
  compareBaselines(): Promise<void>;
  setCustomText(text: string): void;
  restartNow(): void;
  dismissNotice(id: number): void;
}

/** Shown for as long as the page is open when the browser lets it save nothing. */
const NO_STORAGE_NOTICE =
  'This browser does not let the page save anything (IndexedDB is unavailable, as in some private ' +
  'windows): training and pasted text will not survive a reload.';

/**
 * The page's model runtime: owns the worker (through ModelClient), turns the reader's actions and the
 * playground config into worker commands, and writes what comes back into the model store.
 * - The worker starts on `start()` (a model panel came into view or was used), never before.
 * - A settings change cancels the requests it makes stale at once and rebuilds the model once the
 *   settings have been quiet for `settleMs`; a changed backend restarts the worker.
 * - A crash or lost GPU device restarts the worker with the same settings (see restart-policy.ts);
 *   the rebuilt model restores its last checkpoint, so training resumes from there.
 * Training and generation are training-control.ts and generation-control.ts, one-off questions to the
 * worker model-queries.ts; this class owns the worker's lifetime and reacts to the settings.
 */
export class ModelRuntime implements RuntimeActions {
  readonly client: ModelClient;
  private readonly now: () => number;
  private readonly settleMs: number;
  private started = false;
  private epoch = 0;
  private keys: SettingsKeys;
  private crashTimes: number[] = [];
  private override: BackendChoice | null = null;
  private recovering = false;
  /** the runtime stopped restarting a crashing worker; later crashes are not announced again */
  private gaveUp = false;
  private readonly core: RuntimeCore;
  private readonly training: TrainingControl;
  private readonly generation: GenerationControl;
  private rebuildTimer: ReturnType<typeof setTimeout> | undefined;
  private textTimer: ReturnType<typeof setTimeout> | undefined;
  private noticeId = 0;
  private readonly unsubscribe: () => void;
  private readonly textLoaded: Promise<void>;

  constructor(private readonly deps: ModelRuntimeDeps) {
    this.now = deps.now ?? (() => Date.now());
    this.settleMs = deps.settleMs ?? 400;
    this.client = new ModelClient({ createWorker: deps.createWorker, onCrash: (c) => this.onCrash(c) });
    this.core = {
      client: this.client,
      config: () => this.config,
      state: () => this.state,
      set: (patch) => this.set(patch),
      notify: (tone, message) => this.notify(tone, message),
      epoch: () => this.epoch,
    };
    this.training = new TrainingControl(this.core, (message) => {
      // whatever the failed step held may still be allocated (and wasm's heap may be broken): a new
      // worker starts clean, and the rebuilt model restores its last save
      this.notify('error', `${message} The model worker was restarted to free its memory.`);
      this.recovering = true;
      this.restartWorker();
    });
    this.generation = new GenerationControl(this.core);
    this.keys = this.keysOf(this.config);
    this.showSpec(this.config);
    this.unsubscribe = deps.playground.subscribe((s, prev) => {
      if (s.config !== prev.config) this.onConfig(s.config);
    });
    void deps.texts
      .available()
      .catch(() => false)
      .then((ok) => {
        if (!ok) this.set({ storageNotice: NO_STORAGE_NOTICE });
      });
    this.textLoaded = deps.texts
      .load()
      .then((text) => {
        if (text !== null && this.state.customText === '') this.setText(text);
      })
      .catch(() => undefined);
  }

  private get config(): PlaygroundConfig {
    return this.deps.playground.getState().config;
  }

  private get state(): ModelRuntimeState {
    return this.deps.store.getState();
  }

  private set(patch: Partial<ModelRuntimeState>): void {
    this.deps.store.setState(patch);
  }

  private notify(tone: RuntimeNotice['tone'], message: string): void {
    const notice = { id: ++this.noticeId, tone, message };
    this.set({ notices: [...this.state.notices.slice(-3), notice] });
  }

  dismissNotice(id: number): void {
    this.set({ notices: this.state.notices.filter((n) => n.id !== id) });
  }

  /** Starts the worker and builds the model for the current settings (once; later calls do nothing). */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.textLoaded.then(() => {
      this.keys = this.keysOf(this.config);
      return this.connect();
    });
  }

  dispose(): void {
    this.unsubscribe();
    clearTimeout(this.rebuildTimer);
    this.training.dispose();
    clearTimeout(this.textTimer);
    this.client.dispose();
  }

  // ── settings ──

  private keysOf(config: PlaygroundConfig): SettingsKeys {
    return settingsKeysOf(config, this.state.customText);
  }

  private showSpec(config: PlaygroundConfig): void {
    const spec = modelSpecOf(config);
    this.set({ shape: spec.shape, adjustments: spec.adjustments });
  }

  private onConfig(config: PlaygroundConfig): void {
    this.showSpec(config);
    const next = this.keysOf(config);
    const prev = this.keys;
    this.keys = next;
    if (!this.started) return;
    if (next.backend !== prev.backend || next.threads !== prev.threads) {
      this.override = null;
      this.restartWorker();
      return;
    }
    if (next.model !== prev.model) {
      this.training.stop();
      this.generation.stop();
      this.set({ phase: 'building', baselines: null });
      clearTimeout(this.rebuildTimer);
      this.rebuildTimer = setTimeout(() => void this.build(), this.settleMs);
      return;
    }
    // a running training with stale knobs stops and goes on with the new ones
    if (next.train !== prev.train) this.training.restartWithNewKnobs(this.settleMs);
    if (next.sampling !== prev.sampling && this.generation.running) this.generation.stop();
  }

  /** The pasted text to train on (kept in IndexedDB). Rebuilds the model when it is the training data. */
  setCustomText(text: string): void {
    this.setText(text);
    clearTimeout(this.textTimer);
    this.textTimer = setTimeout(() => void this.deps.texts.save(text).catch(() => undefined), this.settleMs);
  }

  private setText(text: string): void {
    this.set({ customText: text });
    if (this.config.dataset === 'custom') this.onConfig(this.config);
  }

  // ── worker lifetime ──

  private restartWorker(): void {
    this.gaveUp = false;
    this.training.forget();
    this.generation.forget(false);
    this.client.restart();
    void this.connect();
  }

  private async connect(): Promise<void> {
    const epoch = ++this.epoch;
    clearTimeout(this.rebuildTimer);
    const requested = this.override ?? this.config.backend;
    this.set({
      phase: this.recovering ? 'restarting' : 'starting',
      status: null,
      backendOverride: this.override,
    });
    try {
      const init = this.client.request(
        { type: 'init', backend: requested, threads: this.config.wasmThreads, baseUrl: this.deps.baseUrl },
        (p) => {
          if (p.kind === 'status' && epoch === this.epoch) this.set({ status: p.message });
        },
      );
      const ready = await init.result;
      if (epoch !== this.epoch) return;
      this.set({ backend: ready.backend, status: null });
      if (!ready.storage) this.set({ storageNotice: NO_STORAGE_NOTICE });
      await this.build();
    } catch (e) {
      if (epoch !== this.epoch || e instanceof WorkerCrashError) return;
      this.set({ phase: 'failed', status: null });
      this.notify('error', `The model could not start: ${messageOf(e)}`);
    }
  }

  private async build(): Promise<void> {
    const epoch = this.epoch;
    const config = this.config;
    const spec = modelSpecOf(config);
    const dataset = datasetSpecOf(config, this.state.customText);
    const key = modelKey(spec.shape, config.seed, dataset);
    this.set({
      phase: 'building',
      trainError: null,
      alert: null,
      baselines: null,
      generation: IDLE_GENERATION,
    });
    try {
      const req = this.client.request({ type: 'build', key, shape: spec.shape, seed: config.seed, dataset });
      const built = await req.result;
      if (epoch !== this.epoch || key !== this.keys.model) return;
      const restored = built.restored;
      if (built.discarded) {
        this.notify(
          'warn',
          `The training saved in this browser for this model could not be used: ${built.discarded}. It was deleted, and the model starts from its initial weights.`,
        );
      }
      this.set({
        phase: 'ready',
        model: built.model,
        history: restored?.history ?? [],
        lastCheckpoint: restored ? { step: restored.step, savedAt: restored.savedAt } : null,
        untilStep: null,
      });
      if (this.recovering) {
        this.recovering = false;
        this.notify(
          'info',
          restored
            ? `Recovered: the model is back at step ${restored.step}, its last saved state.`
            : 'Recovered: the model was rebuilt (no training had been saved yet).',
        );
      }
    } catch (e) {
      if (epoch !== this.epoch || isQuiet(e)) return;
      this.set({ phase: 'ready', model: null, trainError: messageOf(e) });
    }
  }

  private onCrash(crash: WorkerCrash): void {
    if (this.gaveUp) {
      // a panel's request started a worker after the runtime gave up, and it died too: the error notice
      // already says what happened and how to restart, so nothing more is announced
      this.training.forget();
      this.generation.forget(false);
      return;
    }
    const now = this.now();
    const decision = restartDecision({
      reason: crash.reason,
      earlier: this.crashTimes,
      now,
      requested: this.override ?? this.config.backend,
      running: this.state.backend?.backend ?? null,
    });
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < 60_000), now];
    const wasTraining = this.training.forget();
    this.generation.forget(true);
    const step = this.state.history.at(-1)?.step ?? 0;
    const training = wasTraining
      ? ` Training had reached step ${step}; press Start to continue from the last save.`
      : '';
    this.notify(decision.restart ? 'warn' : 'error', `${decision.message} (${crash.message})${training}`);
    if (!decision.restart) {
      this.gaveUp = true;
      this.epoch++;
      this.set({ phase: 'failed' });
      return;
    }
    this.override = decision.backend !== this.config.backend ? decision.backend : null;
    this.recovering = true;
    void this.connect();
  }

  /** After the runtime gave up on a failing worker: try again from scratch. */
  restartNow(): void {
    this.crashTimes = [];
    this.started = true;
    this.restartWorker();
  }

  /** Test hook: makes the worker throw an uncaught error (see window.__t6). */
  crashWorker(): void {
    this.client.request({ type: 'debug', action: 'crash' }).result.catch(() => undefined);
  }

  // ── training and generation (training-control.ts, generation-control.ts) ──

  /** Trains up to the configured number of steps. */
  train(): void {
    this.training.train();
  }

  /** One training step. */
  step(): void {
    this.training.step();
  }

  pause(): void {
    this.training.pause();
  }

  resume(): void {
    this.training.resume();
  }

  generate(prompt: string, maxTokens: number): void {
    this.generation.generate(prompt, maxTokens);
  }

  stopGeneration(): void {
    this.generation.stop();
  }

  /** Forgets the trained weights and history of these settings and starts again from the seed. */
  async reset(): Promise<void> {
    if (!this.state.model) return;
    this.training.stop();
    this.generation.stop();
    const epoch = this.epoch;
    this.set({ phase: 'building', alert: null, trainError: null });
    try {
      const built = await this.client.request({ type: 'reset' }).result;
      if (epoch !== this.epoch) return;
      this.set({
        phase: 'ready',
        model: built.model,
        history: [],
        lastCheckpoint: null,
        untilStep: null,
        generation: IDLE_GENERATION,
        baselines: null,
      });
    } catch (e) {
      if (epoch !== this.epoch || isQuiet(e)) return;
      this.set({ phase: 'ready', trainError: messageOf(e) });
    }
  }

  // ── one-off questions (model-queries.ts) ──

  /** The model's tensors for `text`, for the inspection panels. */
  inspect(text: string, layers?: number[]): Promise<Inspection> {
    return inspectModel(this.core, text, layers);
  }

  /** Validation loss (and recall accuracy) of the current weights over `maxBatches` batches. */
  evaluate(maxBatches = 4): Promise<{ step: number; valLoss: number; accuracy: number | null }> {
    return evaluateModel(this.core, maxBatches);
  }

  /**
   * Trains one run of the quality sweep in the worker with a model of its own; starts the worker if it
   * is not running. `cancel` stops it.
   */
  runPoint(
    plan: PointPlan,
    onStep?: (point: LossPoint) => void,
  ): { result: Promise<ResultOf['run-point']>; cancel(): void } {
    this.start();
    return runSweepPoint(this.core, this.deps.store, plan, onStep);
  }

  /** Measures the cache of every attention kind at the model's small shape, for the "every kind" table. */
  compareBaselines(): Promise<void> {
    return compareBaselineCaches(this.core);
  }
}
