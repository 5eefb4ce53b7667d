/**
 * The panels' training, seen from the page: starts a `train` request (after checking that one step
 * fits in memory), turns its progress into the loss history, alerts and checkpoint times of the store,
 * and pauses, resumes or stops it.
 */
import { trainPlanOf } from '../config/training-plan';
import { TRAINING_MEMORY_BUDGET_BYTES, trainingMemoryAdvice } from '../memory';
import type { LossPoint } from '../spec';
import type { ProgressData, ResultOf } from '../../workers/protocol';
import { WorkerRequestError } from './model-client';
import type { PendingRequest } from './model-client';
import { isQuiet, messageOf } from './runtime-core';
import type { RuntimeCore } from './runtime-core';
import { isModelReady } from './runtime-state';
import { divergenceAlert, nanAlert } from './training-health';

export class TrainingControl {
  private req: PendingRequest<ResultOf['train']> | null = null;
  private retrainTimer: ReturnType<typeof setTimeout> | undefined;

  /** `onOutOfMemory(message)`: the worker must be restarted to free what a failed step held. */
  constructor(
    private readonly core: RuntimeCore,
    private readonly onOutOfMemory: (message: string) => void,
  ) {}

  /** A training request is running (or paused). */
  get running(): boolean {
    return this.req !== null;
  }

  /** The steps the model has taken, by its history (or its restored step). */
  private done(): number {
    const s = this.core.state();
    return s.history.at(-1)?.step ?? s.model?.step ?? 0;
  }

  /** Trains up to the configured number of steps. */
  train(): void {
    this.runTo(this.core.config().trainSteps);
  }

  /** One training step. */
  step(): void {
    this.runTo(this.done() + 1);
  }

  private runTo(untilStep: number): void {
    clearTimeout(this.retrainTimer);
    const state = this.core.state();
    if (!isModelReady(state) || this.req) return;
    if (this.done() >= untilStep) return;
    const config = this.core.config();
    // a step that cannot fit is refused here, before the worker allocates anything
    const model = state.model;
    const backend = state.backend?.backend;
    const tooBig = model
      ? trainingMemoryAdvice(
          { ...model.config, batch: config.trainBatch },
          TRAINING_MEMORY_BUDGET_BYTES,
          backend ? `the ${backend} backend` : 'this backend',
        )
      : null;
    if (tooBig) {
      this.core.set({ trainError: tooBig, alert: null });
      return;
    }
    this.core.set({ phase: 'training', untilStep, alert: null, trainError: null });
    const req = this.core.client.request(
      { type: 'train', ...trainPlanOf(config, untilStep), seed: config.seed },
      (p) => {
        if (this.req === req) this.onProgress(p, config.learningRate);
      },
    );
    this.req = req;
    req.result.then(
      (r) => {
        if (this.req !== req) return;
        this.req = null;
        if (r.stopped === 'nan') {
          const restored = r.restored;
          const model = this.core.state().model;
          this.core.set({
            phase: 'ready',
            alert: nanAlert(restored?.step ?? 0, config.learningRate),
            history: restored?.history ?? [],
            // the model is back at that step: "one step" goes on from there
            model: model ? { ...model, step: r.step } : model,
          });
        } else {
          this.core.set({ phase: 'ready' });
        }
      },
      (e: unknown) => {
        if (this.req !== req) return;
        this.req = null;
        if (e instanceof WorkerRequestError && e.code === 'out-of-memory') {
          this.onOutOfMemory(e.message);
          return;
        }
        this.core.set({ phase: 'ready', ...(isQuiet(e) ? {} : { trainError: messageOf(e) }) });
      },
    );
  }

  private onProgress(p: ProgressData, lr: number): void {
    switch (p.kind) {
      case 'train-step': {
        const state = this.core.state();
        const history: LossPoint[] = state.history.filter((h) => h.step < p.point.step);
        history.push(p.point);
        const alert = state.alert?.kind === 'nan' ? state.alert : divergenceAlert(history, lr);
        this.core.set({ history, alert, untilStep: p.untilStep });
        return;
      }
      case 'train-state':
        this.core.set({ phase: p.state === 'paused' ? 'paused' : 'training' });
        return;
      case 'checkpoint':
        this.core.set({ lastCheckpoint: { step: p.step, savedAt: p.savedAt } });
        return;
      default:
        return;
    }
  }

  pause(): void {
    if (!this.req || this.core.state().phase !== 'training') return;
    this.core.client.request({ type: 'pause', target: this.req.id }).result.catch(() => undefined);
    this.core.set({ phase: 'paused' });
  }

  resume(): void {
    if (!this.req || this.core.state().phase !== 'paused') return;
    this.core.client.request({ type: 'resume', target: this.req.id }).result.catch(() => undefined);
    this.core.set({ phase: 'training' });
  }

  /** Cancels the running training (what it trained is saved by the worker). */
  stop(): void {
    clearTimeout(this.retrainTimer);
    const req = this.req;
    if (!req) return;
    this.req = null;
    req.cancel();
    this.core.set({ phase: 'ready' });
  }

  /**
   * The training knobs changed under a running training: stop it, and when it was running (not paused)
   * go on with the new knobs after `settleMs`.
   */
  restartWithNewKnobs(settleMs: number): void {
    if (!this.req) return;
    const wasRunning = this.core.state().phase === 'training';
    this.stop();
    if (wasRunning) this.retrainTimer = setTimeout(() => this.train(), settleMs);
  }

  /** The worker is gone (crashed or restarted): forget the request; true if one was running. */
  forget(): boolean {
    const was = this.req !== null;
    this.req = null;
    return was;
  }

  dispose(): void {
    clearTimeout(this.retrainTimer);
  }
}
