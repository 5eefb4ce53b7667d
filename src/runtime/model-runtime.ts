import type { PlaygroundConfig } from '../config';
import { IDLE_GENERATION, isModelReady } from './runtime-state';
import type { ModelRuntimeState, ModelStore, RuntimeNotice } from './runtime-state';
import { ATTENTION_KINDS } from '../spec';
import type { BackendChoice, LossPoint, PointPlan, ThreadChoice } from '../spec';
import type { ProgressData, ResultOf } from '../../workers/protocol';

/** What `inspect` returns: per-layer tensors as plain arrays (see src/model's Inspection). */
export type Inspection = ResultOf['inspect']['inspection'];
import { datasetSpecOf } from '../config/dataset-spec';
import { TRAINING_MEMORY_BUDGET_BYTES, trainingMemoryAdvice } from '../memory';
import { CancelledError, ModelClient, WorkerCrashError, WorkerRequestError } from './model-client';
import type { PendingRequest, WorkerCrash, WorkerLike } from './model-client';
import { modelKey } from '../spec/model-key';
import { modelSpecOf } from '../config/model-spec';
import { restartDecision } from './restart-policy';
import { divergenceAlert, nanAlert } from './training-health';
import { samplingPlanOf, trainPlanOf } from '../config/training-plan';
import { whenWorkerStarted } from './worker-ready';

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

/** The parts of the config each kind of request depends on; a change makes those requests stale. */
interface Keys {
  backend: BackendChoice;
  threads: ThreadChoice;
  model: string;
  train: string;
  sampling: string;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Shown for as long as the page is open when the browser lets it save nothing. */
export const NO_STORAGE_NOTICE =
  'This browser does not let the page save anything (IndexedDB is unavailable, as in some private ' +
  'windows): training and pasted text will not survive a reload.';
const isQuiet = (e: unknown) => e instanceof CancelledError || e instanceof WorkerCrashError;

/**
 * The page's model runtime: owns the worker (through ModelClient), turns the reader's actions and the
 * playground config into worker commands, and writes what comes back into the model store.
 * - The worker starts on `start()` (a model panel came into view or was used), never before.
 * - A settings change cancels the requests it makes stale at once and rebuilds the model once the
 *   settings have been quiet for `settleMs`; a changed backend restarts the worker.
 * - A crash or lost GPU device restarts the worker with the same settings (see restart-policy.ts);
 *   the rebuilt model restores its last checkpoint, so training resumes from there.
 */
export class ModelRuntime implements RuntimeActions {
  readonly client: ModelClient;
  private readonly now: () => number;
  private readonly settleMs: number;
  private started = false;
  private epoch = 0;
  private keys: Keys;
  private crashTimes: number[] = [];
  private override: BackendChoice | null = null;
  private recovering = false;
  /** the runtime stopped restarting a crashing worker; later crashes are not announced again */
  private gaveUp = false;
  private trainReq: PendingRequest<ResultOf['train']> | null = null;
  private genReq: PendingRequest<ResultOf['generate']> | null = null;
  private rebuildTimer: ReturnType<typeof setTimeout> | undefined;
  private retrainTimer: ReturnType<typeof setTimeout> | undefined;
  private textTimer: ReturnType<typeof setTimeout> | undefined;
  private noticeId = 0;
  private readonly unsubscribe: () => void;
  private readonly textLoaded: Promise<void>;

  constructor(private readonly deps: ModelRuntimeDeps) {
    this.now = deps.now ?? (() => Date.now());
    this.settleMs = deps.settleMs ?? 400;
    this.client = new ModelClient({ createWorker: deps.createWorker, onCrash: (c) => this.onCrash(c) });
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
    clearTimeout(this.retrainTimer);
    clearTimeout(this.textTimer);
    this.client.dispose();
  }

  // ── settings ──

  private keysOf(config: PlaygroundConfig): Keys {
    const spec = modelSpecOf(config);
    return {
      backend: config.backend,
      threads: config.wasmThreads,
      model: modelKey(spec.shape, config.seed, datasetSpecOf(config, this.state.customText)),
      train: `${config.learningRate}|${config.trainBatch}|${config.trainSteps}`,
      sampling: `${config.temperature}|${config.topK}|${config.seed}`,
    };
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
      this.stopTraining();
      this.stopGeneration();
      this.set({ phase: 'building', baselines: null });
      clearTimeout(this.rebuildTimer);
      this.rebuildTimer = setTimeout(() => void this.build(), this.settleMs);
      return;
    }
    if (next.train !== prev.train && this.trainReq) {
      // the running training uses stale knobs: stop it and go on with the new ones
      const wasRunning = this.state.phase === 'training';
      this.stopTraining();
      if (wasRunning) {
        clearTimeout(this.retrainTimer);
        this.retrainTimer = setTimeout(() => this.train(), this.settleMs);
      }
    }
    if (next.sampling !== prev.sampling && this.genReq) this.stopGeneration();
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
    this.trainReq = null;
    this.genReq = null;
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
      this.trainReq = null;
      this.genReq = null;
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
    const wasTraining = this.trainReq !== null;
    this.trainReq = null;
    if (this.genReq) {
      this.genReq = null;
      this.set({ generation: { ...this.state.generation, status: 'error', error: 'The worker stopped.' } });
    }
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

