/**
 * Everything the model worker does, behind `receive(message)`: no `self`, no postMessage, no
 * IndexedDB of its own (all injected), so it runs under Node in the unit tests with the cpu backend.
 *
 * One model at a time. Model jobs (train, generate, evaluate, inspect, cache report) may interleave
 * at their await points; `build` and `reset` first cancel them and wait until they have stopped
 * (training saves a checkpoint on the way out), then replace the model.
 */
import * as tf from '@tensorflow/tfjs-core';
import { AdamW, createT6Model, inspectAsync, learningRateAt, parameterCount, Decoder } from '../src/model';
import type { T6Model } from '../src/model';
import { TextTooShortError } from '../src/data';
import type {
  BackendChoice,
  DatasetSpec,
  ModelShape,
  BackendInfo,
  LossPoint,
  ModelInfo,
  RestoredState,
} from '../src/spec';
import { stableJson } from '../src/spec/model-key';
import { shouldCheckpoint } from './checkpoints';
import type { CheckpointStore } from './checkpoints';
import { generateAsync } from './generation';
import { JobCancelled, JobToken, yieldToEvents } from './jobs';
import { evaluateAsync, lossPointOf, trainStepAsync } from './model-steps';
import { parseCommand } from './protocol';
import type { Command, ErrorCode, ProgressData, ResultData, WorkerEvent } from './protocol';
import { EVAL_BATCHES, evalInterval } from './eval-cadence';
import { runPoint } from './point-run';
import { loadTrainingData } from './training-data';
import { specialCaseResult } from './special-case';
import type { FetchText, TrainingData } from './training-data';

export interface SessionDeps {
  post(event: WorkerEvent, transfer?: Transferable[]): void;
  initBackend(requested: BackendChoice, status: (message: string) => void): Promise<BackendInfo>;
  /** called once the backend runs; reports a lost GPU device */
  watchDeviceLoss?(onLost: (message: string) => void): void;
  checkpoints: CheckpointStore;
  /** a file reader for the site at `baseUrl` */
  fetcher(baseUrl: string): FetchText;
  /** the debug "crash" command: must make the worker die (throw outside any handler) */
  crash(): void;
  now?: () => number;
}

export { EVAL_BATCHES, evalInterval } from './eval-cadence';

class NotReady extends Error {
  override readonly name = 'NotReady';
}

interface BuildParams {
  key: string;
  shape: ModelShape;
  seed: number;
  dataset: DatasetSpec;
  /** skip restoring the saved checkpoint */
  fresh?: boolean;
}

interface Loaded {
  params: BuildParams;
  data: TrainingData;
  model: T6Model;
  optimizer: AdamW;
  step: number;
  history: LossPoint[];
  savedStep: number;
  savedAt: number;
}

interface Job {
  kind: Command['type'];
  token: JobToken;
  done: Promise<void>;
}

function errorCode(e: unknown): ErrorCode {
  if (e instanceof JobCancelled) return 'cancelled';
  if (e instanceof TextTooShortError) return 'text-too-short';
  if (e instanceof NotReady) return 'not-ready';
  return 'failed';
}

