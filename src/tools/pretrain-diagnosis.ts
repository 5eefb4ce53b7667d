/**
 * `PRETRAIN_PART=recall-diagnosis npm run pretrain` without the file system: trains the recall
 * diagnosis's runs (src/sweep/recall-diagnosis.ts) with the sweep's loop (src/training/point-run
 * `trainPoint`, the plan of src/sweep/point-plan, the recall data of src/training/training-data), then
 * measures each (src/tools/recall-measure.ts) and assembles the manifest's `recallDiagnosis` section.
 * Deterministic apart from the wall times it records.
 */
import { createMqarTask, createRng } from '../data';
import type { MqarTask } from '../data';
import { rate } from '../data/recall-breakdown';
import { createT6Model, parameterCount } from '../model';
import { officialTpaSpreadScale, scaleQkvInit } from '../model/init-scale';
import type { QkvScale } from '../model/init-scale';
import { MANIFEST_VERSION, parseManifest } from '../sweep/manifest';
import type { ManifestDiagnosisRun, ManifestRecallDiagnosis } from '../sweep/manifest';
import { datasetOfRun, pointPlanOf } from '../sweep/point-plan';
import { SWEEP_PROTOCOLS } from '../sweep/protocol';
import type { TrainingProtocol } from '../sweep/protocol';
import {
  ATTENTION_DECIMALS,
  DIAGNOSIS_SEQUENCE_SEED,
  HEAD_SEQUENCE_SEED,
  HEAD_SEQUENCES,
  recallDiagnosisSweep,
} from '../sweep/recall-diagnosis';
import type { DiagnosisRun } from '../sweep/recall-diagnosis';
import { trainPoint } from '../training/point-run';
import type { FetchText, TrainingData } from '../training/training-data';
import { readManifestJson, writeManifest } from './pretrain-node';
import { dataLoader } from './pretrain-train';
import { breakdownOf, headScores, sequenceAttention } from './recall-measure';

