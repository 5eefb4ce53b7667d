/**
 * A hand-made recall-diagnosis section for tests: the real run list (src/sweep/recall-diagnosis.ts) at a
 * tiny budget, a hand-written sequence, and invented results chosen so every figure is easy to check.
 */
import type { ManifestDiagnosisRun, ManifestRecallDiagnosis } from '../../../src/sweep/manifest';
import { shortProtocol, SWEEP_PROTOCOLS } from '../../../src/sweep/protocol';
import { recallDiagnosisSweep } from '../../../src/sweep/recall-diagnosis';

export const DIAG_STEPS = 20;
/** Answers of the final validation: 10 sequences × 4 queries. */
export const DIAG_ANSWERS = 40;
const PROTOCOL = { ...shortProtocol(SWEEP_PROTOCOLS.recall), steps: DIAG_STEPS };

/** T = 24: `A 3 C 7 B 1 D 5 _ _ _ _ | C 7 A 3 D 5 B 1 _ _ _`, queries at 13, 15, 17, 19. */
const DIAG_TOKENS = [...'A3C7B1D5____|C7A3D5B1___'];
const DIAG_QUERIES = [
  { position: 13, pair: 1, answer: '7' },
  { position: 15, pair: 0, answer: '3' },
  { position: 17, pair: 3, answer: '5' },
  { position: 19, pair: 2, answer: '1' },
];
const T = DIAG_TOKENS.length;

/** Elimination's expected accuracy by query when the four values are distinct: 1/4, 1/3, 1/2, 1. */
const DIAG_ELIMINATION = [0.25, 1 / 3, 0.5, 1];

/**
 * Attention of one head: row i puts `focus` on column `target(i)` and spreads the rest evenly over
 * 0..i (rows that can see only themselves put 1 there).
 */
function attentionHead(target: (i: number) => number, focus: number): number[][] {
  return Array.from({ length: T }, (_, i) => {
    const row = new Array<number>(T).fill(0);
    if (i === 0) return ((row[0] = 1), row);
    const rest = (1 - focus) / (i + 1);
    for (let j = 0; j <= i; j++) row[j] = rest;
    row[target(i)]! += focus;
    return row;
  });
}

/** A head that reads the asked value at each query key (the asked pair's value is at 2·pair + 1). */
const readsValue = (i: number) => {
  const q = DIAG_QUERIES.find((x) => x.position === i);
  return q ? 2 * q.pair + 1 : Math.max(0, i - 1);
};

interface Invented {
  byQuery: number[];
  /** previous-token score of layer 1's best head, value-reading score of the last layer's best head */
  circuit: [number, number];
  /** the predicted answers on the sequence, when it records attention */
  predicted?: string[];
  /** wrong answers that named a value still in play */
  stillInPlay?: number;
}

/** Invented results per run id (the rest of the list gets the official TPA's). */
const DIAG_RESULTS: Record<string, Invented> = {
  mha: { byQuery: [1, 1, 1, 1], circuit: [0.97, 0.99], predicted: ['7', '3', '5', '1'] },
  tpa: {
    byQuery: [0.3, 0.4, 0.5, 1],
    circuit: [0.3, 0.2],
    predicted: ['3', '7', '5', '1'],
    stillInPlay: 18,
  },
  'tpa-fix': { byQuery: [1, 1, 1, 0.9], circuit: [0.95, 0.97], predicted: ['7', '3', '5', '1'] },
  'mha-tpa-init': { byQuery: [0.4, 0.4, 0.5, 0.9], circuit: [0.33, 0.13], stillInPlay: 12 },
};

function fixtureRun(run: ReturnType<typeof recallDiagnosisSweep>[number]): ManifestDiagnosisRun {
  const r = DIAG_RESULTS[run.id] ?? DIAG_RESULTS.tpa!;
  const { layers, attention } = run.shape;
  const accuracy = r.byQuery.reduce((a, b) => a + b, 0) / r.byQuery.length;
  const wrong = DIAG_ANSWERS - Math.round(accuracy * DIAG_ANSWERS);
  const heads = [];
  for (let layer = 0; layer < layers; layer++)
    for (let head = 0; head < attention.heads; head++) {
      const best = head === 0;
      heads.push({
        layer,
        head,
        previousToken: layer === 0 && best ? r.circuit[0] : 0.2,
        onKey: 0.1,
        onValue: layer === layers - 1 && best ? r.circuit[1] : 0.1,
        onOtherValues: 0.3,
      });
    }
  const focus = (layer: number, head: number) =>
    head === 0 ? (layer === 0 ? r.circuit[0] : r.circuit[1]) : 0;
  return {
    id: run.id,
    label: run.label,
    change: run.change,
    role: run.role,
    kind: run.kind,
    config: { ...run.shape, vocabSize: 29 },
    initScale: run.initSpreadOf ? { q: 0.148, k: 0.3, v: 0.3 } : null,
    learningRate: run.protocol.learningRate,
    steps: run.protocol.steps,
    seed: 1,
    parameters: 400_000,
    wallMs: 1000,
    final: { valLoss: 1 - accuracy, accuracy },
    answers: DIAG_ANSWERS,
    byQuery: r.byQuery,
    elimination: DIAG_ELIMINATION,
    wrong: { total: wrong, stillInPlay: r.stillInPlay ?? 0 },
    curve: [
      { step: 1, loss: 3, accuracy: 0.1 },
      { step: run.protocol.steps / 2, loss: 2, accuracy: Math.min(accuracy, 0.5) },
      { step: run.protocol.steps, loss: 1 - accuracy, accuracy },
    ],
    heads,
    sequence:
      run.attention && r.predicted
        ? {
            predicted: r.predicted,
            attention: Array.from({ length: layers }, (_, layer) =>
              Array.from({ length: attention.heads }, (_, head) =>
                attentionHead(layer === 0 ? (i) => Math.max(0, i - 1) : readsValue, focus(layer, head)),
              ),
            ),
          }
        : null,
  };
}

/** The section: every run of the list at DIAG_STEPS steps (the 3,000-step run at its own). */
export function fixtureDiagnosis(): ManifestRecallDiagnosis {
  const runs = recallDiagnosisSweep(PROTOCOL).map(fixtureRun);
  return {
    protocol: { ...PROTOCOL },
    sequence: { seed: 6, tokens: DIAG_TOKENS, numPairs: 4, queries: DIAG_QUERIES },
    headSequences: 32,
    runs,
    wallMs: runs.reduce((s, r) => s + r.wallMs, 0),
  };
}
