import { afterAll, beforeAll, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../e2e/browser';
import './report';

export interface Served {
  readonly app: { readonly url: string };
  readonly browser: Browser;
}

/**
 * For a bench file: the app that tests/bench/global-setup.ts built and serves once for all bench files,
 * and a Chromium launched before the file's benches and closed after them. Call at the top of the file;
 * the getter returns both inside benches.
 */
export function servedBrowser(): () => Served {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is used before beforeAll launched it');
    return { app: { url: inject('baseURL') }, browser };
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
