import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
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
