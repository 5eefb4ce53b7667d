import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appURL, sharedBrowser, watchProblems } from './browser';

// tfjs's wasm backend with threads in the built (minified) app, whose server sends the two
// cross-origin-isolation headers: the worker starts the threaded build, the badge says how many threads
// run and why, and training gives the same losses as one thread.
const TINY = 'md=32&ml=1&mh=2&mdh=8&mT=16&tb=4&ts=12&lr=0.01&k=tpa&rq=2&rk=1&rv=1&s=3&be=wasm';
const STEPS = 12;

const browser = sharedBrowser();

async function trainedLosses(page: Page): Promise<number[]> {
  await page.waitForFunction(() => window.__t6?.state().phase === 'ready', null, { timeout: 180_000 });
  await page.getByTestId('train-start').click();
  await page.waitForFunction(
    (n) => {
      const s = window.__t6?.state();
      return s?.phase === 'ready' && s.history.at(-1)?.step === n;
    },
    STEPS,
    { timeout: 240_000 },
  );
  return page.evaluate(() => window.__t6!.state().history.map((p) => p.loss));
}

async function openOn(page: Page, threads: string): Promise<Page> {
  await page.goto(appURL(`${TINY}&th=${threads}`));
  await page.locator('#training').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-testid="backend-threads"]') !== null, null, {
    timeout: 180_000,
  });
  return page;
}

const openWith = async (threads: string) =>
  openOn(await browser().newPage({ viewport: { width: 1280, height: 900 } }), threads);

describe('wasm threads in a cross-origin-isolated page', () => {
  const pages: Page[] = [];
  afterAll(async () => {
    await Promise.all(pages.map((p) => p.close()));
  });

  it('runs 2 threads when the link asks for them, says so in the badge, and trains like 1 thread', async () => {
    const two = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    pages.push(two);
    const problems = watchProblems(two);
    await openOn(two, '2');
    expect(await two.evaluate(() => self.crossOriginIsolated)).toBe(true);
    const badge = two.getByTestId('backend-threads');
    expect(await badge.getAttribute('data-threads')).toBe('2');
    await expect(badge.textContent()).resolves.toContain('2 threads');
    await expect(two.getByTestId('backend-threads-reason').textContent()).resolves.toBe(
      '2 threads, chosen in the settings (?th=2).',
    );
    const threaded = await trainedLosses(two);

    const one = await openWith('1');
    pages.push(one);
    expect(await one.getByTestId('backend-threads').getAttribute('data-threads')).toBe('1');
    const single = await trainedLosses(one);

    expect(threaded).toHaveLength(STEPS);
    expect(threaded.at(-1)!).toBeLessThan(threaded[0]!);
    // the thread pool splits every product's output tiles, not its sums: the same numbers
    const gap = Math.max(...threaded.map((l, i) => Math.abs(l - single[i]!)));
    process.stdout.write(`[threads] 2 vs 1 thread, largest loss difference over ${STEPS} steps: ${gap}\n`);
    expect(gap).toBeLessThanOrEqual(1e-6);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });

  it('in auto mode, probes 1 thread against all cores and reports the timings', async () => {
    const page = await openWith('auto');
    pages.push(page);
    const count = Number(await page.getByTestId('backend-threads').getAttribute('data-threads'));
    const reason = (await page.getByTestId('backend-threads-reason').textContent()) ?? '';
    process.stdout.write(`[threads] auto: ${count} thread(s): ${reason}\n`);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    if (cores > 1) {
      expect(reason).toMatch(/^Auto: a short training probe .*1 thread \d+ ms, \d threads \d+ ms/);
      expect(await page.locator('[data-thread-probe]').count()).toBe(2);
    }
    expect(count).toBeGreaterThanOrEqual(1);
  });
});
