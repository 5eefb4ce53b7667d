import { fakeRuntime as trainingRuntime } from '../training/fixtures';
import { DEFAULT_CONFIG } from '../../../src/config';
import type { PlaygroundConfig } from '../../../src/config';
import { FactorProbe } from '../../../src/runtime/factor-probe';
import type { InspectionData } from '../../../src/runtime/factor-probe';
import type { ModelRuntimeState, ModelStore } from '../../../src/runtime/runtime-state';
import type { BackendInfo, ModelInfo } from '../../../src/spec';
import { silentClient } from '../support/services';

// Fixed data for the factor panels: one TPA layer, h = 2 heads, d_h = 4, R_Q = 2, R_K = R_V = 1, three
// tokens "abc". Entries follow simple formulas so the tests can recompute them by hand.
const H = 2;
export const DH = 4;
const T = 3;

export const CONFIG: PlaygroundConfig = {
  ...DEFAULT_CONFIG,
  kind: 'tpa',
  modelHeads: H,
  modelHeadDim: DH,
  modelDModel: 16,
  modelLayers: 1,
  modelContext: 16,
  rankQ: 2,
  rankK: 1,
  rankV: 1,
  kvHeads: 2,
  factorToken: 1,
  factorHead: 1,
  factorLayer: 0,
  factorPart: 'q',
  specialCase: 'tpa',
};

/** A head factor entry: token t, head i, rank r. */
export const aEntry = (t: number, i: number, r: number) => (t + 1) * (i + 1) * (r === 0 ? 1 : -0.5);
/** A raw feature factor entry: token t, rank r, feature j. */
export const bEntry = (t: number, r: number, j: number) => 0.1 * (j + 1) * (r + 1) - 0.05 * t;

/** RoPE by hand for d_h = 4: pairs (0, 2) and (1, 3), θ = 1 and 0.01, turned by −t·θ. */
export function rope4(x: readonly number[], t: number): number[] {
  const out = [...x];
  for (const [j, theta] of [
    [0, 1],
    [1, 0.01],
  ] as const) {
    const c = Math.cos(t * theta);
    const s = Math.sin(t * theta);
    out[j] = x[j]! * c + x[j + 2]! * s;
    out[j + 2] = -x[j]! * s + x[j + 2]! * c;
  }
  return out;
}

function tensor(shape: [number, number, number], at: (t: number, a: number, b: number) => number) {
  const data = new Float32Array(shape[0] * shape[1] * shape[2]);
  for (let t = 0; t < shape[0]; t++)
    for (let a = 0; a < shape[1]; a++)
      for (let b = 0; b < shape[2]; b++) data[(t * shape[1] + a) * shape[2] + b] = at(t, a, b);
  return { shape: [...shape], data };
}

const rawRow = (t: number, r: number) => Array.from({ length: DH }, (_, j) => bEntry(t, r, j));
const rotRow = (t: number, r: number) => rope4(rawRow(t, r), t);

/** (1/R)·Σ_r A[i, r]·row_r[j] */
function assembled(rank: number, rows: (t: number, r: number) => number[]) {
  return tensor([T, H, DH], (t, i, j) => {
    let s = 0;
    for (let r = 0; r < rank; r++) s += aEntry(t, i, r) * rows(t, r)[j]!;
    return s / rank;
  });
}

function inspection(): InspectionData {
  const factor = (rank: number) => tensor([T, H, rank], aEntry);
  return {
    tokens: [1, 2, 3],
    logits: { shape: [T, 4], data: new Float32Array(T * 4) },
    layers: [
      {
        layer: 0,
        kind: 'tpa',
        tensors: {
          A_Q: factor(2),
          B_Q: tensor([T, 2, DH], bEntry),
          B_Q_rot: tensor([T, 2, DH], (t, r, j) => rotRow(t, r)[j]!),
          Q: assembled(2, rotRow),
          A_K: factor(1),
          B_K: tensor([T, 1, DH], bEntry),
          B_K_rot: tensor([T, 1, DH], (t, r, j) => rotRow(t, r)[j]!),
          K: assembled(1, rotRow),
          A_V: factor(1),
          B_V: tensor([T, 1, DH], bEntry),
          V: assembled(1, rawRow),
        },
      },
    ],
  };
}

const BACKEND: BackendInfo = {
  backend: 'wasm',
  requested: 'wasm',
  reason: 'test',
  adapter: null,
  probes: [],
};

const MODEL: ModelInfo = {
  key: 'k',
  config: {
    vocabSize: 4,
    dModel: 16,
    layers: 1,
    attention: { kind: 'tpa', heads: H, headDim: DH, rankQ: 2, rankK: 1, rankV: 1 },
    maxSeqLen: 16,
  },
  parameters: 1000,
  dataset: { kind: 'corpus', trainTokens: 100, validTokens: 10, vocabulary: 'abc' },
  step: 5,
};

/** The training panels' fake runtime, with this file's model ready. */
export function fakeRuntime(state: Partial<ModelRuntimeState> = {}) {
  return trainingRuntime({ phase: 'ready', backend: BACKEND, model: MODEL, ...state });
}

/** A probe on the runtime's store whose worker never answers, preloaded with the fixed inspection. */
export function fakeProbe(store: ModelStore, data: InspectionData | null = inspection()) {
  const { client, request } = silentClient();
  const probe = new FactorProbe({ client, models: store });
  probe.store.setState({
    inspection: {
      status: data ? 'ready' : 'idle',
      text: 'abc',
      inspection: data,
      source: data ? { key: 'k', step: 5 } : null,
      error: null,
    },
  });
  return { probe, request };
}

/** The data-value numbers of a table row's cells. */
export function rowValues(row: Element | null | undefined): number[] {
  if (!row) throw new Error('no such row');
  return [...row.querySelectorAll('td[data-value]')].map((td) => Number(td.getAttribute('data-value')));
}
