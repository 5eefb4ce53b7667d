/**
 * The worker's one loaded model and its lifetime: build (or find again) the model for a key, restore its
 * saved weights and history, save them while it trains, reset it, and rebuild it from the last save when
 * the loss goes NaN. The training loop itself is src/training's; the session (session.ts) dispatches.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  isOutOfMemory,
  outOfMemoryAdvice,
  TRAINING_MEMORY_BUDGET_BYTES,
  trainingMemoryAdvice,
} from '../src/memory';
import { AdamW, createT6Model, parameterCount } from '../src/model';
import type { CacheReport, DatasetSpec, LossPoint, ModelInfo, ModelShape, RestoredState } from '../src/spec';
import { stableJson } from '../src/spec';
import { continueTraining } from '../src/training/continue-training';
import type { ContinuePlan, TrainingRun } from '../src/training/continue-training';
import { measureCaches } from '../src/training/cache-report';
import { JobCancelled, yieldToEvents } from '../src/training/jobs';
import type { JobToken } from '../src/training/jobs';
import { loadTrainingData } from '../src/training/training-data';
import type { FetchText, TrainingData } from '../src/training/training-data';
import { checkCheckpoint, firstNonFinite } from './checkpoint-check';
import { shouldCheckpoint } from './checkpoints';
import type { CheckpointRecord, CheckpointStore } from './checkpoints';
import type { ProgressData, ResultOf } from './protocol';

/**
 * A training step that does not fit in memory: refused before it ran (estimate over the budget), or
 * `happened` (the backend ran out), after which the page restarts the worker to get its memory back.
 */
export class TooBig extends Error {
  override readonly name = 'TooBig';
  constructor(
    message: string,
    readonly happened: boolean,
  ) {
    super(message);
  }
}

/** A command that needs a model (or a backend) came before one was there. */
export class NotReady extends Error {
  override readonly name = 'NotReady';
}

export interface BuildParams {
  key: string;
  shape: ModelShape;
  seed: number;
  dataset: DatasetSpec;
  /** skip restoring the saved checkpoint */
  fresh?: boolean;
}

interface Loaded extends TrainingRun {
  readonly params: BuildParams;
  readonly optimizer: AdamW;
  /** the step and time of the last save, and how long it took */
  savedStep: number;
  savedAt: number;
  lastSaveMs: number;
  /**
   * The last weights read back and found finite (at the last save, or as restored), kept in memory
   * whether or not storage took them: a NaN loss goes back to these.
   */
  good: CheckpointRecord | null;
  /** a training step has succeeded from `good` (false right after a restore from storage) */
  goodTried: boolean;
}

/** The weights stopped being finite: training stops and goes back to the last good state. */
class NotFinite extends Error {
  override readonly name = 'NotFinite';
}

export interface ModelSlotDeps {
  checkpoints: CheckpointStore;
  now: () => number;
  /** stops every job that uses the model and waits until they have stopped (before it is replaced) */
  stopModelJobs(): Promise<void>;
  /** the tfjs backend that runs, for the sentences about memory */
  backendName(): string;
}

