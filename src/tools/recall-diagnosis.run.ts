/**
 * `npm run recall-diagnosis`: trains one associative-recall run the way `npm run pretrain` does (the
 * sweep's protocol, src/training/point-run's `trainPoint`, wasm single thread) and reports what the final
 * accuracy alone hides (docs/recall-diagnosis.md):
 * - along training and at the end, recall accuracy by query order and by asked pair, next to the
 *   "elimination" score that needs no key → value binding (src/data/recall-breakdown.ts);
 * - at the end, per layer and head, the previous-token score and where the query keys attend
 *   (src/model/recall-attention.ts), averaged over 32 validation sequences.
 * It writes `<tag>.json` (and `<tag>.weights.json`, the trained weights) into DIAG_OUT and prints a summary.
 *
 * Environment:
 *   DIAG_KIND=tpa            attention kind (mha, mqa, gqa, mla, tpa, tpa-kvonly)
 *   DIAG_KNOBS='{"modelLayers":3}'   playground knobs on top of the default model (ranks, heads, layers, …)
 *   DIAG_VARIANT='{"headFactor":"constant"}'   a labelled TPA variant (TpaVariant, src/memory)
 *   DIAG_STEPS, DIAG_LR, DIAG_SEED   override the recall protocol's steps, peak learning rate, seed
 *   DIAG_INIT_SCALE='{"attn\\.W_B_k$":3}'   multiply the parameters whose names match each regex after
 *                            init (init-scale experiments on any kind)
 *   DIAG_EVERY=100           breakdown every n steps (on 16 validation batches of 8)
 *   DIAG_OUT=/tmp/recall-diagnosis, DIAG_TAG=<run id>
 */
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import { createMqarTask } from '../data';
import type { MqarTask } from '../data';
import { rate } from '../data/recall-breakdown';
import type { RecallBreakdown, RecallCount } from '../data/recall-breakdown';
import { isAttentionKind } from '../spec';
import type { AttentionConfig, TpaVariant } from '../spec';
import { createT6Model, exportWeights } from '../model';
import type { T6Model } from '../model';
import { datasetSpecOf } from '../config/dataset-spec';
import { DEFAULT_CONFIG } from '../config';
import { pointPlanOf } from '../sweep/point-plan';
import { SWEEP_PROTOCOLS } from '../sweep/protocol';
import { HEAD_SEQUENCE_SEED } from '../sweep/recall-diagnosis';
import { buildRun } from '../sweep/runs';
import { trainPoint } from '../training/point-run';
import { loadTrainingData } from '../training/training-data';
import { publicFileReader, useWasmBackend } from './pretrain-node';
import { breakdownOf, headScores } from './recall-measure';
import type { HeadScores } from './recall-measure';

const pct = (x: number) => Math.round(1000 * x) / 10;

/** Percentages of a breakdown: overall, by query, by pair, elimination by query, wrong answers still in play. */
export function breakdownSummary(r: RecallBreakdown) {
  const sum = (cs: readonly RecallCount[]) =>
    cs.reduce((s, c) => ({ correct: s.correct + c.correct, scored: s.scored + c.scored }), {
      correct: 0,
      scored: 0,
    });
  return {
    accuracy: pct(rate(sum(r.byQuery))),
    byQuery: r.byQuery.map((c) => pct(rate(c))),
    byPair: r.byPair.map((c) => pct(rate(c))),
    elimination: r.eliminationByQuery.map((e, j) => pct(e / (r.byQuery[j]?.scored ?? NaN))),
    wrongStillInPlay: pct(r.wrong.leftValue / Math.max(1, r.wrong.total)),
  };
}

type HeadMeans = Omit<HeadScores, 'layer' | 'head'>;

/** Per layer and head (`L1H0` = layer 1, head 0), `recallAttention`'s means over `sequences` sequences. */
function headMeans(model: T6Model, task: MqarTask, sequences: number): Map<string, HeadMeans> {
  return new Map(
    headScores(model, task, sequences, HEAD_SEQUENCE_SEED).map(({ layer, head, ...h }) => [
      `L${layer + 1}H${head}`,
      h,
    ]),
  );
}

/** The two steps of the induction circuit: the best previous-token head of layer 1, the best value-reading head of the last layer. */
function circuitScores(heads: Map<string, HeadMeans>, layers: number) {
  const of = (layer: number, f: (h: HeadMeans) => number) =>
    Math.max(...[...heads].filter(([k]) => k.startsWith(`L${layer}H`)).map(([, h]) => f(h)));
  const r = (x: number) => Math.round(100 * x) / 100;
  return { previousToken: r(of(1, (h) => h.previousToken)), queryOnValue: r(of(layers, (h) => h.onValue)) };
}

const json = <T>(text: string | undefined, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);