  // ── training ──

  /** Trains up to the configured number of steps. */
  train(): void {
    this.runTraining(this.config.trainSteps);
  }

  /** One training step. */
  step(): void {
    this.runTraining((this.state.history.at(-1)?.step ?? this.state.model?.step ?? 0) + 1);
  }

  private runTraining(untilStep: number): void {
    clearTimeout(this.retrainTimer);
    if (!isModelReady(this.state) || this.trainReq) return;
    const done = this.state.history.at(-1)?.step ?? this.state.model?.step ?? 0;
    if (done >= untilStep) return;
    const config = this.config;
    // a step that cannot fit is refused here, before the worker allocates anything
    const model = this.state.model;
    const backend = this.state.backend?.backend;
    const tooBig = model
      ? trainingMemoryAdvice(
          { ...model.config, batch: config.trainBatch },
          TRAINING_MEMORY_BUDGET_BYTES,
          backend ? `the ${backend} backend` : 'this backend',
        )
      : null;
    if (tooBig) {
      this.set({ trainError: tooBig, alert: null });
      return;
    }
    this.set({ phase: 'training', untilStep, alert: null, trainError: null });
    const req = this.client.request(
      { type: 'train', ...trainPlanOf(config, untilStep), seed: config.seed },
      (p) => {
        if (this.trainReq === req) this.onTrainProgress(p, config.learningRate);
      },
    );
    this.trainReq = req;
    req.result.then(
      (r) => {
        if (this.trainReq !== req) return;
        this.trainReq = null;
        if (r.stopped === 'nan') {
          const restored = r.restored;
          const model = this.state.model;
          this.set({
            phase: 'ready',
            alert: nanAlert(restored?.step ?? 0, config.learningRate),
            history: restored?.history ?? [],
            // the model is back at that step: "one step" goes on from there
            model: model ? { ...model, step: r.step } : model,
          });
        } else {
          this.set({ phase: 'ready' });
        }
      },
      (e: unknown) => {
        if (this.trainReq !== req) return;
        this.trainReq = null;
        if (e instanceof WorkerRequestError && e.code === 'out-of-memory') {
          // whatever the failed step held may still be allocated (and wasm's heap may be broken): a new
          // worker starts clean, and the rebuilt model restores its last save
          this.notify('error', `${e.message} The model worker was restarted to free its memory.`);
          this.recovering = true;
          this.restartWorker();
          return;
        }
        this.set({ phase: 'ready', ...(isQuiet(e) ? {} : { trainError: messageOf(e) }) });
      },
    );
  }

  private onTrainProgress(p: ProgressData, lr: number): void {
    switch (p.kind) {
      case 'train-step': {
        const history: LossPoint[] = this.state.history.filter((h) => h.step < p.point.step);
        history.push(p.point);
        const alert = this.state.alert?.kind === 'nan' ? this.state.alert : divergenceAlert(history, lr);
        this.set({ history, alert, untilStep: p.untilStep });
        return;
      }
      case 'train-state':
        this.set({ phase: p.state === 'paused' ? 'paused' : 'training' });
        return;
      case 'checkpoint':
        this.set({ lastCheckpoint: { step: p.step, savedAt: p.savedAt } });
        return;
      default:
        return;
    }
  }

  pause(): void {
    if (!this.trainReq || this.state.phase !== 'training') return;
    this.client.request({ type: 'pause', target: this.trainReq.id }).result.catch(() => undefined);
    this.set({ phase: 'paused' });
  }

  resume(): void {
    if (!this.trainReq || this.state.phase !== 'paused') return;
    this.client.request({ type: 'resume', target: this.trainReq.id }).result.catch(() => undefined);
    this.set({ phase: 'training' });
  }

  private stopTraining(): void {
    clearTimeout(this.retrainTimer);
    const req = this.trainReq;
    if (!req) return;
    this.trainReq = null;
    req.cancel();
    this.set({ phase: 'ready' });
  }

