import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { appURL, sharedBrowser } from './browser';

// Saved work as an unlucky reader meets it: a browser that keeps nothing, and a checkpoint that comes
// back from IndexedDB damaged. The tiny model of worker.test.ts trains 20 steps on wasm in seconds.
const TINY = 'md=32&ml=1&mh=2&mdh=8&mT=16&tb=4&ts=20&lr=0.01&k=tpa&rq=2&rk=1&rv=1&s=3&be=wasm';

const browser = sharedBrowser();

const stepOf = async (page: Page) => Number(await page.getByTestId('train-step').getAttribute('data-value'));

/** Loads (or reloads) the page and waits for the training panel's model to be ready. */
async function showTraining(page: Page, load: () => Promise<unknown> = () => page.goto(appURL(TINY))) {
  await load();
  await page.locator('#training').scrollIntoViewIfNeeded();
  await page.waitForFunction(
    () => window.__t6?.state().phase === 'ready' && window.__t6.state().model,
    null,
    {
      timeout: 120_000,
    },
  );
}

async function trainTo(page: Page, step: number, button: 'train-start' | 'train-step-once') {
  await page.getByTestId(button).click();
  await page.waitForFunction(
    (s) => {
      const st = window.__t6?.state();
      return st?.phase === 'ready' && (st.history.at(-1)?.step ?? 0) === s;
    },
    step,
    { timeout: 120_000 },
  );
}

/** Rewrites every value of every stored checkpoint's weights, as a damaged disk or a bad tool would. */
async function damageCheckpoints(page: Page, value: number) {
  await page.evaluate(async (v) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('t6-playground');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('open failed'));
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('checkpoints', 'readwrite');
      const cursor = tx.objectStore('checkpoints').openCursor();
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c) return;
        const rec = c.value as { weights: Record<string, Float32Array> };
        for (const k of Object.keys(rec.weights)) rec.weights[k] = rec.weights[k]!.map(() => v);
        c.update(rec);
        c.continue();
      };
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('write failed'));
    });
    db.close();
  }, value);
}

/** IndexedDB gone from the page and from the model worker (its script is served with one line more). */
async function contextWithoutStorage(): Promise<BrowserContext> {
  const context = await browser().newContext({
    viewport: { width: 1280, height: 900 },
    serviceWorkers: 'block',
  });
  const hide = "Object.defineProperty(self, 'indexedDB', { value: undefined, configurable: true });\n";
  await context.addInitScript(hide);
  await context.route('**/model.worker-*.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: hide + (await response.text()) });
  });
  return context;
}

describe('saved work', () => {
  it('without IndexedDB a lasting notice says training and pasted text will not survive a reload', async () => {
    const context = await contextWithoutStorage();
    const page = await context.newPage();
    await showTraining(page);
    expect(await page.evaluate(() => typeof indexedDB)).toBe('undefined');
    const notice = page.getByTestId('storage-notice');
    await expect(notice.textContent()).resolves.toMatch(/training and pasted text will not survive a reload/);
    await trainTo(page, 20, 'train-start');
    // it stays: not a notice the reader dismisses or later ones push out
    await expect(notice.isVisible()).resolves.toBe(true);
    await showTraining(page, () => page.reload());
    expect(await stepOf(page)).toBe(0); // what the notice said would happen
    await expect(notice.isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('a checkpoint read back with NaN weights is discarded with a notice, and one step trains again', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await showTraining(page);
    await expect(page.getByTestId('storage-notice').count()).resolves.toBe(0);
    await trainTo(page, 20, 'train-start');
    await page.waitForFunction(() => window.__t6?.state().lastCheckpoint?.step === 20);
    await damageCheckpoints(page, Number.NaN);
    await page.reload();
    await page.locator('#training').scrollIntoViewIfNeeded();
    const notice = page.getByTestId('runtime-notice').filter({ hasText: 'could not be used' });
    await notice.waitFor({ timeout: 120_000 });
    await expect(notice.textContent()).resolves.toMatch(/holds NaN at index 0\. It was deleted/);
    expect(await stepOf(page)).toBe(0);
    await trainTo(page, 1, 'train-step-once');
    expect(await stepOf(page)).toBe(1);
    await context.close();
  });

  it('a finite checkpoint whose first step overflows stops with a NaN alert and goes back to the seed', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await showTraining(page);
    await trainTo(page, 20, 'train-start');
    await page.waitForFunction(() => window.__t6?.state().lastCheckpoint?.step === 20);
    await damageCheckpoints(page, 1e30);
    await showTraining(page, () => page.reload());
    expect(await stepOf(page)).toBe(20); // finite values pass the checks on read
    await page.getByTestId('train-step-once').click();
    const alert = page.getByTestId('training-alert');
    await alert.waitFor({ timeout: 120_000 });
    await expect(alert.getAttribute('data-kind')).resolves.toBe('nan');
    await expect(alert.textContent()).resolves.toMatch(/went back to its initial weights/);
    await page.waitForFunction(() => window.__t6?.state().phase === 'ready');
    expect(await stepOf(page)).toBe(0);
    // not stuck: the next step trains from the seed
    await trainTo(page, 1, 'train-step-once');
    expect(await stepOf(page)).toBe(1);
    await context.close();
  });
});