it(
  'trains one recall run and breaks its accuracy and attention down',
  async () => {
    await useWasmBackend();
    const env = process.env;
    const kind = env.DIAG_KIND ?? 'tpa';
    if (!isAttentionKind(kind)) throw new Error(`DIAG_KIND: no attention kind ${kind}`);
    const base = SWEEP_PROTOCOLS.recall;
    const protocol = {
      ...base,
      steps: env.DIAG_STEPS ? Number(env.DIAG_STEPS) : base.steps,
      learningRate: env.DIAG_LR ? Number(env.DIAG_LR) : base.learningRate,
      seed: env.DIAG_SEED ? Number(env.DIAG_SEED) : base.seed,
    };
    const knobs = json<Record<string, unknown>>(env.DIAG_KNOBS, {});
    const built = buildRun(
      { task: 'recall', kind, matching: 'head', knobs },
      { ...SWEEP_PROTOCOLS, recall: protocol },
    );
    const variant = json<TpaVariant | null>(env.DIAG_VARIANT, null);
    if (variant && built.shape.attention.kind !== 'tpa' && built.shape.attention.kind !== 'tpa-kvonly')
      throw new Error('DIAG_VARIANT applies to tpa and tpa-kvonly only');
    const attention = (
      variant ? { ...built.shape.attention, variant } : built.shape.attention
    ) as AttentionConfig;
    const run = { ...built, shape: { ...built.shape, attention } };
    const tag = env.DIAG_TAG ?? run.id;
    const out = env.DIAG_OUT ?? '/tmp/recall-diagnosis';
    const log = (line: string) => process.stdout.write(`[${tag}] ${line}\n`);

    const dataset = datasetSpecOf(
      { ...DEFAULT_CONFIG, dataset: 'recall', modelContext: run.shape.maxSeqLen },
      '',
    );
    if (dataset.kind !== 'recall') throw new Error('recall dataset expected');
    const data = await loadTrainingData(dataset, run.shape.maxSeqLen, publicFileReader());
    const plan = pointPlanOf(run, protocol);
    const model = createT6Model({ ...run.shape, vocabSize: data.tokenizer.vocabSize }, plan.seed);
    const scales = json<Record<string, number>>(env.DIAG_INIT_SCALE, {});
    for (const [pattern, factor] of Object.entries(scales)) {
      const re = new RegExp(pattern);
      const hit = Object.entries(model.params).filter(([name]) => re.test(name));
      if (hit.length === 0) throw new Error(`DIAG_INIT_SCALE: no parameter matches ${pattern}`);
      for (const [, v] of hit) tf.tidy(() => v.assign(tf.mul(v, factor)));
    }
    const numPairs = dataset.task.numPairs;
    const task = createMqarTask({ ...dataset.task, contextLength: run.shape.maxSeqLen });
    const every = Number(env.DIAG_EVERY ?? 100);
    const probe = data.validation(8, 16);
    const curve: unknown[] = [];
    let step = 0;
    log(
      `${JSON.stringify(attention)} layers ${run.shape.layers}, ${protocol.steps} steps at ${protocol.learningRate}`,
    );
    try {
      const trained = await trainPoint(model, data, plan, {
        afterStep: async () => {
          step++;
          if (step % every !== 0 && step !== protocol.steps) return;
          const s = {
            ...breakdownSummary(breakdownOf(model, probe, numPairs)),
            ...circuitScores(headMeans(model, task, 16), run.shape.layers),
          };
          curve.push({ step, ...s });
          log(`step ${step}: ${JSON.stringify(s)}`);
        },
      });
      const final = breakdownSummary(breakdownOf(model, data.validation(8, 40), numPairs));
      log(`final ${JSON.stringify(final)}, wall ${(trained.wallMs / 1000).toFixed(0)} s`);

      const heads = headMeans(model, task, 32);
      for (const [key, a] of heads)
        log(
          `${key}: previous token ${a.previousToken.toFixed(2)}, query → its key ${a.onKey.toFixed(2)}, ` +
            `its value ${a.onValue.toFixed(2)}, other values ${a.onOtherValues.toFixed(2)}`,
        );
      mkdirSync(out, { recursive: true });
      const record = {
        tag,
        id: run.id,
        shape: run.shape,
        protocol,
        initScale: scales,
        wallMs: Math.round(trained.wallMs),
        final: { loss: trained.final.loss, accuracy: trained.final.accuracy, breakdown: final },
        curve,
        heads: Object.fromEntries(heads),
        validation: trained.history.flatMap((p) =>
          p.accuracy === null ? [] : [[p.step, p.valLoss, p.accuracy]],
        ),
      };
      writeFileSync(join(out, `${tag}.json`), `${JSON.stringify(record)}\n`);
      const weights = Object.fromEntries(
        Object.entries(exportWeights(model)).map(([k, v]) => [
          k,
          { shape: v.shape, data: Array.from(v.data) },
        ]),
      );
      writeFileSync(join(out, `${tag}.weights.json`), JSON.stringify(weights));
    } finally {
      model.dispose();
    }
  },
  6 * 3600_000,
);
