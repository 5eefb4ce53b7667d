/**
 * Runs of the sweep trained live in the browser (compare mode, "re-run live"): what is kept of each, how
 * it is checked when read back from storage, and how it compares with the precomputed run of the same
 * id and budget, with the tolerance that applies on the backend that trained it.
 */
import * as v from 'valibot';
import { ModelShapeSchema, TF_BACKENDS } from '../spec';
import type { ModelShape, PointResult, TfBackend } from '../spec';
import { seedSpreadOf } from './manifest';
import { ProtocolSchema, RunIdSchema } from './manifest-fields';
import type { Manifest, ManifestRun } from './manifest';
import { BUDGETS, EXTENDED_PROTOCOL, LONG_PROTOCOL, LONGEST_PROTOCOL, SWEEP_TASKS } from './protocol';
import type { Budget, SweepTask, TrainingProtocol } from './protocol';

/** A finished live run. */
export interface LiveRun {
  readonly budget: Budget;
  /** the sweep run's id (the same as its precomputed run's) */
  readonly runId: string;
  readonly task: SweepTask;
  /** the protocol it was trained under (a result of another protocol is not comparable) */
  readonly protocol: TrainingProtocol;
  /** the model it trained (null in records kept before the shape was stored) */
  readonly shape: ModelShape | null;
  readonly backend: TfBackend;
  /** ms since the epoch */
  readonly finishedAt: number;
  readonly valLoss: number;
  readonly accuracy: number | null;
  /** training loss of every step, to 4 decimals */
  readonly trainLoss: readonly number[];
  readonly valid: readonly {
    readonly step: number;
    readonly loss: number;
    readonly accuracy: number | null;
  }[];
  readonly parameters: number;
  readonly tokens: number;
  readonly wallMs: number;
}

/** One live result per run and budget: a later run replaces an earlier one. */
export const liveRunKey = (budget: Budget, runId: string) => `${budget}:${runId}`;
export const keyOf = (run: Pick<LiveRun, 'budget' | 'runId'>) => liveRunKey(run.budget, run.runId);

const round4 = (x: number) => Number(x.toFixed(4));

/** The record kept of a finished run. */
export function liveRunOf(
  job: {
    readonly budget: Budget;
    readonly runId: string;
    readonly task: SweepTask;
    readonly protocol: TrainingProtocol;
    readonly plan: { readonly shape: ModelShape };
  },
  result: PointResult,
  finishedAt: number,
): LiveRun {
  return {
    budget: job.budget,
    runId: job.runId,
    task: job.task,
    protocol: { ...job.protocol },
    shape: job.plan.shape,
    backend: result.backend,
    finishedAt,
    valLoss: result.valLoss,
    accuracy: result.accuracy,
    trainLoss: result.history.map((p) => round4(p.loss)),
    valid: result.history.flatMap((p) =>
      p.valLoss === null
        ? []
        : [
            {
              step: p.step,
              loss: round4(p.valLoss),
              accuracy: p.accuracy === null ? null : round4(p.accuracy),
            },
          ],
    ),
    parameters: result.parameters,
    tokens: result.tokens,
    wallMs: Math.round(result.wallMs),
  };
}

// ── storage: untrusted on the way back ──

const finite = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const fraction = v.pipe(finite, v.minValue(0), v.maxValue(1));

const LiveRunSchema = v.object({
  budget: v.picklist(BUDGETS),
  runId: RunIdSchema,
  task: v.picklist(SWEEP_TASKS),
  protocol: ProtocolSchema,
  shape: v.optional(v.nullable(ModelShapeSchema), null),
  backend: v.picklist(TF_BACKENDS),
  finishedAt: finite,
  valLoss: finite,
  accuracy: v.nullable(fraction),
  trainLoss: v.array(finite),
  valid: v.array(
    v.object({ step: v.pipe(count, v.minValue(1)), loss: finite, accuracy: v.nullable(fraction) }),
  ),
  parameters: count,
  tokens: count,
  wallMs: v.pipe(finite, v.minValue(0)),
});

/** The stored form: a version, so a later format can drop what it cannot read. */
const STORED_VERSION = 1;
const StoredSchema = v.object({ version: v.literal(STORED_VERSION), runs: v.array(v.unknown()) });

export function storedLiveRuns(runs: readonly LiveRun[]): unknown {
  return { version: STORED_VERSION, runs };
}

/** The valid records of stored data (anything else is dropped, one by one). */
export function parseStoredLiveRuns(input: unknown): LiveRun[] {
  const stored = v.safeParse(StoredSchema, input);
  if (!stored.success) return [];
  return stored.output.runs.flatMap((r) => {
    const run = v.safeParse(LiveRunSchema, r);
    return run.success && run.output.trainLoss.length === run.output.protocol.steps ? [run.output] : [];
  });
}

// ── comparison with the precomputed run ──

/** The precomputed runs, protocol and seed replicas of a budget. */
export interface BudgetSection {
  readonly runs: readonly ManifestRun[];
  readonly replicas: Manifest['replicas'];
  readonly protocolOf: (task: SweepTask) => TrainingProtocol;
}

