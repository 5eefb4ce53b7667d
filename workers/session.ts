/**
 * Everything the model worker does, behind `receive(message)`: no `self`, no postMessage, no
 * IndexedDB of its own (all injected), so it runs under Node in the unit tests with the cpu backend.
 * This file checks and dispatches commands and keeps the jobs they start (pause, resume, cancel); the
 * loaded model's lifetime and checkpoints are model-slot.ts, training and generation src/training.
 *
 * One model at a time. Model jobs (train, generate, evaluate, inspect, cache report) may interleave
 * at their await points; `build` and `reset` first cancel them and wait until they have stopped
 * (training saves a checkpoint on the way out), then replace the model.
 */
import { inspectAsync } from '../src/model';
import { TextTooShortError } from '../src/data';
import type { BackendChoice, BackendInfo, ThreadChoice } from '../src/spec';
import { generateAsync } from '../src/training/generation';
import { JobCancelled, JobToken, yieldToEvents } from '../src/training/jobs';
import { evaluateAsync } from '../src/training/model-steps';
import { runPointPlan } from '../src/training/point-run';
import type { FetchText } from '../src/training/training-data';
import type { CheckpointStore } from './checkpoints';
import { ModelSlot, NotReady, TooBig } from './model-slot';
import { parseCommand } from './protocol';
import type { Command, ErrorCode, ProgressData, ResultData, WorkerEvent } from './protocol';
import { specialCaseResult } from './special-case';

export interface SessionDeps {
  post(event: WorkerEvent, transfer?: Transferable[]): void;
  initBackend(
    requested: BackendChoice,
    threads: ThreadChoice,
    status: (message: string) => void,
  ): Promise<BackendInfo>;
  /** called once the backend runs; reports a lost GPU device */
  watchDeviceLoss?(onLost: (message: string) => void): void;
  checkpoints: CheckpointStore;
  /** a file reader for the site at `baseUrl` */
  fetcher(baseUrl: string): FetchText;
  /** the debug "crash" command: must make the worker die (throw outside any handler) */
  crash(): void;
  now?: () => number;
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
  if (e instanceof TooBig) return e.happened ? 'out-of-memory' : 'too-big';
  return 'failed';
}

export class WorkerSession {
  private backend: BackendInfo | null = null;
  private fetchText: FetchText | null = null;
  private readonly slot: ModelSlot;
  private readonly jobs = new Map<number, Job>();
  /** sweep runs (`run-point`): models of their own, left alone by build and reset */
  private readonly pointJobs = new Map<number, JobToken>();
  private initDone: Promise<unknown> = Promise.resolve();
  private storage = true;
  private readonly now: () => number;

  constructor(private readonly deps: SessionDeps) {
    this.now = deps.now ?? (() => Date.now());
    this.slot = new ModelSlot({
      checkpoints: deps.checkpoints,
      now: this.now,
      stopModelJobs: () => this.stopJobs(),
      backendName: () => this.backend?.backend ?? 'this backend',
    });
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
    for (const token of this.pointJobs.values()) token.cancel();
    await this.stopJobs();
    await this.slot.close();
  }

  /** The loaded model (tests). */
  get model() {
    return this.slot.model;
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
        const ready = this.init(cmd.backend, cmd.threads ?? 'auto', cmd.baseUrl, this.progress(cmd.id));
        this.initDone = ready;
        return ready;
      }
      case 'run-point':
        return this.runPointJob(cmd);
      case 'build':
        if (!this.backend || !this.fetchText) throw new NotReady('init must come before build');
        return this.slot.build(cmd, this.fetchText);
      case 'reset':
        return this.slot.reset();
      case 'train':
        return this.runJob(cmd.id, 'train', (token) => this.slot.train(cmd, token, this.progress(cmd.id)));
      case 'generate':
        return this.runJob(cmd.id, 'generate', async (token) => {
          const m = await this.slot.loaded();
          const emit = this.progress(cmd.id);
          const out = await generateAsync(m.model, m.data.tokenizer, cmd, token, (t) =>
            emit({ kind: 'token', ...t }),
          );
          return { kind: 'generated', ...out };
        });
      case 'evaluate':
        return this.runJob(cmd.id, 'evaluate', async () => {
          const m = await this.slot.loaded();
          const e = await evaluateAsync(m, m.data.validation(8, cmd.maxBatches));
          return { kind: 'evaluated', step: m.step, valLoss: e.loss, accuracy: e.accuracy };
        });
      case 'inspect':
        return this.runJob(cmd.id, 'inspect', async () => {
          const m = await this.slot.loaded();
          const ids = Array.from(m.data.tokenizer.encode(cmd.text)).slice(-m.model.config.maxSeqLen);
          if (ids.length === 0) throw new Error('inspect needs some text');
          return { kind: 'inspected', inspection: await inspectAsync(m.model, ids, cmd.layers) };
        });
      case 'cache-report':
        return this.runJob(cmd.id, 'cache-report', async (token) => ({
          kind: 'cache-report',
          rows: await this.slot.cacheReport(cmd.shapes, cmd.tokens, token),
        }));
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
    threads: ThreadChoice,
    baseUrl: string,
    emit: (p: ProgressData) => void,
  ): Promise<ResultData> {
    this.fetchText = this.deps.fetcher(baseUrl);
    if (!this.backend) {
      this.backend = await this.deps.initBackend(requested, threads, (message) =>
        emit({ kind: 'status', message }),
      );
      this.deps.watchDeviceLoss?.((message) =>
        this.deps.post({ type: 'fatal', reason: 'device-lost', message }),
      );
      this.storage = await this.deps.checkpoints.available().catch(() => false);
    }
    return { kind: 'ready', backend: this.backend, storage: this.storage };
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
      const emit = this.progress(cmd.id);
      const out = await runPointPlan(cmd, this.fetchText, {
        afterLoad: () => token.throwIfCancelled(),
        beforeStep: () => token.gate(),
        onStep: (point) => emit({ kind: 'train-step', point, untilStep: cmd.steps }),
        afterStep: yieldToEvents,
      });
      return { kind: 'point-trained', ...out, backend: this.backend.backend };
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
}

function inspectionBuffers(data: Extract<ResultData, { kind: 'inspected' }>): Transferable[] {
  const out: Transferable[] = [data.inspection.logits.data.buffer as ArrayBuffer];
  for (const layer of data.inspection.layers)
    for (const t of Object.values(layer.tensors)) out.push(t.data.buffer as ArrayBuffer);
  return out;
}
