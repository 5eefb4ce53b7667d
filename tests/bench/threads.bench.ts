import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { remainingMs } from './report';
import { servedBrowser, tokensPerSecond, waitForModel, waitForStep } from './served-browser';

// tfjs wasm with 1 and with 2 threads in the built app in Chromium. The preview server sends the two
// cross-origin-isolation headers (vite.config.ts), so the worker may run the threaded build; the link's
// `th` fixes the thread count. Training tokens/s from the worker's own step timings, after WARMUP steps,
// for the default playground model and a d = 256, 4-layer one (batch 16 × 64 tokens). The two thread
// counts alternate, ROUNDS times, each in a fresh page, so that both see the same machine load; the
// table gives the median tokens/s per configuration and the ratio of 2 threads to 1.

const MODELS = [
  { label: 'default (d 128, 2 layers, h 4)', search: 'md=128&ml=2&mh=4&mdh=32', steps: 10 },
  { label: 'd 256, 4 layers, h 8', search: 'md=256&ml=4&mh=8&mdh=32', steps: 6 },
] as const;
const COMMON = 'mT=64&tb=16&lr=0.003&k=tpa&rq=4&rk=2&rv=2&s=1&be=wasm';
const THREADS = [1, 2] as const;
const WARMUP = 2;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** a further round starts only with this much of the suite's time budget (report.ts) left */
const MIN_LEFT_MS = 240_000;

const served = servedBrowser();

async function measure(page: Page, search: string, steps: number): Promise<{ tps: number; threads: number }> {
  await page.goto(`${served().app.url}?${search}&ts=${steps}`);
  await page.locator('#training').scrollIntoViewIfNeeded();
  await waitForModel(page);
  const threads = await page.evaluate(() => window.__t6!.state().backend?.threads?.count ?? 0);
  await page.getByTestId('train-start').click();
  await waitForStep(page, steps);
  const history = await page.evaluate(() => window.__t6!.state().history);
  return { tps: tokensPerSecond(history, WARMUP), threads };
}

const median = (xs: readonly number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

it('training tokens/s with 1 and 2 wasm threads in a cross-origin-isolated page', async () => {
  const lines = [
    `\nwasm threads in Chromium (cross-origin isolated; batch 16 × 64; median of up to ${ROUNDS} alternating rounds, fewer when the suite's time budget runs short):`,
    '| model | 1 thread tokens/s | 2 threads tokens/s | 2 threads / 1 thread | per round (1 / 2) |',
    '|---|---|---|---|---|',
  ];
  for (const model of MODELS) {
    const runs: Record<number, number[]> = { 1: [], 2: [] };
    for (let round = 0; round < ROUNDS && (round === 0 || remainingMs() > MIN_LEFT_MS); round++) {
      for (const threads of THREADS) {
        const page = await served().browser.newPage({ viewport: { width: 1280, height: 900 } });
        try {
          const r = await measure(page, `${model.search}&${COMMON}&th=${threads}`, model.steps);
          expect(r.threads).toBe(threads);
          runs[threads]!.push(r.tps);
        } finally {
          await page.close();
        }
      }
    }
    const [one, two] = [median(runs[1]!), median(runs[2]!)];
    const rounds = runs[1]!.map((x, i) => `${x.toFixed(0)} / ${runs[2]![i]!.toFixed(0)}`).join(', ');
    lines.push(
      `| ${model.label} | ${one.toFixed(0)} | ${two.toFixed(0)} | ${(two / one).toFixed(2)} | ${rounds} |`,
    );
  }
  console.log(lines.join('\n'));
});
