/**
 * One child process of a parallel `npm run pretrain` (src/tools/pretrain-parallel.ts), run as the vitest
 * project `pretrain-worker` with PRETRAIN_JOB_DIR set: claims jobs in the shared job folder, costliest
 * first, trains each on single-threaded wasm and writes its result there, until no job is left, or until
 * the pretrain that owns the folder stops running. A job another child left unfinished goes on from its
 * last snapshot (src/tools/pretrain-resume.ts).
 */
import { it } from 'vitest';
import { claimJob, claimOrder, jobFiles, ownerOf, running, saveJob } from './pretrain-parallel';
import { pretrainOptionsFromEnv, useWasmBackend } from './pretrain-node';
import { jobsForPart } from './pretrain-jobs';
import { runJob } from './pretrain-sweep';
import { dataLoader } from './pretrain-train';
import { readSnapshot, removeResumeFiles, resumableHooks, writeProgress } from './pretrain-resume';
import { access } from 'node:fs/promises';

const dir = process.env.PRETRAIN_JOB_DIR;
/** how often a child checks that the pretrain that started it still runs */
const WATCH_MS = 5000;

it.skipIf(!dir)(
  'trains the pretrain jobs it claims',
  async () => {
    const folder = dir!;
    // a child outlives its pretrain when that is killed: stop then instead of training on for nobody
    // (checked before each step: the training loop keeps the event loop too busy for a timer)
    const owner = await ownerOf(folder);
    let checked = Date.now();
    const hooks = {
      beforeStep: () => {
        if (owner !== null && Date.now() - checked >= WATCH_MS) {
          checked = Date.now();
          if (!running(owner)) process.exit(1);
        }
        return Promise.resolve();
      },
    };
    await useWasmBackend();
    const options = pretrainOptionsFromEnv(process.env, (line) => process.stdout.write(`${line}\n`));
    const load = dataLoader(options.fetchText);
    for (const job of claimOrder(jobsForPart(process.env.PRETRAIN_PART, options))) {
      const done = await access(jobFiles(folder, job.key).result).then(
        () => true,
        () => false,
      );
      if (done || !(await claimJob(folder, job.key))) continue;
      const files = jobFiles(folder, job.key);
      const resume = await readSnapshot(files, (line) => process.stdout.write(`${line}\n`));
      process.stdout.write(`${job.key} …${resume ? ` going on from step ${resume.step}` : ''}\n`);
      const checkpoints = new Map<string, Uint8Array>();
      const start = resume?.step ?? 0;
      await writeProgress(files, { step: start, snapshotStep: start });
      const jobHooks = resumableHooks(files, hooks, start);
      const result = await runJob(job, options, load, checkpoints, jobHooks, resume);
      await saveJob(folder, result, checkpoints);
      await removeResumeFiles(files);
      process.stdout.write(`${result.summary}\n`);
    }
  },
  72 * 3600_000, // as the pretrain's own limit (pretrain.run.ts)
);
