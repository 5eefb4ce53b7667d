import { createStore } from 'zustand/vanilla';
import type { BaselineStop } from '../spec';
import type { ModelRuntimeState, ModelStore } from './runtime-state';
import type { ResultOf } from '../../workers/protocol';
import type { ModelClient, PendingRequest } from './model-client';
import { CancelledError } from './model-client';

/** The worker's answer to `inspect`: per-layer tensors as plain arrays (src/model/inspect.ts). */
export type InspectionData = ResultOf['inspect']['inspection'];
export type SpecialCaseResult = ResultOf['special-case'];

/** The shape a special case is built at: the in-browser model's h, d_h, d and the GQA G. */
export interface SpecialCaseRequest {
  stop: BaselineStop;
  heads: number;
  headDim: number;
  kvHeads: number;
  dModel: number;
  seed: number;
}

export interface InspectionState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** the text the panels asked about */
  text: string;
  inspection: InspectionData | null;
  /** the model the inspection was made with (key and training step) */
  source: { key: string; step: number } | null;
  error: string | null;
}

export interface SpecialCaseEntry {
  status: 'loading' | 'ready' | 'error';
  result: SpecialCaseResult | null;
  error: string | null;
}

export interface FactorProbeState {
  inspection: InspectionState;
  /** by `specialCaseKey` */
  specialCases: Readonly<Record<string, SpecialCaseEntry>>;
}

export function specialCaseKey(r: SpecialCaseRequest): string {
  return `${r.stop}|${r.heads}|${r.headDim}|${r.kvHeads}|${r.dModel}|${r.seed}`;
}

export interface FactorProbeDeps {
  client: Pick<ModelClient, 'request'>;
  models: ModelStore;
  /** quiet time after a text edit before the worker is asked */
  debounceMs?: number;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
const canCompute = (s: ModelRuntimeState) =>
  s.model !== null && (s.phase === 'ready' || s.phase === 'training' || s.phase === 'paused');

/**
 * Asks the worker for what the factor, RoPE and special-case panels show, and keeps the answers in its
 * own store. Inspection follows the model: a new build (e.g. after a rank slider moved), a reset, the
 * end of a training run (or a pause) and a new text re-run it; while training runs the worker is left
 * alone. Only the latest request lives: older ones are cancelled in the worker. Special cases are
 * cached per shape.
 */
export class FactorProbe {
  readonly store = createStore<FactorProbeState>()(() => ({
    inspection: { status: 'idle', text: '', inspection: null, source: null, error: null },
    specialCases: {},
  }));
  private readonly debounceMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: PendingRequest<ResultOf['inspect']> | null = null;
  /** the model and step the latest inspection was scheduled for */
  private wanted: string | null = null;
  private readonly specialPending = new Map<string, PendingRequest<SpecialCaseResult>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: FactorProbeDeps) {
    this.debounceMs = deps.debounceMs ?? 150;
    this.unsubscribe = deps.models.subscribe((s) => this.onModel(s));
  }

  dispose(): void {
    this.unsubscribe();
    clearTimeout(this.timer);
    this.pending?.cancel();
    for (const p of this.specialPending.values()) p.cancel();
  }

  private get inspection(): InspectionState {
    return this.store.getState().inspection;
  }

  private setInspection(patch: Partial<InspectionState>): void {
    this.store.setState((s) => ({ inspection: { ...s.inspection, ...patch } }));
  }

  /** The text to inspect (its last context window is used). Re-inspects after a short pause. */
  setText(text: string): void {
    if (text === this.inspection.text && this.inspection.status !== 'idle') return;
    this.setInspection({ text });
    this.schedule(this.debounceMs);
  }

  private onModel(s: ModelRuntimeState): void {
    if (this.inspection.text === '') return;
    if (!canCompute(s) || !s.model) {
      if (this.pending || this.timer !== undefined) this.cancelInspection();
      return;
    }
    // while training the worker is busy (and an inspection would slow it down): refresh when it stops
    if (s.phase === 'training') return;
    const want = `${s.model.key}|${s.history.at(-1)?.step ?? s.model.step}`;
    if (want === this.wanted) return;
    this.wanted = want;
    this.schedule(0);
  }

  private cancelInspection(): void {
    this.wanted = null;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending?.cancel();
    this.pending = null;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, ms);
  }

  private run(): void {
    const models = this.deps.models.getState();
    const text = this.inspection.text;
    if (!canCompute(models) || !models.model || text === '') return;
    this.pending?.cancel();
    const source = { key: models.model.key, step: models.history.at(-1)?.step ?? models.model.step };
    const req = this.deps.client.request({ type: 'inspect', text });
    this.pending = req;
    this.setInspection({ status: 'loading', error: null });
    req.result.then(
      (r) => {
        if (this.pending !== req) return;
        this.pending = null;
        this.setInspection({ status: 'ready', inspection: r.inspection, source, error: null });
      },
      (e: unknown) => {
        if (this.pending !== req || e instanceof CancelledError) return;
        this.pending = null;
        this.setInspection({ status: 'error', error: messageOf(e) });
      },
    );
  }

  /**
   * Builds the special case in the worker unless it is cached or on its way. A request for another
   * shape of the same stop cancels the one in flight.
   */
  specialCase(request: SpecialCaseRequest): void {
    const key = specialCaseKey(request);
    const known = this.store.getState().specialCases[key];
    if (known && known.status !== 'error') return;
    if (!this.deps.models.getState().backend) return;
    for (const [k, p] of this.specialPending)
      if (k.startsWith(`${request.stop}|`) && k !== key) {
        p.cancel();
        this.specialPending.delete(k);
        this.setSpecial(k, null);
      }
    const req = this.deps.client.request({ type: 'special-case', ...request });
    this.specialPending.set(key, req);
    this.setSpecial(key, { status: 'loading', result: null, error: null });
    req.result.then(
      (result) => {
        if (this.specialPending.get(key) !== req) return;
        this.specialPending.delete(key);
        this.setSpecial(key, { status: 'ready', result, error: null });
      },
      (e: unknown) => {
        if (this.specialPending.get(key) !== req) return;
        this.specialPending.delete(key);
        this.setSpecial(key, { status: 'error', result: null, error: messageOf(e) });
      },
    );
  }

  private setSpecial(key: string, entry: SpecialCaseEntry | null): void {
    this.store.setState((s) => {
      const next = Object.entries(s.specialCases).filter(([k]) => k !== key);
      if (entry) next.push([key, entry]);
      return { specialCases: Object.fromEntries(next) };
    });
  }
}
