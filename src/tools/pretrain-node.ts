/**
 * Node side of `npm run pretrain` and its test: the wasm backend (tfjs finds its .wasm files next to
 * its own dist in Node), files of public/ read from disk, SHA-256 from node:crypto, and writing the
 * results. Runs under vitest, which resolves tfjs-core's extension-less ESM imports (docs/backends.md#node).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../sweep/manifest';
import {
  EXTENDED_PROTOCOL,
  LONG_PROTOCOL,
  LONGEST_PROTOCOL,
  QUICK_PROTOCOL,
  SWEEP_PROTOCOLS,
} from '../sweep/protocol';
import type { SweepTask } from '../sweep/protocol';
import type { FetchText } from '../training/training-data';
import type { PretrainOptions } from './pretrain-jobs';
import type { PretrainOutput } from './pretrain-sections';

/** The backend every shipped number was computed on. */
const PRETRAIN_BACKEND = 'wasm';

/** Switches tfjs to single-threaded wasm (deterministic, and what the tests use). */
export async function useWasmBackend(): Promise<void> {
  tf.env().set('PROD', true); // silences the Node banner (not IS_TEST: docs/backends.md#test-mode-leak-check)
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend(PRETRAIN_BACKEND))) throw new Error('the tfjs wasm backend did not start');
  await tf.ready();
}

/** Reads `public/<path>` as text: the worker's FetchText, from disk. */
export function publicFileReader(root = 'public'): FetchText {
  return (path) => readFile(join(root, path), 'utf8');
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return createHash('sha256').update(bytes).digest('hex');
}

function nodeEnvironment(): Manifest['environment'] {
  return {
    backend: `tfjs ${PRETRAIN_BACKEND} (single thread)`,
    tfjs: tf.version_core,
    node: process.version,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`.slice(0, 80),
  };
}

/** Writes `dir`/manifest.json alone (the checkpoints stay as they are). */
export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest)}\n`);
}

/** Reads `dir`/manifest.json as plain JSON (unchecked: it may be of an older version). */
export async function readManifestJson(dir: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
}

/**
 * Writes manifest.json and the checkpoints into `dir`, and removes checkpoint files that no run
 * names any more.
 */
export async function writePretrained(dir: string, out: PretrainOutput): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(dir)) {
    if (name.endsWith('.f16.bin') && !out.checkpoints.has(name)) await rm(join(dir, name));
  }
  for (const [name, bytes] of out.checkpoints) await writeFile(join(dir, name), bytes);
  await writeManifest(dir, out.manifest);
}

/**
 * The pretrain settings of the environment (README, src/tools/pretrain.run.ts): PRETRAIN_STEPS,
 * PRETRAIN_LR and PRETRAIN_ONLY. The parent and every child process build their job lists from this.
 */
export function pretrainOptionsFromEnv(env: NodeJS.ProcessEnv, log: (line: string) => void): PretrainOptions {
  const steps = (task: SweepTask) =>
    env.PRETRAIN_STEPS ? Number(env.PRETRAIN_STEPS) : SWEEP_PROTOCOLS[task].steps;
  const learningRate = (task: SweepTask) =>
    env.PRETRAIN_LR ? Number(env.PRETRAIN_LR) : SWEEP_PROTOCOLS[task].learningRate;
  return {
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
    extendedProtocol: env.PRETRAIN_STEPS
      ? { ...EXTENDED_PROTOCOL, steps: Number(env.PRETRAIN_STEPS) }
      : EXTENDED_PROTOCOL,
    longestProtocol: env.PRETRAIN_STEPS
      ? { ...LONGEST_PROTOCOL, steps: Number(env.PRETRAIN_STEPS) }
      : LONGEST_PROTOCOL,
    fetchText: publicFileReader(),
    sha256: sha256Hex,
    environment: nodeEnvironment(),
    log,
    only: env.PRETRAIN_ONLY ? new Set(env.PRETRAIN_ONLY.split(',')) : undefined,
  };
}
