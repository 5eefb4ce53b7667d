/**
 * The manifest's recall-diagnosis section (docs/recall-diagnosis.md; runs in src/sweep/recall-diagnosis.ts):
 * its schema, and the relations between its fields that a schema cannot say (a run's accuracy is the mean
 * of its queries', its attention rows are causal and sum to one, the fixed sequence's queries ask its
 * pairs).
 */
import * as v from 'valibot';
import { ATTENTION_KINDS, ModelShapeSchema } from '../spec';
import {
  count,
  finite,
  fraction,
  int,
  label,
  nonNegative,
  positive,
  ProtocolSchema,
  runId,
} from './manifest-fields';
import { DIAGNOSIS_ROLES } from './recall-diagnosis';

const QkvScaleSchema = v.object({
  q: v.pipe(finite, v.gtValue(0)),
  k: v.pipe(finite, v.gtValue(0)),
  v: v.pipe(finite, v.gtValue(0)),
});

/** One head's scores on the recall task (src/model/recall-attention.ts), means over the section's sequences. */
const HeadScoresSchema = v.object({
  layer: count,
  head: count,
  /** a pair's value token on its key, the token before it */
  previousToken: fraction,
  /** a query key on the asked pair's key, on its value, and on the other pairs' values */
  onKey: fraction,
  onValue: fraction,
  onOtherValues: fraction,
});

/** A token of the fixed sequence as text (the recall tokenizer's characters). */
const tokenText = v.pipe(v.string(), v.minLength(1), v.maxLength(4));

/** A run of the recall diagnosis (src/sweep/recall-diagnosis.ts) with what it measured. */
const DiagnosisRunSchema = v.object({
  id: runId,
  label,
  /** what it changes from the official model, in words */
  change: v.pipe(v.string(), v.maxLength(160)),
  role: v.picklist(DIAGNOSIS_ROLES),
  kind: v.picklist(ATTENTION_KINDS),
  /** the model, with its TPA variant if any */
  config: v.object({ ...ModelShapeSchema.entries, vocabSize: positive }),
  /** Q, K and V projections multiplied by these after init (the MHA control), else null */
  initScale: v.nullable(QkvScaleSchema),
  learningRate: v.pipe(finite, v.gtValue(0)),
  steps: positive,
  seed: int,
  parameters: positive,
  /** training time, without the measurements */
  wallMs: nonNegative,
  /** the final validation (the protocol's finalEvalBatches × finalEvalBatchSize sequences) */
  final: v.object({ valLoss: finite, accuracy: fraction }),
  /** answers scored in the final validation */
  answers: positive,
  /** [j]: accuracy at the j-th query of a sequence (src/data/recall-breakdown.ts) */
  byQuery: v.array(fraction),
  /** [j]: the elimination strategy's expected accuracy at the j-th query, on the same answers */
  elimination: v.array(fraction),
  /** wrong answers, and how many named a value of the pairs not yet used by the earlier answers */
  wrong: v.object({ total: count, stillInPlay: count }),
  /** validation along training (the sweep's cadence) */
  curve: v.array(v.object({ step: positive, loss: finite, accuracy: fraction })),
  /** every layer's and head's scores at the end */
  heads: v.array(HeadScoresSchema),
  /** on the section's fixed sequence: the answers predicted and attention [layers][heads][T][T] */
  sequence: v.nullable(
    v.object({
      predicted: v.array(tokenText),
      attention: v.array(v.array(v.array(v.array(fraction)))),
    }),
  ),
});

/**
 * Why TPA does not learn recall here (docs/recall-diagnosis.md): the recall-diagnosis runs, written by
 * `PRETRAIN_PART=recall-diagnosis npm run pretrain`.
 */
export const RecallDiagnosisSchema = v.object({
  /** the recall protocol the runs start from (a run may change its learning rate or steps) */
  protocol: ProtocolSchema,
  /** the fixed sequence whose attention the runs record */
  sequence: v.object({
    /** the recall generator's seed it is the first sequence of */
    seed: int,
    /** the T input tokens */
    tokens: v.array(tokenText),
    numPairs: positive,
    /** each query key's input position, the listed pair it asks, and its answer */
    queries: v.array(v.object({ position: count, pair: count, answer: tokenText })),
  }),
  /** validation sequences the head scores average over */
  headSequences: positive,
  runs: v.array(DiagnosisRunSchema),
  wallMs: nonNegative,
});

type RecallDiagnosis = v.InferOutput<typeof RecallDiagnosisSchema>;
type DiagnosisRun = RecallDiagnosis['runs'][number];