  /** Forgets the trained weights and history of these settings and starts again from the seed. */
  async reset(): Promise<void> {
    if (!this.state.model) return;
    this.stopTraining();
    this.stopGeneration();
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

  // ── generation ──

  /** Streams up to `maxTokens` tokens after `prompt` with the configured temperature and top-k. */
  generate(prompt: string, maxTokens: number): void {
    const s = this.state;
    if (!s.model || !['ready', 'training', 'paused'].includes(s.phase)) return;
    this.stopGeneration();
    this.set({ generation: { ...IDLE_GENERATION, status: 'running' } });
    const req = this.client.request(
      { type: 'generate', prompt, maxTokens, ...samplingPlanOf(this.config) },
      (p) => {
        if (this.genReq !== req || p.kind !== 'token') return;
        const g = this.state.generation;
        const { index, ms, slid, cacheTokens, layerBytes } = p;
        const last = { index, ms, slid, cacheTokens, layerBytes };
        this.set({ generation: { ...g, text: g.text + p.text, tokens: index + 1, last } });
      },
    );
    this.genReq = req;
    req.result.then(
      (r) => {
        if (this.genReq !== req) return;
        this.genReq = null;
        const g = this.state.generation;
        this.set({
          generation: {
            ...g,
            status: 'done',
            text: r.text,
            tokens: r.tokens,
            firstTokenMs: r.firstTokenMs,
            meanTokenMs: r.meanTokenMs,
            unknownChars: r.unknownChars,
          },
        });
      },
      (e: unknown) => {
        if (this.genReq !== req) return;
        this.genReq = null;
        this.set({ generation: { ...this.state.generation, status: 'error', error: messageOf(e) } });
      },
    );
  }

  /** Stops a running generation (the text so far stays). */
  stopGeneration(): void {
    const req = this.genReq;
    if (!req) return;
    this.genReq = null;
    req.cancel();
    this.set({ generation: { ...this.state.generation, status: 'stopped' } });
  }

  /**
   * The model's factors, Q/K/V and attention probabilities for `text` (its last context window), for
   * the inspection panels. Rejects when there is no model or the settings change meanwhile.
   */
  async inspect(text: string, layers?: number[]): Promise<Inspection> {
    if (!this.state.model) throw new Error('the model is not ready');
    const r = await this.client.request({ type: 'inspect', text, ...(layers ? { layers } : {}) }).result;
    return r.inspection;
  }

  /** Validation loss (and recall accuracy) of the current weights over `maxBatches` batches. */
  async evaluate(maxBatches = 4): Promise<{ step: number; valLoss: number; accuracy: number | null }> {
    if (!this.state.model) throw new Error('the model is not ready');
    const { step, valLoss, accuracy } = await this.client.request({ type: 'evaluate', maxBatches }).result;
    return { step, valLoss, accuracy };
  }

  /**
   * Trains one run of the quality sweep in the worker with a model of its own (workers/point-run.ts):
   * the panels' model, its history and its saved checkpoint are left alone, and a rebuild of the panels'
   * model does not stop it. Starts the worker if it is not running. `cancel` stops it.
   */
  runPoint(
    plan: PointPlan,
    onStep?: (point: LossPoint) => void,
  ): { result: Promise<ResultOf['run-point']>; cancel(): void } {
    this.start();
    let cancelled = false;
    let req: PendingRequest<ResultOf['run-point']> | null = null;
    const result = whenWorkerStarted(this.deps.store).then(() => {
      if (cancelled) throw new CancelledError('run-point was cancelled');
      req = this.client.request({ type: 'run-point', ...plan }, (p) => {
        if (p.kind === 'train-step') onStep?.(p.point);
      });
      return req.result;
    });
    return {
      result,
      cancel: () => {
        cancelled = true;
        req?.cancel();
      },
    };
  }

  /**
   * Measures the cache of every attention kind at the model's small shape (fresh weights, the same
   * tokens) next to the formula, for the "every kind" table.
   */
  async compareBaselines(): Promise<void> {
    const s = this.state;
    if (!s.model) return;
    const config = this.config;
    const shapes = ATTENTION_KINDS.map((k) => modelSpecOf(config, k).shape);
    const tokens = Math.max(1, s.generation.last?.cacheTokens ?? s.model.config.maxSeqLen);
    const epoch = this.epoch;
    this.set({ baselines: { status: 'running', shapes, rows: [], error: null } });
    try {
      const r = await this.client.request({ type: 'cache-report', shapes, tokens }).result;
      if (epoch !== this.epoch) return;
      this.set({ baselines: { status: 'done', shapes, rows: r.rows, error: null } });
    } catch (e) {
      if (epoch !== this.epoch) return;
      this.set({ baselines: { status: 'error', shapes, rows: [], error: messageOf(e) } });
    }
  }
}
