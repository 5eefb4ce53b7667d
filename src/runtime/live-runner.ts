/**
 * Trains runs of the quality sweep live, one after another (compare mode, or a single "re-run live"),
 * through ModelRuntime.runPoint, and keeps the finished ones: in its store for the quality panel, and in
 * a LiveRunStore so they survive a reload. Cancel stops the run in training; finished runs stay.
 */
import { createStore } from 'zustand/vanilla';
import { keyOf, liveRunOf } from '../sweep/live-runs';
import type { LiveRun } from '../sweep/live-runs';
import type { PointResult, LossPoint, PointPlan } from '../spec';
import type { LiveJob, SweepProgress } from '../sweep/compare';
import type { LiveRunStore } from './live-run-store';
import { CancelledError } from './model-client';

export interface RunningPoint {
  readonly result: Promise<PointResult>;
  cancel(): void;
}

/** ModelRuntime.runPoint, or a fake. */
export type RunPoint = (plan: PointPlan, onStep?: (point: LossPoint) => void) => RunningPoint;

export interface LiveOutcome {
  readonly status: 'done' | 'cancelled' | 'failed';
  /** runs that finished in this sweep, of how many */
  readonly finished: number;
  readonly total: number;
  readonly message: string | null;
}

export interface LiveState {
  /** the stored runs have been read */
  readonly loaded: boolean;
  /** finished live runs by key (src/sweep/live-runs liveRunKey) */
  readonly runs: Readonly<Record<string, LiveRun>>;
  /** the sweep in training, or null */
  readonly progress: (SweepProgress & { readonly keys: readonly string[]; readonly key: string }) | null;
  /** how the last sweep ended */
  readonly outcome: LiveOutcome | null;
}

export interface LiveRunnerDeps {
  runPoint: RunPoint;
  records: LiveRunStore;
  now?: () => number;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class LiveRunner {
  readonly store = createStore<LiveState>()(() => ({
    loaded: false,
    runs: {},
    progress: null,
    outcome: null,
  }));
  private readonly now: () => number;
  private current: RunningPoint | null = null;
  private cancelled = false;
  private busy = false;
  /** the stored runs are read before anything is written */
  readonly ready: Promise<void>;

  constructor(private readonly deps: LiveRunnerDeps) {
    this.now = deps.now ?? (() => Date.now());
    this.ready = deps.records
      .load()
      .catch(() => [])
      .then((stored) => {
        const runs = {
          ...Object.fromEntries(stored.map((r) => [keyOf(r), r])),
          ...this.store.getState().runs,
        };
        this.store.setState({ loaded: true, runs });
      });
  }

  get running(): boolean {
    return this.busy;
  }

  /**
   * Trains `jobs` one after another; false (and nothing happens) while another sweep runs. Each finished
   * run replaces any earlier live result of the same run and budget.
   */
  start(jobs: readonly LiveJob[]): boolean {
    if (this.running || jobs.length === 0) return false;
    this.cancelled = false;
    this.busy = true;
    void this.run(jobs);
    return true;
  }

  /** Stops the run in training; the runs finished before it are kept. */
  cancel(): void {
    this.cancelled = true;
    this.current?.cancel();
  }

  /** Forgets every live result (here and in storage). */
  async forget(): Promise<void> {
    await this.ready;
    this.store.setState({ runs: {}, outcome: null });
    await this.deps.records.save([]).catch(() => undefined);
  }

  private async run(jobs: readonly LiveJob[]): Promise<void> {
    const startedAt = this.now();
    const stepsTotal = jobs.reduce((n, j) => n + j.plan.steps, 0);
    const keys = jobs.map((j) => j.key);
    let stepsBefore = 0;
    let finished = 0;
    const show = (index: number, step: number) => {
      const job = jobs[index]!;
      this.store.setState({
        progress: {
          keys,
          key: job.key,
          index,
          total: jobs.length,
          label: job.label,
          step,
          steps: job.plan.steps,
          stepsDone: stepsBefore + step,
          stepsTotal,
          elapsedMs: this.now() - startedAt,
        },
      });
    };
    this.store.setState({ outcome: null });
    show(0, 0);
    let outcome: LiveOutcome = { status: 'done', finished: 0, total: jobs.length, message: null };
    try {
      await this.ready;
      for (const [index, job] of jobs.entries()) {
        if (this.cancelled) throw new CancelledError('cancelled');
        show(index, 0);
        this.current = this.deps.runPoint(job.plan, (point) => show(index, point.step));
        const result = await this.current.result;
        this.current = null;
        const run = liveRunOf(job, result, this.now());
        this.store.setState({ runs: { ...this.store.getState().runs, [job.key]: run } });
        await this.deps.records.save(Object.values(this.store.getState().runs)).catch(() => undefined);
        finished++;
        stepsBefore += job.plan.steps;
      }
      outcome = { status: 'done', finished, total: jobs.length, message: null };
    } catch (e) {
      const cancelled = e instanceof CancelledError || this.cancelled;
      outcome = {
        status: cancelled ? 'cancelled' : 'failed',
        finished,
        total: jobs.length,
        message: cancelled ? null : messageOf(e),
      };
    } finally {
      this.current = null;
      this.busy = false;
      this.store.setState({ progress: null, outcome });
    }
  }
}