/** What is wrong in the attention a run recorded on the fixed sequence, or null. */
function attentionProblem(
  attention: readonly (readonly (readonly number[])[])[][],
  layers: number,
  heads: number,
  t: number,
): string | null {
  if (attention.length !== layers) return `attention of ${attention.length} layers, not ${layers}`;
  for (const [l, layer] of attention.entries()) {
    if (layer.length !== heads) return `attention of layer ${l} has ${layer.length} heads, not ${heads}`;
    for (const [h, rows] of layer.entries()) {
      if (rows.length !== t || rows.some((row) => row.length !== t))
        return `attention of layer ${l} head ${h} is not ${t}×${t}`;
      for (const [i, row] of rows.entries()) {
        if (row.some((p, j) => j > i && p !== 0)) return `attention of layer ${l} head ${h} looks ahead`;
        // 3 decimals: each of ≤ t entries off by ≤ 0.0005
        const sum = row.reduce((a, b) => a + b, 0);
        if (Math.abs(sum - 1) > 0.0005 * t + 1e-9)
          return `attention row ${i} of layer ${l} head ${h} sums to ${sum}`;
      }
    }
  }
  return null;
}

/** What is wrong with one recall-diagnosis run, or null. */
function diagnosisRunProblem(run: DiagnosisRun, section: RecallDiagnosis): string | null {
  const { protocol, sequence } = section;
  const { attention, layers } = run.config;
  const queries = sequence.queries.length;
  if (run.kind !== attention.kind) return `kind ${run.kind} ≠ its attention's`;
  if (run.config.maxSeqLen !== protocol.contextLength)
    return `context ${run.config.maxSeqLen}, its protocol says ${protocol.contextLength}`;
  if (run.initScale && !['mha', 'mqa', 'gqa'].includes(run.kind))
    return 'an init scale needs W_q, W_k and W_v (MHA, MQA, GQA)';
  if (run.byQuery.length !== queries || run.elimination.length !== queries)
    return `${run.byQuery.length} query accuracies and ${run.elimination.length} elimination scores for ${queries} queries`;
  const mean = run.byQuery.reduce((a, b) => a + b, 0) / queries;
  if (Math.abs(mean - run.final.accuracy) > 1e-6)
    return `accuracy ${run.final.accuracy} is not the mean of its queries' (${mean})`;
  if (run.answers % queries !== 0) return `${run.answers} answers is not a whole number of sequences`;
  const wrong = run.answers - Math.round(run.final.accuracy * run.answers);
  if (run.wrong.total !== wrong) return `${run.wrong.total} wrong answers, its accuracy says ${wrong}`;
  if (run.wrong.stillInPlay > run.wrong.total) return 'more wrong answers in play than wrong answers';
  const steps = run.curve.map((p) => p.step);
  if (steps.some((s, i) => i > 0 && s <= steps[i - 1]!)) return 'curve steps are not increasing';
  if (steps.at(-1) !== run.steps) return `curve ends at step ${steps.at(-1)}, not ${run.steps}`;
  const heads = new Set(run.heads.map((h) => `${h.layer}/${h.head}`));
  const expected = layers * attention.heads;
  if (heads.size !== expected || run.heads.length !== expected)
    return `${run.heads.length} head scores for ${layers} layers × ${attention.heads} heads`;
  if (run.heads.some((h) => h.layer >= layers || h.head >= attention.heads))
    return 'a head score past the model';
  if (run.sequence) {
    if (run.sequence.predicted.length !== queries)
      return `${run.sequence.predicted.length} predicted answers for ${queries} queries`;
    const problem = attentionProblem(run.sequence.attention, layers, attention.heads, sequence.tokens.length);
    if (problem) return problem;
  }
  return null;
}

/** What is wrong in the recall-diagnosis section, or null. */
export function diagnosisProblem(section: RecallDiagnosis): string | null {
  const { sequence, protocol } = section;
  const t = sequence.tokens.length;
  if (t !== protocol.contextLength)
    return `the sequence has ${t} tokens, the protocol's context is ${protocol.contextLength}`;
  for (const q of sequence.queries) {
    if (q.position >= t || q.pair >= sequence.numPairs)
      return `query at ${q.position} is outside the sequence`;
    if (sequence.tokens[q.position] !== sequence.tokens[2 * q.pair])
      return `query at ${q.position} is not the key of pair ${q.pair}`;
    if (q.answer !== sequence.tokens[2 * q.pair + 1])
      return `query at ${q.position}: its answer is not its pair's value`;
  }
  const ids = new Set<string>();
  for (const run of section.runs) {
    if (ids.has(run.id)) return `run ${run.id}: id appears twice`;
    ids.add(run.id);
    const problem = diagnosisRunProblem(run, section);
    if (problem) return `run ${run.id}: ${problem}`;
  }
  if (section.runs.filter((r) => r.role === 'official').length > 1) return 'more than one official run';
  return null;
}
