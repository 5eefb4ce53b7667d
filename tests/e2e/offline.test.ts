import { describe, expect, it } from 'vitest';
import { appURL, sharedBrowser } from './browser';

// Offline and installable: after one visit the service worker has the app, so a reload without a
// network shows it and trains.
const browser = sharedBrowser();
const TINY = 'md=32&ml=1&mh=2&mdh=8&mT=16&tb=4&ts=20&lr=0.01&k=tpa&rq=2&rk=1&rv=1&s=3&be=wasm';

describe('offline', () => {
  it('after one visit, the app reloads offline and trains', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(appURL(TINY));
    // installed (everything precached) and in control of the page
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });

    await context.setOffline(true);
    expect(
      await page.evaluate(() =>
        fetch('data/corpus-meta.json', { cache: 'no-store' }).then(
          () => 'cached',
          () => 'failed',
        ),
      ),
    ).toBe('cached');
    await page.reload();
    await page.locator('#training').scrollIntoViewIfNeeded();
    await page.waitForFunction(
      () => window.__t6?.state().phase === 'ready' && window.__t6.state().model,
      null,
      {
        timeout: 120_000,
      },
    );
    expect(await page.evaluate(() => window.__t6!.state().backend?.backend)).toBe('wasm');
    await page.getByTestId('train-start').click();
    await page.waitForFunction(
      () => window.__t6?.state().phase === 'ready' && window.__t6.state().history.at(-1)?.step === 20,
      null,
      { timeout: 120_000 },
    );
    // the charts of the quality panel come from the precached manifest
    await page.locator('#quality').scrollIntoViewIfNeeded();
    await page.getByTestId('pareto-chart-corpus').waitFor({ timeout: 60_000 });
    // another link of the app (other settings) opens offline too
    const other = await context.newPage();
    await other.goto(appURL('k=mla&h=8'));
    expect(await other.title()).toMatch(/T6 Playground/);
    await context.close();
  });

  it('the page links a web app manifest with a name, a start URL and 192 and 512 px icons', async () => {
    const page = await browser().newPage();
    await page.goto(appURL());
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBeTruthy();
    const manifest = await page.evaluate(async (h) => (await fetch(h!)).json(), href);
    expect(manifest).toMatchObject({ name: expect.stringMatching(/T6 Playground/), display: 'standalone' });
    expect(manifest.start_url).toBeTruthy();
    const sizes = (manifest.icons as { src: string; sizes: string }[]).map((i) => i.sizes);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons as { src: string }[]) {
      const status = await page.evaluate(async (src) => (await fetch(src)).status, icon.src);
      expect(status, icon.src).toBe(200);
    }
    await page.close();
  });
});
