/**
 * The recall diagnosis (issue 12, docs/recall-diagnosis.md): the associative-recall runs that test why
 * official TPA stays at the "elimination" plateau while MHA recalls every pair. Every run is the
 * shipped recall protocol (SWEEP_PROTOCOLS.recall) at the default small model, changed in one labelled
 * way: a TPA variant (TpaVariant, src/spec/attention.ts), a model knob, the learning rate, the length,
 * or, for the MHA control, Q, K and V shrunk after init to official TPA's spread. `PRETRAIN_PART=
 * recall-diagnosis npm run pretrain` trains them into the manifest's `recallDiagnosis` section.
 * Pure TypeScript: no tfjs.
 */
import type { PlaygroundConfig } from '../config';
import type { AttentionConfig, AttentionKind, ModelShape, TpaVariant } from '../spec';
import { SWEEP_PROTOCOLS } from './protocol';
import type { TrainingProtocol } from './protocol';
import { buildRun } from './runs';

/**
 * What a run is to the argument: a baseline kind (MHA, MLA), the official T6 configuration, a variant
 * of it, the variant that fixes recall, or a control of another kind.
 */
export const DIAGNOSIS_ROLES = ['baseline', 'official', 'variant', 'fix', 'control'] as const;
export type DiagnosisRole = (typeof DIAGNOSIS_ROLES)[number];

/** TPA ranks whose official init spread a control shrinks Q, K and V to. */
export interface SpreadOf {
  readonly rankQ: number;
  readonly rankK: number;
  readonly rankV: number;
}

export interface DiagnosisRequest {
  /** file-name safe, unique in the section */
  readonly id: string;
  /** short name for legends and tables */
  readonly label: string;
  /** what it changes from the official model, in words */
  readonly change: string;
  readonly role: DiagnosisRole;
  readonly kind: AttentionKind;
  /** playground knobs on top of the default model (e.g. layers) */
  readonly knobs?: Readonly<Partial<PlaygroundConfig>>;
  /** a labelled TPA variant (tpa kinds only) */
  readonly variant?: TpaVariant;
  /** the protocol's peak learning rate / steps, when the run changes them */
  readonly learningRate?: number;
  readonly steps?: number;
  /** shrink Q, K and V after init to official TPA's spread at these ranks (kinds with W_q, W_k, W_v) */
  readonly initSpreadOf?: SpreadOf;
  /** record the attention probabilities on the section's fixed sequence */
  readonly attention?: boolean;
}

/** A request built: its model shape (with the variant) and its protocol. */
export interface DiagnosisRun extends Omit<DiagnosisRequest, 'knobs' | 'learningRate' | 'steps'> {
  readonly task: 'recall';
  readonly shape: ModelShape;
  readonly protocol: TrainingProtocol;
  readonly attention: boolean;
}

/** The fix: A_K token-independent and the factors started at MHA's spread (both obstacles removed). */
export const FIX_VARIANT: Readonly<TpaVariant> = Object.freeze({
  headFactor: 'constant' as const,
  headFactorOn: ['k' as const],
  factorInit: 'matched' as const,
});

