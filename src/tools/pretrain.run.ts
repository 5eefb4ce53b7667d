/**
 * `npm run pretrain`: trains the default sweep (src/sweep/runs.ts) in Node on the wasm backend and
 * writes public/pretrained/ (manifest.json and float16 checkpoints). Runs as the vitest project
 * `pretrain`, one long "test".
 *
 * Environment (for trying things out; the shipped files use the defaults):
 *   PRETRAIN_OUT=dir      write there instead of public/pretrained
 *   PRETRAIN_STEPS=n      train n steps per run instead of the protocols'
 *   PRETRAIN_ONLY=id,id   train only these runs
 */
import { expect, it } from 'vitest';
import { parseManifest } from '../sweep/manifest';
import { SWEEP_PROTOCOLS } from '../sweep/protocol';
import {
  nodeEnvironment,
  publicFileReader,
  sha256Hex,
  useWasmBackend,
  writePretrained,
} from './pretrain-node';
import { pretrain } from './pretrain-sweep';

const SIX_HOURS = 6 * 3600_000;

it(
  'trains the default sweep and writes public/pretrained/',
  async () => {
    await useWasmBackend();
    const env = process.env;
    const out = env.PRETRAIN_OUT ?? 'public/pretrained';
    const steps = (task: 'corpus' | 'recall') =>
      env.PRETRAIN_STEPS ? Number(env.PRETRAIN_STEPS) : SWEEP_PROTOCOLS[task].steps;
    const only = env.PRETRAIN_ONLY ? new Set(env.PRETRAIN_ONLY.split(',')) : undefined;
    const started = Date.now();
    const result = await pretrain({
      protocols: {
        corpus: { ...SWEEP_PROTOCOLS.corpus, steps: steps('corpus') },
        recall: { ...SWEEP_PROTOCOLS.recall, steps: steps('recall') },
      },
      fetchText: publicFileReader(),
      sha256: sha256Hex,
      environment: nodeEnvironment(),
      log: (line) =>
        process.stdout.write(`[pretrain ${((Date.now() - started) / 1000).toFixed(0)} s] ${line}\n`),
      only,
    });
    const parsed = parseManifest(JSON.parse(JSON.stringify(result.manifest)));
    expect(parsed.ok ? 'ok' : parsed.message).toBe('ok');
    await writePretrained(out, result);
    process.stdout.write(
      `[pretrain] wrote ${out}/ in ${(result.manifest.totalWallMs / 60000).toFixed(1)} min\n`,
    );
  },
  SIX_HOURS,
);
