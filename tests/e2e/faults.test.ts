import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appURL, sharedBrowser } from './browser';

// Faults as an unlucky reader meets them: the largest model the knobs allow, and a worker that keeps
// crashing after the page has stopped restarting it.
const browser = sharedBrowser();

async function trainingReady(page: Page, search: string) {
  await page.goto(appURL(search));
  await page.locator('#training').scrollIntoViewIfNeeded();
  await page.waitForFunction(
    () => window.__t6?.state().phase === 'ready' && window.__t6.state().model,
    null,
    {
      timeout: 180_000,
    },
  );
}

describe('faults', () => {
  it('the largest model is refused before training with the knob to lower, not "null function"', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    await trainingReady(page, 'md=256&ml=8&mh=16&mdh=64&mT=256&tb=64&ts=20000&be=wasm');
    await page.getByTestId('train-start').click();
    const error = page.getByTestId('train-error');
    await error.waitFor({ timeout: 30_000 });
    const text = (await error.textContent()) ?? '';
    expect(text).toMatch(/^One training step of this model needs about [\d.]+ GB/);
    expect(text).toMatch(
      /the wasm backend can use\. Lower the training batch to \d+ or less \(it is 64\)\.$/,
    );
    expect(text).not.toMatch(/null function/);
    const state = await page.evaluate(() => {
      const s = window.__t6!.state();
      return { phase: s.phase, steps: s.history.length };
    });
    expect(state).toEqual({ phase: 'ready', steps: 0 });
    await page.close();
  });

  it('once the page has given up on a crashing worker, further crashes add no notice', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    const closed: number[] = [];
    page.on('worker', (w) => w.on('close', () => closed.push(Date.now())));
    await trainingReady(page, 'md=32&ml=1&mh=2&mdh=8&mT=16&tb=4&ts=20&k=tpa&rq=2&rk=1&rv=1&be=wasm');
    for (let i = 0; i < 6; i++) {
      const phase = await page.evaluate(() => window.__t6!.state().phase);
      if (phase === 'failed') break;
      await page.evaluate(() => window.__t6!.crashWorker());
      await page.waitForFunction(
        () =>
          ['ready', 'failed'].includes(window.__t6!.state().phase) && window.__t6!.state().notices.length > 0,
        null,
        { timeout: 120_000 },
      );
      await page.waitForFunction(() => window.__t6!.state().phase !== 'restarting', null, {
        timeout: 120_000,
      });
    }
    expect(await page.evaluate(() => window.__t6!.state().phase)).toBe('failed');
    const notices = () => page.getByTestId('runtime-notice').allTextContents();
    const given = await notices();
    expect(given.at(-1)).toMatch(/was not restarted again/);
    for (let i = 0; i < 3; i++) {
      const before = closed.length;
      await page.evaluate(() => window.__t6!.crashWorker()); // starts a worker, which dies at once
      // at least that worker closed (a wasm thread pool's workers may close with it)
      await expect.poll(() => closed.length, { timeout: 60_000 }).toBeGreaterThan(before);
    }
    expect(await notices()).toEqual(given);
    await page.close();
  });
});
