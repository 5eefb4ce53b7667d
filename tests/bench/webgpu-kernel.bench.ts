import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServer } from 'vite';
import type { ViteDevServer } from 'vite';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../e2e/browser';
import { recordTargets, verdictOf } from './report';
import type { KernelCase } from './webgpu-kernel/protocol';
import './webgpu-kernel/protocol';

// Our WGSL kernels for TPA decoding (src/model/attention/webgpu-decode.ts) against tfjs's own ops for
// the same step (factor-decode.ts), on tfjs's WebGPU backend in headless Chromium: on this machine the
// SwiftShader software adapter (--enable-unsafe-webgpu), so the workloads are small. The page
// (webgpu-kernel/) is served by a Vite dev server from the repository's sources.

const CASES: KernelCase[] = [
  { label: 'default layer, 2 chunks (M 69)', heads: 4, headDim: 32, rankK: 2, rankV: 2, chunks: [64, 5] },
  {
    label: 'default layer, 3 chunks (M 1091)',
    heads: 4,
    headDim: 32,
    rankK: 2,
    rankV: 2,
    chunks: [1024, 64, 3],
  },
  { label: 'd 256 shape, R_K 1, R_V 3 (M 256)', heads: 8, headDim: 32, rankK: 1, rankV: 3, chunks: [256] },
];
const ITERATIONS = 8;
/** the target: the kernels give the tfjs path's numbers */
const MAX_DIFF = 1e-5;

let server: ViteDevServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  server = await createServer({
    configFile: false,
    root: process.cwd(),
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  await server.listen();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('WGSL TPA decoding kernels equal the tfjs path on WebGPU; speed ratio', async () => {
  const url = server!.resolvedUrls?.local[0];
  if (!url || !browser) throw new Error('the dev server or the browser did not start');
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}tests/bench/webgpu-kernel/index.html`);
  await page.waitForFunction(() => window.__kernelCheck !== undefined, null, { timeout: 120_000 });
  const out = await page.evaluate(([cases, n]) => window.__kernelCheck!(cases, n), [
    CASES,
    ITERATIONS,
  ] as const);
  await page.close();
  const kind = out.software ? 'software adapter' : 'GPU';
  console.log(
    `\nTPA decoding step on WebGPU (${out.adapter}, ${kind}): our WGSL kernels vs tfjs ops, median of ${ITERATIONS} (ms, with read-back)`,
  );
  console.log('| case | max |kernel − tfjs| (max |y|) | kernel ms | tfjs ms | kernel / tfjs |');
  console.log('|---|---|---|---|---|');
  for (const r of out.results)
    console.log(
      `| ${r.label} | ${r.maxDiff.toExponential(1)} (${r.maxAbs.toFixed(2)}) | ${r.kernelMs.toFixed(1)} | ${r.tfjsMs.toFixed(1)} | ${(r.kernelMs / r.tfjsMs).toFixed(2)} |`,
    );
  const worst = Math.max(...out.results.map((r) => r.maxDiff));
  const ratios = out.results.map((r) => r.kernelMs / r.tfjsMs);
  recordTargets('webgpu-kernel', [
    {
      target: 'WGSL decoding kernels equal the tfjs path within 1e-5',
      measured: `max difference ${worst.toExponential(1)}`,
      verdict: verdictOf(worst <= MAX_DIFF),
      note: kind,
    },
    {
      target: 'WGSL kernels faster than the tfjs path',
      measured: `kernel / tfjs time ${ratios.map((x) => x.toFixed(2)).join(', ')}`,
      verdict: verdictOf(ratios.every((x) => x < 1)),
      note: kind,
    },
  ]);
  expect(errors).toEqual([]);
  for (const r of out.results)
    expect(r.kernelNames).toEqual(expect.arrayContaining(['T6TpaDecodeScores', 'T6TpaDecodeValues']));
  // a correctness check, not a timing one
  expect(worst).toBeLessThanOrEqual(MAX_DIFF);
});