export interface DiagnosisOptions {
  /** the recall protocol the runs start from (default: the sweep's) */
  protocol?: TrainingProtocol;
  /** train every run this many steps instead (a quick try; the shipped section uses the runs' own) */
  steps?: number;
  fetchText: FetchText;
  log: (line: string) => void;
  /** only these run ids (default: all) */
  only?: ReadonlySet<string>;
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

/** The recall task of a run's data (its tokenizer and generator). */
function taskOf(run: DiagnosisRun): MqarTask {
  const dataset = datasetOfRun(run);
  if (dataset.kind !== 'recall') throw new Error(`${run.id}: not a recall run`);
  return createMqarTask({ ...dataset.task, contextLength: run.shape.maxSeqLen });
}

/** The Q, K, V init scale a run asks for, or null. */
function initScaleOf(run: DiagnosisRun): QkvScale | null {
  if (!run.initSpreadOf) return null;
  const { dModel, attention } = run.shape;
  return officialTpaSpreadScale(dModel, attention.heads, attention.headDim, run.initSpreadOf);
}

/** Trains one run under its protocol and measures it: its entry of the section. */
async function trainDiagnosisRun(run: DiagnosisRun, data: TrainingData): Promise<ManifestDiagnosisRun> {
  const { protocol } = run;
  const plan = pointPlanOf(run, protocol);
  const task = taskOf(run);
  const model = createT6Model({ ...run.shape, vocabSize: data.tokenizer.vocabSize }, plan.seed);
  try {
    const initScale = initScaleOf(run);
    if (initScale) scaleQkvInit(model.params, initScale);
    const out = await trainPoint(model, data, plan).catch((e: unknown) => {
      throw new Error(`${run.id}: ${e instanceof Error ? e.message : String(e)}`);
    });
    if (out.final.accuracy === null) throw new Error(`${run.id}: no recall accuracy`);
    const numPairs = task.config.numPairs;
    // the final validation's batches again, answer by answer
    const b = breakdownOf(
      model,
      data.validation(protocol.finalEvalBatchSize, protocol.finalEvalBatches),
      numPairs,
    );
    const answers = b.byQuery.reduce((s, c) => s + c.scored, 0);
    const correct = b.byQuery.reduce((s, c) => s + c.correct, 0);
    if (correct / answers !== out.final.accuracy)
      throw new Error(
        `${run.id}: the breakdown's ${correct}/${answers} is not the accuracy ${out.final.accuracy}`,
      );
    const text = (id: number) => task.tokenizer.decode([id]);
    const seq = task.sequence(createRng(DIAGNOSIS_SEQUENCE_SEED));
    const onSequence = run.attention
      ? sequenceAttention(model, seq, run.shape.maxSeqLen, ATTENTION_DECIMALS)
      : null;
    return {
      id: run.id,
      label: run.label,
      change: run.change,
      role: run.role,
      kind: run.kind,
      config: { ...run.shape, vocabSize: data.tokenizer.vocabSize },
      initScale: initScale && {
        q: round(initScale.q, 6),
        k: round(initScale.k, 6),
        v: round(initScale.v, 6),
      },
      learningRate: protocol.learningRate,
      steps: protocol.steps,
      seed: protocol.seed,
      parameters: parameterCount(model),
      wallMs: Math.round(out.wallMs),
      final: { valLoss: out.final.loss, accuracy: out.final.accuracy },
      answers,
      byQuery: b.byQuery.map(rate),
      elimination: b.eliminationByQuery.map((e, j) => e / b.byQuery[j]!.scored),
      wrong: { total: b.wrong.total, stillInPlay: b.wrong.leftValue },
      curve: out.history.flatMap((p) =>
        p.valLoss === null || p.accuracy === null
          ? []
          : [{ step: p.step, loss: round(p.valLoss), accuracy: round(p.accuracy) }],
      ),
      heads: headScores(model, task, HEAD_SEQUENCES, HEAD_SEQUENCE_SEED).map((h) => ({
        layer: h.layer,
        head: h.head,
        previousToken: round(h.previousToken),
        onKey: round(h.onKey),
        onValue: round(h.onValue),
        onOtherValues: round(h.onOtherValues),
      })),
      sequence: onSequence && {
        predicted: onSequence.predicted.map(text),
        attention: onSequence.attention,
      },
    };
  } finally {
    model.dispose();
  }
}

/** The section's fixed sequence, as text. */
function sequenceSection(run: DiagnosisRun): ManifestRecallDiagnosis['sequence'] {
  const task = taskOf(run);
  const seq = task.sequence(createRng(DIAGNOSIS_SEQUENCE_SEED));
  const text = (id: number) => task.tokenizer.decode([id]);
  const pairs = seq.pairs.map((p) => p.key);
  return {
    seed: DIAGNOSIS_SEQUENCE_SEED,
    tokens: Array.from(seq.tokens.subarray(0, run.shape.maxSeqLen), text),
    numPairs: task.config.numPairs,
    queries: seq.queries.map((q) => ({
      position: q.position - 1,
      pair: pairs.indexOf(q.key),
      answer: text(q.value),
    })),
  };
}

/** The diagnosis runs under `options` (the protocol, a step override, the only-filter). */
function diagnosisRuns(options: Pick<DiagnosisOptions, 'protocol' | 'steps' | 'only'>): DiagnosisRun[] {
  const runs = recallDiagnosisSweep(options.protocol ?? SWEEP_PROTOCOLS.recall);
  return runs
    .filter((r) => !options.only || options.only.has(r.id))
    .map((r) => (options.steps ? { ...r, protocol: { ...r.protocol, steps: options.steps } } : r));
}

/** Trains the diagnosis's runs one after another and assembles the section. */
async function pretrainRecallDiagnosis(options: DiagnosisOptions): Promise<ManifestRecallDiagnosis> {
  const start = performance.now();
  const runs = diagnosisRuns(options);
  const first = runs[0];
  if (!first) throw new Error('recall diagnosis: no runs');
  const load = dataLoader(options.fetchText);
  const out: ManifestDiagnosisRun[] = [];
  for (const [i, run] of runs.entries()) {
    options.log(`recall diagnosis [${i + 1}/${runs.length}] ${run.id} …`);
    const r = await trainDiagnosisRun(run, await load(run));
    options.log(
      `recall diagnosis [${i + 1}/${runs.length}] ${run.id}: recall ${(100 * r.final.accuracy).toFixed(1)}% ` +
        `(by query ${r.byQuery.map((x) => (100 * x).toFixed(1)).join(' / ')}), ${(r.wallMs / 1000).toFixed(0)} s`,
    );
    out.push(r);
  }
  return {
    protocol: { ...(options.protocol ?? SWEEP_PROTOCOLS.recall) },
    sequence: sequenceSection(first),
    headSequences: HEAD_SEQUENCES,
    runs: out,
    wallMs: Math.round(performance.now() - start),
  };
}

/**
 * Trains the section into `dir`/manifest.json (the rest of the manifest stays). With `only`, the runs
 * trained replace theirs in the section already there, in the section's order, and the others stay.
 */
export async function writeRecallDiagnosis(dir: string, options: DiagnosisOptions): Promise<void> {
  const previous = await readManifestJson(dir);
  const trained = await pretrainRecallDiagnosis(options);
  const old = previous.recallDiagnosis as ManifestRecallDiagnosis | undefined;
  let section = trained;
  if (options.only && old) {
    const order = recallDiagnosisSweep().map((r) => r.id);
    const byId = new Map([...old.runs, ...trained.runs].map((r) => [r.id, r]));
    const runs = [...byId.values()].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    const replaced = old.runs.filter((r) => options.only!.has(r.id)).reduce((s, r) => s + r.wallMs, 0);
    section = { ...trained, runs, wallMs: Math.max(0, old.wallMs - replaced) + trained.wallMs };
  }
  const manifest = { ...previous, version: MANIFEST_VERSION, recallDiagnosis: section };
  const parsed = parseManifest(JSON.parse(JSON.stringify(manifest)));
  if (!parsed.ok) throw new Error(`the updated manifest is malformed: ${parsed.message}`);
  await writeManifest(dir, parsed.value);
  options.log(
    `wrote the recall diagnosis (${section.runs.length} runs) into ${dir}/manifest.json; ` +
      `trained in ${(trained.wallMs / 60000).toFixed(1)} min`,
  );
}