/** The runs, in the order they are trained and tabled. */
export const DIAGNOSIS_REQUESTS: readonly DiagnosisRequest[] = Object.freeze([
  {
    id: 'mha',
    label: 'MHA',
    change: 'the baseline kind: plain Q, K, V projections',
    role: 'baseline',
    kind: 'mha',
    attention: true,
  },
  {
    id: 'tpa',
    label: 'TPA R=(4,2,2)',
    change: 'none: the official T6 configuration',
    role: 'official',
    kind: 'tpa',
    attention: true,
  },
  {
    id: 'mla',
    label: 'MLA',
    change: 'the baseline kind: latent K and V (DeepSeek-V2)',
    role: 'baseline',
    kind: 'mla',
  },
  {
    id: 'tpa-fix',
    label: 'TPA, constant A_K + matched init',
    change: 'A_K token-independent (learned) and W_B started so Q, K, V have MHA’s spread',
    role: 'fix',
    kind: 'tpa',
    variant: FIX_VARIANT,
    attention: true,
  },
  {
    id: 'tpa-matched-init',
    label: 'TPA, matched init',
    change: 'W_B started so Q, K, V have MHA’s spread; A_K stays token-dependent',
    role: 'variant',
    kind: 'tpa',
    variant: { factorInit: 'matched' },
  },
  {
    id: 'tpa-constant-ak',
    label: 'TPA, constant A_K',
    change: 'A_K token-independent (learned); the official, small init',
    role: 'variant',
    kind: 'tpa',
    variant: { headFactor: 'constant', headFactorOn: ['k'] },
  },
  {
    id: 'tpa-constant-a',
    label: 'TPA, constant A',
    change: 'A_Q, A_K, A_V all token-independent (non-contextual TPA); the official init',
    role: 'variant',
    kind: 'tpa',
    variant: { headFactor: 'constant' },
  },
  {
    id: 'tpa-constant-av-matched',
    label: 'TPA, constant A_V + matched init',
    change: 'A_V token-independent instead of A_K, at MHA’s spread',
    role: 'variant',
    kind: 'tpa',
    variant: { headFactor: 'constant', headFactorOn: ['v'], factorInit: 'matched' },
  },
  {
    id: 'tpa-qk-norm',
    label: 'TPA, QK norm',
    change: 'every head’s q and k RMS-normalised, with a learned logit gain',
    role: 'variant',
    kind: 'tpa',
    variant: { qkNorm: true },
  },
  {
    id: 'tpa-rank-scale-sqrt',
    label: 'TPA, 1/√R scale',
    change: 'Q, K, V = (1/√R)·AᵀB instead of (1/R)·AᵀB',
    role: 'variant',
    kind: 'tpa',
    variant: { rankScale: 'inverseSqrt' },
  },
  {
    id: 'tpa-no-rope',
    label: 'TPA, no RoPE',
    change: 'no rotary position encoding (the causal mask is the only position signal)',
    role: 'variant',
    kind: 'tpa',
    variant: { rope: 'none' },
  },
  {
    id: 'tpa-3-layers',
    label: 'TPA, 3 layers',
    change: 'a third layer',
    role: 'variant',
    kind: 'tpa',
    knobs: { modelLayers: 3 },
  },
  {
    id: 'tpa-lr-1e-4',
    label: 'TPA, lr 1e-4',
    change: 'peak learning rate 1e-4 instead of 1e-3',
    role: 'variant',
    kind: 'tpa',
    learningRate: 1e-4,
  },
  {
    id: 'tpa-3000-steps',
    label: 'TPA, 3,000 steps',
    change: 'twice the steps (the schedule stretched over them)',
    role: 'variant',
    kind: 'tpa',
    steps: 3000,
  },
  {
    id: 'mha-tpa-init',
    label: 'MHA at TPA’s init spread',
    change: 'MHA with W_q, W_k, W_v shrunk after init so Q, K, V start with official TPA’s spread',
    role: 'control',
    kind: 'mha',
    initSpreadOf: { rankQ: 4, rankK: 2, rankV: 2 },
  },
] satisfies DiagnosisRequest[]);

/** The attention with the request's variant (which only the TPA kinds take). */
function withVariant(
  attention: AttentionConfig,
  variant: TpaVariant | undefined,
  id: string,
): AttentionConfig {
  if (!variant) return attention;
  if (attention.kind !== 'tpa' && attention.kind !== 'tpa-kvonly')
    throw new Error(`recall diagnosis ${id}: a variant needs a TPA kind, not ${attention.kind}`);
  return { ...attention, variant };
}

/**
 * Builds the requests at the default model under `base` (the recall protocol): each run's shape as the
 * sweep builds it (src/sweep/runs `buildRun`) plus its variant, and its protocol with its changes.
 */
export function recallDiagnosisSweep(
  base: TrainingProtocol = SWEEP_PROTOCOLS.recall,
  requests: readonly DiagnosisRequest[] = DIAGNOSIS_REQUESTS,
): DiagnosisRun[] {
  const ids = new Set<string>();
  return requests.map((r) => {
    if (ids.has(r.id)) throw new Error(`recall diagnosis: id ${r.id} twice`);
    ids.add(r.id);
    if (r.initSpreadOf && r.kind !== 'mha' && r.kind !== 'mqa' && r.kind !== 'gqa')
      throw new Error(`recall diagnosis ${r.id}: initSpreadOf needs W_q, W_k, W_v (MHA, MQA, GQA)`);
    const protocol: TrainingProtocol = {
      ...base,
      learningRate: r.learningRate ?? base.learningRate,
      steps: r.steps ?? base.steps,
    };
    const built = buildRun(
      { task: 'recall', kind: r.kind, matching: 'head', knobs: r.knobs },
      { ...SWEEP_PROTOCOLS, recall: protocol },
    );
    const shape = { ...built.shape, attention: withVariant(built.shape.attention, r.variant, r.id) };
    return {
      id: r.id,
      label: r.label,
      change: r.change,
      role: r.role,
      kind: r.kind,
      variant: r.variant,
      initSpreadOf: r.initSpreadOf,
      task: 'recall',
      shape,
      protocol,
      attention: r.attention ?? false,
    };
  });
}

/**
 * The fixed recall sequence whose attention the section records: the first sequence of the task's
 * generator seeded with this (src/data createRng). Chosen so that its four values are distinct, so
 * "which value does the query read?" has one answer.
 */
export const DIAGNOSIS_SEQUENCE_SEED = 6;
/** Validation sequences the per-head scores average over (the first of the generator seeded 0x5eed). */
export const HEAD_SEQUENCES = 32;
export const HEAD_SEQUENCE_SEED = 0x5eed;
/** Decimals the recorded attention probabilities keep. */
export const ATTENTION_DECIMALS = 3;

/** The runs that each remove one of the two obstacles the fix removes together. */
export const SINGLE_OBSTACLE_RUNS = Object.freeze({
  /** W_B started at MHA's spread, A_K still token-dependent */
  init: 'tpa-matched-init',
  /** A_K token-independent, the official small init */
  keyHeadFactor: 'tpa-constant-ak',
});