export class WorkerSession {
  private backend: BackendInfo | null = null;
  private fetchText: FetchText | null = null;
  private current: Loaded | null = null;
  private buildSeq = 0;
  private pendingBuild: Promise<void> = Promise.resolve();
  private readonly jobs = new Map<number, Job>();
  /** sweep runs (`run-point`): models of their own, left alone by build and reset */
  private readonly pointJobs = new Map<number, JobToken>();
  private initDone: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly deps: SessionDeps) {
    this.now = deps.now ?? (() => Date.now());
  }

  /** Handles one raw message from the page. */
  receive(raw: unknown): void {
    const parsed = parseCommand(raw);
    if (!parsed.ok) {
      const rawId = (raw as { id?: unknown } | null)?.id;
      const id = typeof rawId === 'number' && Number.isInteger(rawId) && rawId >= 0 ? rawId : 0;
      this.deps.post({ type: 'error', id, code: 'invalid-command', message: parsed.message });
      return;
    }
    void this.handle(parsed.value);
  }

  /** Stops every job and frees the model (a worker that is going away; tests). */
  async close(): Promise<void> {
    this.buildSeq++;
    for (const token of this.pointJobs.values()) token.cancel();
    await this.stopJobs();
    await this.pendingBuild;
    this.disposeCurrent();
  }

  /** The loaded model (tests). */
  get model(): T6Model | null {
    return this.current?.model ?? null;
  }

  private async handle(cmd: Command): Promise<void> {
    try {
      const data = await this.dispatch(cmd);
      const transfer = data.kind === 'inspected' ? inspectionBuffers(data) : undefined;
      this.deps.post({ type: 'result', id: cmd.id, data }, transfer);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.deps.post({ type: 'error', id: cmd.id, code: errorCode(e), message });
    }
  }

  private progress(id: number) {
    return (data: ProgressData) => this.deps.post({ type: 'progress', id, data });
  }

  private dispatch(cmd: Command): Promise<ResultData> {
    switch (cmd.type) {
      case 'init': {
        const ready = this.init(cmd.backend, cmd.baseUrl, this.progress(cmd.id));
        this.initDone = ready;
        return ready;
      }
      case 'run-point':
        return this.runPointJob(cmd);
      case 'build':
        return this.build(cmd);
      case 'reset':
        return this.reset();
      case 'train':
        return this.runJob(cmd.id, 'train', (token) => this.train(cmd, token, this.progress(cmd.id)));
      case 'generate':
        return this.runJob(cmd.id, 'generate', async (token) => {
          const m = await this.loaded();
          const emit = this.progress(cmd.id);
          const out = await generateAsync(m.model, m.data.tokenizer, cmd, token, (t) =>
            emit({ kind: 'token', ...t }),
          );
          return { kind: 'generated', ...out };
        });
      case 'evaluate':
        return this.runJob(cmd.id, 'evaluate', async () => {
          const m = await this.loaded();
          const e = await evaluateAsync(m, m.data.validation(8, cmd.maxBatches));
          return { kind: 'evaluated', step: m.step, valLoss: e.loss, accuracy: e.accuracy };
        });
      case 'inspect':
        return this.runJob(cmd.id, 'inspect', async () => {
          const m = await this.loaded();
          const ids = Array.from(m.data.tokenizer.encode(cmd.text)).slice(-m.model.config.maxSeqLen);
          if (ids.length === 0) throw new Error('inspect needs some text');
          return { kind: 'inspected', inspection: await inspectAsync(m.model, ids, cmd.layers) };
        });
      case 'cache-report':
        return this.runJob(cmd.id, 'cache-report', (token) =>
          this.cacheReport(cmd.shapes, cmd.tokens, token),
        );
      case 'special-case':
        return this.runJob(cmd.id, 'special-case', () => {
          if (!this.backend) throw new NotReady('init must come before special-case');
          return specialCaseResult(cmd);
        });
      case 'pause':
      case 'resume':
      case 'cancel':
        return Promise.resolve({ kind: 'ack', applied: this.control(cmd.type, cmd.target) });
      case 'debug':
        setTimeout(() => this.deps.crash(), 0);
        return Promise.resolve({ kind: 'ack', applied: true });
    }
  }

  private control(action: 'pause' | 'resume' | 'cancel', target: number): boolean {
    const point = this.pointJobs.get(target);
    if (point) {
      if (action === 'cancel') point.cancel();
      return action === 'cancel' || point[action]();
    }
    const job = this.jobs.get(target);
    if (!job) return false;
    if (action === 'cancel') {
      job.token.cancel();
      return true;
    }
    return action === 'pause' ? job.token.pause() : job.token.resume();
  }

  private async init(
    requested: BackendChoice,
    baseUrl: string,
    emit: (p: ProgressData) => void,
  ): Promise<ResultData> {
    this.fetchText = this.deps.fetcher(baseUrl);
    if (!this.backend) {
      this.backend = await this.deps.initBackend(requested, (message) => emit({ kind: 'status', message }));
      this.deps.watchDeviceLoss?.((message) =>
        this.deps.post({ type: 'fatal', reason: 'device-lost', message }),
      );
    }
    return { kind: 'ready', backend: this.backend };
  }

  // ── model lifetime ──

  private async loaded(): Promise<Loaded> {
    await this.pendingBuild;
    if (!this.current) throw new NotReady('no model is built yet');
    return this.current;
  }

  private async build(params: BuildParams): Promise<ResultData> {
    if (!this.backend || !this.fetchText) throw new NotReady('init must come before build');
    const fetchText = this.fetchText;
    const seq = ++this.buildSeq;
    const work = (async (): Promise<ResultData> => {
      await this.stopJobs();
      const same = this.current && stableJson(this.current.params) === stableJson(params);
      if (same && this.current && !params.fresh)
        return this.builtResult(this.current, this.restoredOf(this.current));
      const data = await loadTrainingData(params.dataset, params.shape.maxSeqLen, fetchText);
      if (seq !== this.buildSeq) throw new JobCancelled('a newer build replaced this one');
      this.disposeCurrent();
      const loaded = this.instantiate(params, data);
      this.current = loaded;
      const restored = params.fresh ? null : await this.restore(loaded);
      return this.builtResult(loaded, restored);
    })();
    this.pendingBuild = work.then(
      () => undefined,
      () => undefined,
    );
    return work;
  }

  private async reset(): Promise<ResultData> {
    const m = await this.loaded();
    await this.stopJobs();
    await this.deps.checkpoints.remove(m.params.key);
    this.disposeCurrent();
    const fresh = this.instantiate(m.params, m.data);
    this.current = fresh;
    return this.builtResult(fresh, null);
  }

  private instantiate(params: BuildParams, data: TrainingData): Loaded {
    const model = createT6Model({ ...params.shape, vocabSize: data.tokenizer.vocabSize }, params.seed);
    return {
      params,
      data,
      model,
      optimizer: new AdamW(Object.values(model.params)),
      step: 0,
      history: [],
      savedStep: 0,
      savedAt: this.now(),
    };
  }

  private disposeCurrent(): void {
    const m = this.current;
    this.current = null;
    if (!m) return;
    m.optimizer.dispose();
    m.model.dispose();
  }

  /** Loads the saved weights and history of this model, if any (and if they fit its shape). */
  private async restore(m: Loaded): Promise<RestoredState | null> {
    const rec = await this.deps.checkpoints.load(m.params.key);
    if (!rec) return null;
    const params = Object.entries(m.model.params);
    const fits = params.every(([name, v]) => rec.weights[name]?.length === v.size);
    if (!fits) return null;
    for (const [name, v] of params) tf.tidy(() => v.assign(tf.tensor(rec.weights[name]!, v.shape)));
    m.step = rec.step;
    m.history = rec.history.slice();
    m.savedStep = rec.step;
    m.savedAt = rec.savedAt;
    return { step: rec.step, history: rec.history, savedAt: rec.savedAt };
  }

  private restoredOf(m: Loaded): RestoredState | null {
    return m.step > 0 ? { step: m.step, history: m.history.slice(), savedAt: m.savedAt } : null;
  }

  /** Saves the weights and history if there are new steps; true when they went to storage. */
  private async save(m: Loaded): Promise<boolean> {
    if (m !== this.current || m.step === m.savedStep) return false;
    const weights: Record<string, Float32Array> = {};
    for (const [name, v] of Object.entries(m.model.params)) weights[name] = new Float32Array(await v.data());
    const savedAt = this.now();
    const step = m.step;
    const stored = await this.deps.checkpoints.save({
      key: m.params.key,
      savedAt,
      step,
      history: m.history.slice(),
      weights,
    });
    m.savedStep = step;
    m.savedAt = savedAt;
    return stored;
  }

  private builtResult(m: Loaded, restored: RestoredState | null): ResultData {
    const info: ModelInfo = {
      key: m.params.key,
      config: m.model.config,
      parameters: parameterCount(m.model),
      dataset: {
        kind: m.data.kind,
        trainTokens: m.data.trainTokens,
        validTokens: m.data.validTokens,
        vocabulary: m.data.tokenizer.vocabulary,
      },
      step: m.step,
    };
    return { kind: 'built', model: info, restored };
  }

  // ── jobs ──

  private async runJob(
    id: number,
    kind: Command['type'],
    run: (token: JobToken) => Promise<ResultData>,
  ): Promise<ResultData> {
    if (kind === 'train' || kind === 'generate') {
      // a new run of the same kind makes the old one stale
      await Promise.all([...this.jobs.values()].filter((j) => j.kind === kind).map((j) => this.stop(j)));
    }
    const token = new JobToken();
    let finish: () => void = () => undefined;
    const done = new Promise<void>((r) => (finish = r));
    this.jobs.set(id, { kind, token, done });
    try {
      return await run(token);
    } finally {
      this.jobs.delete(id);
      finish();
    }
  }

  /** A sweep run (workers/point-run.ts): waits for init if it is still going on, never for a build. */
  private async runPointJob(cmd: Extract<Command, { type: 'run-point' }>): Promise<ResultData> {
    await this.initDone.catch(() => undefined);
    if (!this.backend || !this.fetchText) throw new NotReady('init must come before run-point');
    const token = new JobToken();
    this.pointJobs.set(cmd.id, token);
    try {
      return await runPoint(cmd, this.fetchText, this.backend.backend, token, this.progress(cmd.id));
    } finally {
      this.pointJobs.delete(cmd.id);
    }
  }

  private stop(job: Job): Promise<void> {
    job.token.cancel();
    return job.done;
  }

  private async stopJobs(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => this.stop(j)));
  }

  private async train(
    cmd: Extract<Command, { type: 'train' }>,
    token: JobToken,
    emit: (p: ProgressData) => void,
  ): Promise<ResultData> {
    const m = await this.loaded();
    const every = evalInterval(cmd.untilStep);
    try {
      while (m.step < cmd.untilStep) {
        await token.gate(
          async () => {
            await this.save(m);
            emit({ kind: 'train-state', state: 'paused' });
          },
          () => emit({ kind: 'train-state', state: 'running' }),
        );
        const lr = learningRateAt(m.step, cmd.schedule);
        const r = await trainStepAsync(m, m.data.trainBatch(cmd.seed, m.step, cmd.batch), lr);
        if (!Number.isFinite(r.loss) || !Number.isFinite(r.gradNorm)) {
          const restored = await this.reloadAfterNan(m);
          return { kind: 'trained', step: restored.step, stopped: 'nan', restored };
        }
        m.step++;
        const evalNow = m.step === 1 || m.step % every === 0 || m.step === cmd.untilStep;
        const val = evalNow
          ? await evaluateAsync(m, m.data.validation(cmd.batch, cmd.evalBatches ?? EVAL_BATCHES))
          : null;
        const point = lossPointOf(m.step, r, lr, val);
        m.history.push(point);
        emit({ kind: 'train-step', point, untilStep: cmd.untilStep });
        if (shouldCheckpoint(this.now(), m.savedAt, m.step - m.savedStep) && (await this.save(m))) {
          emit({ kind: 'checkpoint', step: m.savedStep, savedAt: m.savedAt });
        }
        await yieldToEvents();
      }
      if (await this.save(m)) emit({ kind: 'checkpoint', step: m.savedStep, savedAt: m.savedAt });
      return { kind: 'trained', step: m.step, stopped: 'done', restored: null };
    } finally {
      // cancelled or failed: keep what was trained
      await this.save(m).catch(() => undefined);
    }
  }

  /** The loss went NaN: weights and optimizer state are garbage; rebuild and load the last checkpoint. */
  private async reloadAfterNan(m: Loaded): Promise<RestoredState> {
    if (this.current !== m) throw new JobCancelled('the model was replaced');
    m.step = m.savedStep; // nothing after the last save is kept
    this.disposeCurrent();
    const fresh = this.instantiate(m.params, m.data);
    this.current = fresh;
    const restored = await this.restore(fresh);
    return restored ?? { step: 0, history: [], savedAt: fresh.savedAt };
  }

  private async cacheReport(
    shapes: readonly ModelShape[],
    tokens: number,
    token: JobToken,
  ): Promise<ResultData> {
    const m = await this.loaded();
    const rows = [];
    for (const shape of shapes) {
      token.throwIfCancelled();
      const own = stableJson(shape) === stableJson(m.params.shape);
      const model = own
        ? m.model
        : createT6Model({ ...shape, vocabSize: m.data.tokenizer.vocabSize }, m.params.seed);
      const decoder = new Decoder(model);
      try {
        await decoder.feedAsync(m.data.sampleTokens(Math.min(tokens, shape.maxSeqLen)));
        rows.push(decoder.cache.report());
      } finally {
        decoder.dispose();
        if (!own) model.dispose();
      }
      await yieldToEvents();
    }
    return { kind: 'cache-report', rows };
  }
}

function inspectionBuffers(data: Extract<ResultData, { kind: 'inspected' }>): Transferable[] {
  const out: Transferable[] = [data.inspection.logits.data.buffer as ArrayBuffer];
  for (const layer of data.inspection.layers)
    for (const t of Object.values(layer.tensors)) out.push(t.data.buffer as ArrayBuffer);
  return out;
}