export class ModelSlot {
  private current: Loaded | null = null;
  private buildSeq = 0;
  private pendingBuild: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ModelSlotDeps) {}

  /** The loaded model (tests). */
  get model() {
    return this.current?.model ?? null;
  }

  /** The loaded model once any build in flight is done. */
  async loaded(): Promise<Loaded> {
    await this.pendingBuild;
    if (!this.current) throw new NotReady('no model is built yet');
    return this.current;
  }

  /** Stops any build and frees the model (a worker that is going away; tests). */
  async close(): Promise<void> {
    this.buildSeq++;
    await this.pendingBuild;
    this.dispose();
  }

  /**
   * Builds the model of `params` (restoring its checkpoint unless `fresh`), or keeps the loaded one when
   * it is the same. A newer build cancels this one.
   */
  build(params: BuildParams, fetchText: FetchText): Promise<ResultOf['build']> {
    const seq = ++this.buildSeq;
    const work = (async (): Promise<ResultOf['build']> => {
      await this.deps.stopModelJobs();
      const same = this.current && stableJson(this.current.params) === stableJson(params);
      if (same && this.current && !params.fresh)
        return this.builtResult(this.current, this.restoredOf(this.current), null);
      const data = await loadTrainingData(params.dataset, params.shape.maxSeqLen, fetchText);
      if (seq !== this.buildSeq) throw new JobCancelled('a newer build replaced this one');
      this.dispose();
      const loaded = this.instantiate(params, data);
      this.current = loaded;
      const { restored, discarded } = params.fresh
        ? { restored: null, discarded: null }
        : await this.restore(loaded);
      return this.builtResult(loaded, restored, discarded);
    })();
    this.pendingBuild = work.then(
      () => undefined,
      () => undefined,
    );
    return work;
  }

  /** Forgets the saved state of the loaded model and starts it again from its seed. */
  async reset(): Promise<ResultOf['reset']> {
    const m = await this.loaded();
    await this.deps.stopModelJobs();
    await this.deps.checkpoints.remove(m.params.key);
    this.dispose();
    const fresh = this.instantiate(m.params, m.data);
    this.current = fresh;
    return this.builtResult(fresh, null, null);
  }

  /**
   * Trains the loaded model up to `plan.untilStep`, saving along the way (and whatever was trained when
   * it is paused, cancelled or fails). A non-finite loss (or weights) brings back the last good state.
   */
  async train(
    plan: ContinuePlan,
    token: JobToken,
    emit: (p: ProgressData) => void,
  ): Promise<ResultOf['train']> {
    const m = await this.loaded();
    const shape = { ...m.model.config, batch: plan.batch };
    const backend = `the ${this.deps.backendName()} backend`;
    const tooBig = trainingMemoryAdvice(shape, TRAINING_MEMORY_BUDGET_BYTES, backend);
    if (tooBig) throw new TooBig(tooBig, false);
    const checkpoint = async () => {
      if (await this.save(m)) emit({ kind: 'checkpoint', step: m.savedStep, savedAt: m.savedAt });
    };
    try {
      const outcome = await continueTraining(m, plan, {
        beforeStep: () =>
          token.gate(
            async () => {
              await this.save(m);
              emit({ kind: 'train-state', state: 'paused' });
            },
            () => emit({ kind: 'train-state', state: 'running' }),
          ),
        afterStep: async (point) => {
          m.goodTried = true;
          emit({ kind: 'train-step', point, untilStep: plan.untilStep });
          if (shouldCheckpoint(this.deps.now(), m.savedAt, m.step - m.savedStep, m.lastSaveMs))
            await checkpoint();
          await yieldToEvents();
        },
      });
      if (outcome === 'nan') throw new NotFinite('the loss is not a number');
      await checkpoint();
      return { kind: 'trained', step: m.step, stopped: 'done', restored: null };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (!(e instanceof NotFinite) && isOutOfMemory(message)) {
        throw new TooBig(outOfMemoryAdvice(shape, this.deps.backendName(), message), true);
      }
      if (!(e instanceof NotFinite)) throw e;
      const restored = await this.reloadAfterNan(m);
      return { kind: 'trained', step: restored.step, stopped: 'nan', restored };
    } finally {
      // cancelled or failed: keep what was trained (never weights that stopped being finite)
      if (this.current === m) await this.save(m).catch(() => undefined);
    }
  }

  /** The caches of `shapes` (fresh weights, this model's seed and tokens) next to this model's own. */
  async cacheReport(shapes: readonly ModelShape[], tokens: number, token: JobToken): Promise<CacheReport[]> {
    const m = await this.loaded();
    return measureCaches(
      {
        model: m.model,
        ownShape: m.params.shape,
        seed: m.params.seed,
        vocabSize: m.data.tokenizer.vocabSize,
        sampleTokens: (n) => m.data.sampleTokens(n),
      },
      shapes,
      tokens,
      token,
    );
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
      savedAt: this.deps.now(),
      lastSaveMs: 0,
      good: null,
      goodTried: false,
    };
  }

  private dispose(): void {
    const m = this.current;
    this.current = null;
    if (!m) return;
    m.optimizer.dispose();
    m.model.dispose();
  }

  /**
   * Loads the saved weights and history of this model, if any. A record that fails its checks
   * (checkpoint-check.ts: fields, history, lengths, finite values) is deleted, and why is returned.
   */
  private async restore(m: Loaded): Promise<{ restored: RestoredState | null; discarded: string | null }> {
    let raw: unknown;
    try {
      raw = await this.deps.checkpoints.load(m.params.key);
    } catch (e) {
      return {
        restored: null,
        discarded: `it could not be read (${e instanceof Error ? e.message : String(e)})`,
      };
    }
    if (raw === null || raw === undefined) return { restored: null, discarded: null };
    const slots = Object.entries(m.model.params).map(([name, v]) => ({ name, size: v.size }));
    const checked = checkCheckpoint(raw, m.params.key, slots);
    if (!checked.ok) {
      await this.deps.checkpoints.remove(m.params.key).catch(() => undefined);
      return { restored: null, discarded: checked.reason };
    }
    return { restored: this.load(m, checked.record, true), discarded: null };
  }

  /**
   * Puts a checked record's weights and history into `m`, and its optimizer state when `withOptimizer`
   * and the record has one (`m`'s optimizer is fresh: a record without one goes on from fresh moments).
   */
  private load(m: Loaded, rec: CheckpointRecord, withOptimizer: boolean): RestoredState {
    const names = Object.keys(m.model.params);
    for (const [name, v] of Object.entries(m.model.params))
      tf.tidy(() => v.assign(tf.tensor(rec.weights[name]!, v.shape)));
    const o = rec.optimizer;
    if (withOptimizer && o)
      m.optimizer.importState({
        steps: o.steps,
        m: names.map((n) => o.m[n]!),
        v: names.map((n) => o.v[n]!),
      });
    m.step = rec.step;
    m.history = rec.history.slice();
    m.savedStep = rec.step;
    m.savedAt = rec.savedAt;
    m.good = rec;
    m.goodTried = false;
    return { step: rec.step, history: rec.history.slice(), savedAt: rec.savedAt };
  }

  private restoredOf(m: Loaded): RestoredState | null {
    return m.step > 0 ? { step: m.step, history: m.history.slice(), savedAt: m.savedAt } : null;
  }

  /**
   * Saves the weights and history if there are new steps; true when they went to storage. Weights that
   * are no longer finite are never saved: that throws NotFinite, and training goes back to `m.good`.
   */
  private async save(m: Loaded): Promise<boolean> {
    if (m !== this.current || m.step === m.savedStep) return false;
    const started = this.deps.now();
    try {
      return await this.saveNow(m);
    } finally {
      m.lastSaveMs = this.deps.now() - started;
    }
  }

  /** The save itself (save() times it). */
  private async saveNow(m: Loaded): Promise<boolean> {
    const weights: Record<string, Float32Array> = {};
    for (const [name, v] of Object.entries(m.model.params)) {
      const values = new Float32Array(await v.data());
      const bad = firstNonFinite(values);
      if (bad) throw new NotFinite(`${name} became ${bad.value}`);
      weights[name] = values;
    }
    const state = await m.optimizer.exportState();
    const names = Object.keys(m.model.params);
    const byName = (arrays: Float32Array[]) => Object.fromEntries(names.map((n, i) => [n, arrays[i]!]));
    const optimizer = { steps: state.steps, m: byName(state.m), v: byName(state.v) };
    const history: LossPoint[] = m.history.slice();
    const record = { key: m.params.key, savedAt: this.deps.now(), step: m.step, history, weights, optimizer };
    m.good = record;
    m.goodTried = true; // saved during training, after steps that went well
    m.savedStep = record.step;
    m.savedAt = record.savedAt;
    try {
      return await this.deps.checkpoints.save(record);
    } catch {
      // the moments triple the record: when storage refuses it (quota), the weights alone still go
      return this.deps.checkpoints.save({ ...record, optimizer: undefined });
    }
  }

  /**
   * The loss (or the weights) went NaN: weights and optimizer state are garbage. Rebuild the model and
   * load the last good weights kept in memory (those of the last save or restore). A state read from
   * storage that failed on its very first step is not good either (finite but huge values pass the
   * checks on read, then overflow): it is forgotten, and the model goes back to the seed's weights.
   */
  private async reloadAfterNan(m: Loaded): Promise<RestoredState> {
    if (this.current !== m) throw new JobCancelled('the model was replaced');
    const good = m.goodTried ? m.good : null;
    if (m.good && !good) await this.deps.checkpoints.remove(m.params.key).catch(() => undefined);
    this.dispose();
    const fresh = this.instantiate(m.params, m.data);
    this.current = fresh;
    // weights only: the same moments would take the same steps into the same NaN
    return good ? this.load(fresh, good, false) : { step: 0, history: [], savedAt: fresh.savedAt };
  }

  private builtResult(
    m: Loaded,
    restored: RestoredState | null,
    discarded: string | null,
  ): ResultOf['build'] {
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
    return { kind: 'built', model: info, restored, discarded };
  }
}