export function sectionOf(manifest: Manifest, budget: Budget): BudgetSection {
  if (budget === 'full')
    return {
      runs: manifest.runs,
      replicas: manifest.replicas,
      protocolOf: (task) => manifest.protocols[task],
    };
  const section = {
    quick: manifest.quick,
    long: manifest.long,
    extended: manifest.extended,
    longest: manifest.longest,
  }[budget];
  if (!section) {
    const protocol =
      budget === 'extended' ? EXTENDED_PROTOCOL : budget === 'longest' ? LONGEST_PROTOCOL : LONG_PROTOCOL;
    return { runs: [], replicas: [], protocolOf: () => protocol };
  }
  return { runs: section.runs, replicas: section.replicas, protocolOf: () => section.protocol };
}

export interface Tolerance {
  /** largest |live − precomputed| validation loss (nats) that counts as landing on the point; null: unknown */
  readonly nats: number | null;
  readonly basis: 'bit-exact' | 'seed-spread' | 'unknown';
  /** one or two sentences: why this tolerance */
  readonly reason: string;
}

const nats = (x: number) => (x < 0.001 ? x.toExponential(0) : x.toFixed(3));

/**
 * The tolerance for a live run of `budget` on `backend`. On wasm the browser runs the same WebAssembly
 * kernels, on the same batches in the same order, as `npm run pretrain` did in Node, so a re-run should
 * give the same bits: the check tolerance. Any other backend rounds float32 differently; over hundreds of
 * steps those differences grow until the run is about as far from the precomputed one as a run with
 * another seed, so the largest seed-to-seed spread measured for the budget is the tolerance.
 */
export function rerunTolerance(manifest: Manifest, budget: Budget, backend: TfBackend): Tolerance {
  return toleranceOn(manifest, budget, backend === 'wasm', backend);
}

/** The tolerance on wasm (`bitExact`) or on other backends, named `where` in the reason. */
export function toleranceOn(manifest: Manifest, budget: Budget, bitExact: boolean, where: string): Tolerance {
  if (bitExact) {
    const t = manifest.check.tolerance;
    return {
      nats: t,
      basis: 'bit-exact',
      reason:
        `±${nats(t)} nats on ${where}: the browser runs the same WebAssembly kernels on the same batches in the ` +
        `same order as ${manifest.generator} (${manifest.environment.backend}), so a re-run should give the ` +
        `same bits; the margin only allows for another tfjs build.`,
    };
  }
  const section = sectionOf(manifest, budget);
  const spread = seedSpreadOf(section.runs, section.replicas);
  if (spread === null)
    return {
      nats: null,
      basis: 'unknown',
      reason: `No run of this budget was repeated with other seeds, so there is no measured tolerance on ${where}.`,
    };
  const seeds = [...new Set(section.replicas.map((r) => r.seed))].sort((a, b) => a - b);
  return {
    nats: spread,
    basis: 'seed-spread',
    reason:
      `±${nats(spread)} nats on ${where}: float32 arithmetic is rounded differently there than on wasm, and over ` +
      `the run those differences grow until it is about as far from the precomputed run as another seed is. ` +
      `${nats(spread)} is the largest spread measured between seeds (the replicas with seeds ` +
      `${[section.protocolOf('corpus').seed, ...seeds].join(', ')}).`,
  };
}

export interface LiveComparison {
  readonly live: LiveRun;
  readonly precomputed: ManifestRun | null;
  /** live − precomputed validation loss; null without a precomputed run */
  readonly diff: number | null;
  /** live − precomputed recall accuracy (recall runs) */
  readonly accuracyDiff: number | null;
  readonly tolerance: Tolerance;
  /** whether it landed within the tolerance (loss; on wasm, accuracy too); null when unknown */
  readonly within: boolean | null;
  /** the live run was trained under the budget's current protocol */
  readonly sameProtocol: boolean;
}

/** Two protocols are the same in every field. */
export const sameProtocol = (a: TrainingProtocol, b: TrainingProtocol) =>
  (Object.keys(a) as (keyof TrainingProtocol)[]).every((k) => a[k] === b[k]) &&
  Object.keys(a).length === Object.keys(b).length;

/** How a live run compares with its precomputed run. */
export function compareLive(manifest: Manifest, live: LiveRun): LiveComparison {
  const section = sectionOf(manifest, live.budget);
  const precomputed = section.runs.find((r) => r.id === live.runId && r.task === live.task) ?? null;
  const tolerance = rerunTolerance(manifest, live.budget, live.backend);
  const same = sameProtocol(live.protocol, section.protocolOf(live.task));
  const diff = precomputed ? live.valLoss - precomputed.final.valLoss : null;
  const accuracyDiff =
    precomputed && live.accuracy !== null && precomputed.final.accuracy !== null
      ? live.accuracy - precomputed.final.accuracy
      : null;
  const t = tolerance.nats;
  const within =
    diff === null || t === null || !same
      ? null
      : Math.abs(diff) <= t && (tolerance.basis !== 'bit-exact' || Math.abs(accuracyDiff ?? 0) <= t);
  return { live, precomputed, diff, accuracyDiff, tolerance, within, sameProtocol: same };
}
