/**
 * `npm run pretrain`: trains the default sweep (src/sweep/runs.ts) in Node on the wasm backend and
 * writes public/pretrained/ (manifest.json and float16 checkpoints). Runs as the vitest project
 * `pretrain`, one long "test".
 *
 * Environment (for trying things out; the shipped files use the defaults):
 *   PRETRAIN_OUT=dir      write there instead of public/pretrained
 *   PRETRAIN_STEPS=n      train n steps per run instead of the protocols'
 *   PRETRAIN_LR=x         train at peak learning rate x instead of the protocols'
 *   PRETRAIN_ONLY=id,id   train only these runs
 *   PRETRAIN_PART=quick   train only the quick budget's section and put it into the manifest already in
 *                         the output folder (the rest of the manifest and the checkpoints stay as they are)
 *   PRETRAIN_PART=recall  train only the recall runs and the reproducibility check again, likewise
 *   PRETRAIN_PART=long    train the long budget's section (src/sweep/protocol LONG_PROTOCOL) into the
 *                         manifest already in the output folder
 *   PRETRAIN_PART=recall-diagnosis   train the recall diagnosis's runs (src/sweep/recall-diagnosis.ts)
 *                         into the manifest already in the output folder (src/tools/pretrain-diagnosis.ts);
 *                         with PRETRAIN_ONLY, only those runs, replacing theirs in the section
 */
import { expect, it } from 'vitest';
import { MANIFEST_VERSION, parseManifest } from '../sweep/manifest';
import { LONG_PROTOCOL, QUICK_PROTOCOL, SWEEP_PROTOCOLS } from '../sweep/protocol';
import {
  nodeEnvironment,
  publicFileReader,
  readManifestJson,
  sha256Hex,
  useWasmBackend,
  writeManifest,
  writePretrained,
} from './pretrain-node';
import { pretrain, pretrainLong, pretrainQuick, pretrainRecall } from './pretrain-sweep';
import { writeRecallDiagnosis } from './pretrain-diagnosis';
import type { PretrainOptions } from './pretrain-sweep';

const SIX_HOURS = 6 * 3600_000;

it(
  'trains the default sweep and writes public/pretrained/',
  async () => {
    await useWasmBackend();
    const env = process.env;
    const out = env.PRETRAIN_OUT ?? 'public/pretrained';
    const steps = (task: 'corpus' | 'recall') =>
      env.PRETRAIN_STEPS ? Number(env.PRETRAIN_STEPS) : SWEEP_PROTOCOLS[task].steps;
    const learningRate = (task: 'corpus' | 'recall') =>
      env.PRETRAIN_LR ? Number(env.PRETRAIN_LR) : SWEEP_PROTOCOLS[task].learningRate;
    const only = env.PRETRAIN_ONLY ? new Set(env.PRETRAIN_ONLY.split(',')) : undefined;
    const started = Date.now();
    const options: PretrainOptions = {
      protocols: {
        corpus: { ...SWEEP_PROTOCOLS.corpus, steps: steps('corpus'), learningRate: learningRate('corpus') },
        recall: { ...SWEEP_PROTOCOLS.recall, steps: steps('recall'), learningRate: learningRate('recall') },
      },
      quickProtocol: env.PRETRAIN_STEPS
        ? { ...QUICK_PROTOCOL, steps: Number(env.PRETRAIN_STEPS) }
        : QUICK_PROTOCOL,
      longProtocol: env.PRETRAIN_STEPS
        ? { ...LONG_PROTOCOL, steps: Number(env.PRETRAIN_STEPS) }
        : LONG_PROTOCOL,
      fetchText: publicFileReader(),
      sha256: sha256Hex,
      environment: nodeEnvironment(),
      log: (line) =>
        process.stdout.write(`[pretrain ${((Date.now() - started) / 1000).toFixed(0)} s] ${line}\n`),
      only,
    };
    if (env.PRETRAIN_PART === 'quick') {
      const quick = await pretrainQuick(options);
      const manifest = { ...(await readManifestJson(out)), version: MANIFEST_VERSION, quick };
      const parsed = parseManifest(manifest);
      if (!parsed.ok) throw new Error(`the updated manifest is malformed: ${parsed.message}`);
      await writeManifest(out, parsed.value);
      process.stdout.write(
        `[pretrain] wrote the quick section of ${out}/manifest.json in ${(quick.wallMs / 1000).toFixed(0)} s\n`,
      );
      return;
    }
    if (env.PRETRAIN_PART === 'long') {
      const long = await pretrainLong(options);
      const manifest = { ...(await readManifestJson(out)), version: MANIFEST_VERSION, long };
      const parsed = parseManifest(JSON.parse(JSON.stringify(manifest)));
      if (!parsed.ok) throw new Error(`the updated manifest is malformed: ${parsed.message}`);
      await writeManifest(out, parsed.value);
      process.stdout.write(
        `[pretrain] wrote the long section of ${out}/manifest.json in ${(long.wallMs / 60000).toFixed(1)} min\n`,
      );
      return;
    }
    if (env.PRETRAIN_PART === 'recall-diagnosis') {
      await writeRecallDiagnosis(out, {
        protocol: options.protocols.recall,
        steps: env.PRETRAIN_STEPS ? Number(env.PRETRAIN_STEPS) : undefined,
        fetchText: options.fetchText,
        log: options.log,
        only,
      });
      return;
    }
    if (env.PRETRAIN_PART === 'recall') {
      const previous = parseManifest(await readManifestJson(out));
      if (!previous.ok) throw new Error(`the manifest in ${out} is malformed: ${previous.message}`);
      const parsed = parseManifest(JSON.parse(JSON.stringify(await pretrainRecall(options, previous.value))));
      if (!parsed.ok) throw new Error(`the updated manifest is malformed: ${parsed.message}`);
      await writeManifest(out, parsed.value);
      process.stdout.write(`[pretrain] wrote the recall runs and the check of ${out}/manifest.json\n`);
      return;
    }
    const result = await pretrain(options);
    const parsed = parseManifest(JSON.parse(JSON.stringify(result.manifest)));
    expect(parsed.ok ? 'ok' : parsed.message).toBe('ok');
    await writePretrained(out, result);
    process.stdout.write(
      `[pretrain] wrote ${out}/ in ${(result.manifest.totalWallMs / 60000).toFixed(1)} min\n`,
    );
  },
  SIX_HOURS,
);
