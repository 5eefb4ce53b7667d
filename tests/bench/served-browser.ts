import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../e2e/browser';
import { buildAndServe } from '../e2e/serve-app';
import type { ServedApp } from '../e2e/serve-app';

export interface Served {
  readonly app: ServedApp;
  readonly browser: Browser;
}

/**
 * For a bench file (benches have no global setup): builds and serves the app and launches Chromium before
 * its benches, closes both after them. Call at the top of the file; the getter returns both inside benches.
 */
export function servedBrowser(): () => Served {
  let served: Partial<Served> = {};
  beforeAll(async () => {
    const app = await buildAndServe();
    served = { app, browser: await launchBrowser() };
  });
  afterAll(async () => {
    await served.browser?.close();
    await served.app?.close();
  });
  return () => {
    const { app, browser } = served;
    if (!app || !browser) throw new Error('the app and browser are used before beforeAll started them');
    return { app, browser };
  };
}

/** Waits until the app's model worker has built its model. */
export async function waitForModel(page: Page): Promise<void> {
  await page.waitForFunction(
    () => window.__t6?.state().phase === 'ready' && window.__t6.state().model !== null,
    null,
    { timeout: 300_000 },
  );
}

/** Waits until training has reached step `steps` and the worker is idle again. */
export async function waitForStep(page: Page, steps: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const s = window.__t6!.state();
      return s.phase === 'ready' && s.history.at(-1)?.step === n;
    },
    steps,
    { timeout: 900_000 },
  );
}

/** Training tokens per second of step time, from the worker's own step timings after `warmup` steps. */
export function tokensPerSecond(history: readonly { tokens: number; ms: number }[], warmup: number): number {
  const timed = history.slice(warmup);
  return (timed.reduce((s, p) => s + p.tokens, 0) / timed.reduce((s, p) => s + p.ms, 0)) * 1000;
}
