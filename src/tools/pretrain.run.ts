/**
 * `npm run pretrain`: trains the default sweep (src/sweep/runs.ts) in Node on the wasm backend and
 * writes public/pretrained/ (manifest.json and float16 checkpoints). Runs as the vitest project
 * `pretrain`, one long "test". The whole sweep trains in several processes at once
 * (src/tools/pretrain-parallel.ts), with a progress bar; an interrupted pretrain resumes where it stopped.
 *
 * Environment (for trying things out; the shipped files use the defaults):
 *   PRETRAIN_JOBS=n       train in n processes (default: one per core; the results do not depend on it)
 *   PRETRAIN_OUT=dir      write there instead of public/pretrained
 *   PRETRAIN_STEPS=n      train n steps per run instead of the protocols'
 *   PRETRAIN_LR=x         train at peak learning rate x instead of the protocols'
 *   PRETRAIN_ONLY=id,id   train only these runs
 *   PRETRAIN_PART=quick   train only the quick budget's section and put it into the manifest already in
 *                         the output folder (the rest of the manifest and the checkpoints stay as they are)
 *   PRETRAIN_PART=recall  train only the recall runs and the reproducibility check again, likewise
 *   PRETRAIN_PART=long    train the long budget's section (src/sweep/protocol LONG_PROTOCOL) into the
 *                         manifest already in the output folder
 *   PRETRAIN_PART=extended  train the extended budget's section (src/sweep/protocol EXTENDED_PROTOCOL: MHA and
 *                         the default TPA at twice the long budget's steps) into the manifest already there
 *   PRETRAIN_PART=longest  train the longest budget's section (LONGEST_PROTOCOL: the long budget's runs and
 *                         replicas at four times its steps) into the manifest already there
 *   PRETRAIN_PART=check   train only the reproducibility check again, likewise (after a change of kernel
 *                         order that moves the float rounding)
 *   PRETRAIN_PART=recall-diagnosis   train the recall diagnosis's runs (src/sweep/recall-diagnosis.ts)
 *                         into the manifest already in the output folder (src/tools/pretrain-diagnosis.ts);
 *                         with PRETRAIN_ONLY, only those runs, replacing theirs in the section
 */
import { availableParallelism } from 'node:os';
import { it } from 'vitest';
import { MANIFEST_VERSION, parseManifest } from '../sweep/manifest';
import {
  pretrainOptionsFromEnv,
  readManifestJson,
  useWasmBackend,
  writeManifest,
  writePretrained,
} from './pretrain-node';
import { pretrainParallel, trainJobsParallel } from './pretrain-parallel';
import { budgetJobs, isParallelBudget } from './pretrain-jobs';
import { sectionFor } from './pretrain-sections';
import { pretrainCheck, pretrainQuick, pretrainRecall } from './pretrain-sweep';
import { writeRecallDiagnosis } from './pretrain-diagnosis';

/**
 * vitest's time limit for the whole pretrain: the long part alone is about 9 hours of one core here (and
 * a stop loses little: pretrain-resume.ts), so the limit only catches a pretrain that hangs.
 */
const THREE_DAYS = 72 * 3600_000;
/** The budgets trained as a section of their own into the manifest already in the output folder. */
/** Finished jobs are kept here until the manifest is written (ignored by git). */
const CACHE_ROOT = 'node_modules/.cache/t6-pretrain';

it(
  'trains the default sweep and writes public/pretrained/',
  async () => {
    await useWasmBackend();
    const env = process.env;
    const out = env.PRETRAIN_OUT ?? 'public/pretrained';
    const started = Date.now();
    const options = pretrainOptionsFromEnv(env, (line) =>
      process.stdout.write(`[pretrain ${((Date.now() - started) / 1000).toFixed(0)} s] ${line}\n`),
    );
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
    const processes = env.PRETRAIN_JOBS ? Number(env.PRETRAIN_JOBS) : availableParallelism();
    if (!Number.isInteger(processes) || processes < 1)
      throw new Error(`PRETRAIN_JOBS=${env.PRETRAIN_JOBS} is not a count`);
    const parallel = {
      options,
      processes,
      cacheRoot: CACHE_ROOT,
      env,
      write: (text: string) => process.stdout.write(text),
      live: process.stdout.isTTY === true,
    };
    const part = env.PRETRAIN_PART;
    if (isParallelBudget(part)) {
      const { results, done } = await trainJobsParallel(parallel, budgetJobs(part, options));
      const section = sectionFor(part, options, results);
      const manifest = { ...(await readManifestJson(out)), version: MANIFEST_VERSION, [part]: section };
      const parsed = parseManifest(JSON.parse(JSON.stringify(manifest)));
      if (!parsed.ok) throw new Error(`the updated manifest is malformed: ${parsed.message}`);
      await writeManifest(out, parsed.value);
      await done();
      process.stdout.write(
        `[pretrain] wrote the ${part} section of ${out}/manifest.json (its runs' training time ${(section.wallMs / 60000).toFixed(1)} min)\n`,
      );
      return;
    }
    if (env.PRETRAIN_PART === 'recall-diagnosis') {
      await writeRecallDiagnosis(out, {
        protocol: options.protocols.recall,
        steps: env.PRETRAIN_STEPS ? Number(env.PRETRAIN_STEPS) : undefined,
        fetchText: options.fetchText,
        log: options.log,
        only: options.only,
      });
      return;
    }
    if (env.PRETRAIN_PART === 'recall' || env.PRETRAIN_PART === 'check') {
      const previous = parseManifest(await readManifestJson(out));
      if (!previous.ok) throw new Error(`the manifest in ${out} is malformed: ${previous.message}`);
      const recall = env.PRETRAIN_PART === 'recall';
      const updated = recall
        ? await pretrainRecall(options, previous.value)
        : await pretrainCheck(options, previous.value);
      const parsed = parseManifest(JSON.parse(JSON.stringify(updated)));
      if (!parsed.ok) throw new Error(`the updated manifest is malformed: ${parsed.message}`);
      await writeManifest(out, parsed.value);
      const what = recall ? 'the recall runs and the check' : 'the check';
      process.stdout.write(`[pretrain] wrote ${what} of ${out}/manifest.json\n`);
      return;
    }
    const { output, done } = await pretrainParallel(parallel);
    // the long and extended budgets and the recall diagnosis are trained by their own parts (PRETRAIN_PART=
    // long, extended and recall-diagnosis): a whole pretrain keeps those already in the output folder
    const previous: Record<string, unknown> = await readManifestJson(out).catch(() => ({}));
    const kept = Object.fromEntries(
      ['long', 'extended', 'longest', 'recallDiagnosis']
        .filter((k) => previous[k] !== undefined)
        .map((k) => [k, previous[k]]),
    );
    const parsed = parseManifest(JSON.parse(JSON.stringify({ ...output.manifest, ...kept })));
    if (!parsed.ok) throw new Error(`the new manifest is malformed: ${parsed.message}`);
    if (Object.keys(kept).length > 0)
      process.stdout.write(
        `[pretrain] kept the ${Object.keys(kept).join(' and ')} section(s) already in ${out}/manifest.json (retrain them with their PRETRAIN_PART)\n`,
      );
    await writePretrained(out, { ...output, manifest: parsed.value });
    await done();
    process.stdout.write(
      `[pretrain] wrote ${out}/ in ${(output.manifest.totalWallMs / 60000).toFixed(1)} min\n`,
    );
  },
  THREE_DAYS,
);
