import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appURL, sharedBrowser, watchProblems } from './browser';
import { seriousAxeViolations } from './axe';
import type { PageProblems } from './browser';

// The model worker in the built app, once per backend: a tiny T6 (d=32, one layer, h=2, d_h=8,
// context 16) so that even SwiftShader's WebGPU trains 20 steps in seconds.
const TINY = 'md=32&ml=1&mh=2&mdh=8&mT=16&tb=4&ts=20&lr=0.01&k=tpa&rq=2&rk=1&rv=1&s=3';
const BACKENDS = ['wasm', 'webgpu'] as const;

/** The debug crash is an uncaught error in the worker on purpose. */
const EXPECTED = /debug: the page asked the model worker to crash/;

const browser = sharedBrowser();

const value = async (page: Page, testId: string) =>
  Number(await page.getByTestId(testId).getAttribute('data-value'));

async function waitForPhase(page: Page, phase: string, timeout = 120_000) {
  await page.waitForFunction((p) => window.__t6?.state().phase === p, phase, { timeout });
}

for (const backend of BACKENDS) {
  describe(`model worker on ${backend}`, () => {
    let page: Page;
    let problems: PageProblems;
    let search: URLSearchParams;

    beforeAll(async () => {
      page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
      problems = watchProblems(page);
      await page.goto(appURL(`${TINY}&be=${backend}`));
      await page.locator('#training').scrollIntoViewIfNeeded();
      search = new URLSearchParams(new URL(page.url()).search);
    });
    afterAll(async () => {
      await page?.close();
    });

    it('the badge shows the backend that runs, and why', async () => {
      const badge = page.getByTestId('backend-badge');
      await page.waitForFunction(
        (b) => document.querySelector('[data-testid="backend-badge"]')?.getAttribute('data-backend') === b,
        backend,
        { timeout: 120_000 },
      );
      await expect(badge.textContent()).resolves.toContain(backend);
      await expect(page.getByTestId('backend-reason').textContent()).resolves.toBe(
        `Chosen in the settings (?be=${backend}).`,
      );
      await waitForPhase(page, 'ready');
      // R_Q = 2 fits h = 2; nothing adjusted, and the model is what the link asked for
      expect(await page.evaluate(() => window.__t6?.state().model?.config.attention)).toEqual({
        kind: 'tpa',
        heads: 2,
        headDim: 8,
        rankQ: 2,
        rankK: 1,
        rankV: 1,
      });
    });

    it('20 training steps lower the loss', async () => {
      await page.getByTestId('train-start').click();
      await page.waitForFunction(
        () => {
          const s = window.__t6?.state();
          return s?.phase === 'ready' && s.history.at(-1)?.step === 20;
        },
        null,
        { timeout: 180_000 },
      );
      expect(await value(page, 'train-step')).toBe(20);
      const first = await value(page, 'loss-first');
      const latest = await value(page, 'loss-latest');
      const losses = await page.evaluate(() => window.__t6!.state().history.map((p) => p.loss));
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(losses).toHaveLength(20);
      expect(first).toBeCloseTo(losses[0]!, 3);
      expect(latest).toBeLessThan(first);
      expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)));
      expect(await value(page, 'loss-valid')).toBeGreaterThan(0);
      expect(Number(await page.getByTestId('loss-chart').getAttribute('data-points'))).toBe(20);
    });

    it('generation streams text token by token', async () => {
      await page.locator('#generation').scrollIntoViewIfNeeded();
      const maxTokens = page.getByTestId('control-max-tokens').locator('input[type="range"]');
      await maxTokens.focus();
      await page.keyboard.press('Home'); // 20 tokens
      // watch the output from before the click: on wasm 20 tokens take a few milliseconds
      const seen = await page.evaluate(
        () =>
          new Promise<number[]>((resolve) => {
            const out = document.querySelector('[data-testid="generated-text"]')!;
            const counts = new Set<number>();
            const observer = new MutationObserver(() => {
              counts.add(Number(out.getAttribute('data-tokens')));
              if (out.getAttribute('data-status') === 'done') {
                observer.disconnect();
                resolve([...counts]);
              }
            });
            observer.observe(out, { attributes: true, subtree: true, childList: true, characterData: true });
            document.querySelector<HTMLButtonElement>('[data-testid="generate"]')!.click();
          }),
      );
      // the text arrived in pieces, not all at once
      expect(seen.filter((n) => n > 0 && n < 20).length).toBeGreaterThanOrEqual(3);
      const text = await page.locator('[data-testid="generated-text"] .generated-text__new').textContent();
      expect([...(text ?? '')]).toHaveLength(20);
      await expect(page.getByTestId('generation-status').textContent()).resolves.toMatch(
        /^Generated 20 tokens/,
      );
    });

    it('the cache bytes measured in the worker equal the formula, for this kind and every baseline', async () => {
      const measured = await value(page, 'cache-measured');
      const formula = await value(page, 'cache-formula');
      // TPA: (R_K+R_V)(h+d_h) = (1+1)(2+8) = 20 numbers × 4 B per token and layer; one layer
      const tokens = await page.evaluate(() => window.__t6!.state().generation.last!.cacheTokens);
      expect(tokens).toBeGreaterThan(0);
      expect(formula).toBe(20 * 4 * tokens);
      expect(measured).toBe(formula);
      await page.getByTestId('compare-baselines').click();
      const rows = page.locator('[data-testid="baseline-table"] tbody tr');
      await rows.nth(5).waitFor({ timeout: 120_000 });
      const cells = await rows.evaluateAll((trs) =>
        trs.map((tr) => ({
          kind: tr.getAttribute('data-kind'),
          measured: Number(tr.querySelector('[data-col="measured"]')?.getAttribute('data-value')),
          formula: Number(tr.querySelector('[data-col="formula"]')?.getAttribute('data-value')),
        })),
      );
      expect(cells.map((c) => c.kind)).toEqual(['mha', 'mqa', 'gqa', 'mla', 'tpa-kvonly', 'tpa']);
      for (const c of cells) {
        expect(c.measured, c.kind ?? '').toBeGreaterThan(0);
        expect(c.measured, c.kind ?? '').toBe(c.formula);
      }
    });

    it('a forced worker crash is recovered with the config intact', async () => {
      const before = page.url();
      await page.evaluate(() => window.__t6!.crashWorker());
      await page.getByTestId('runtime-notice').filter({ hasText: 'Recovered' }).waitFor({ timeout: 120_000 });
      await waitForPhase(page, 'ready');
      await expect(page.getByTestId('backend-badge').getAttribute('data-backend')).resolves.toBe(backend);
      const notices = await page.getByTestId('runtime-notice').allTextContents();
      expect(notices[0]).toMatch(/stopped unexpectedly\. It was restarted with the same settings/);
      expect(notices[1]).toMatch(/back at step 20/);
      // the link (every knob) is unchanged, and so is the trained model
      expect(page.url()).toBe(before);
      const now = new URLSearchParams(new URL(page.url()).search);
      for (const [k, v] of search) expect(now.get(k), k).toBe(v);
      expect(await value(page, 'train-step')).toBe(20);
      expect(problems.pageErrors.filter((e) => !EXPECTED.test(e))).toEqual([]);
      expect(problems.consoleErrors.filter((e) => !EXPECTED.test(e))).toEqual([]);
    });

    if (backend === 'wasm') {
      it('a reload restores the trained model, its loss history and the pasted text', async () => {
        const losses = await page.evaluate(() => window.__t6!.state().history.map((p) => p.loss));
        await page.reload();
        await page.locator('#training').scrollIntoViewIfNeeded();
        await waitForPhase(page, 'ready');
        expect(await value(page, 'train-step')).toBe(20);
        expect(await page.evaluate(() => window.__t6!.state().history.map((p) => p.loss))).toEqual(losses);

        await page.getByTestId('control-dataset').selectOption('custom');
        const text = 'A pasted text to train on, kept in this browser. '.repeat(6);
        await page.getByTestId('custom-text').fill(text);
        await page.waitForFunction(() => window.__t6?.state().model?.dataset.kind === 'custom', null, {
          timeout: 60_000,
        });
        await page.waitForTimeout(1000); // the text is saved once typing has paused
        await page.reload();
        await page.locator('#training').scrollIntoViewIfNeeded();
        await expect(page.getByTestId('custom-text').inputValue()).resolves.toBe(text);
        await page.waitForFunction(() => window.__t6?.state().model?.dataset.kind === 'custom', null, {
          timeout: 60_000,
        });
      });
    }
  });
}

describe('model panels: accessibility and a phone-sized screen', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`trained, generated and measured, at 360 px, ${theme}: no serious axe violations, no sideways scroll`, async () => {
      const context = await browser().newContext({ viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      await page.goto(appURL(`${TINY}&be=wasm&ui=${theme}`));
      await page.locator('#training').scrollIntoViewIfNeeded();
      await waitForPhase(page, 'ready');
      await page.getByTestId('train-start').click();
      await page.waitForFunction(() => window.__t6?.state().history.at(-1)?.step === 20, null, {
        timeout: 60_000,
      });
      await waitForPhase(page, 'ready');
      await page.locator('#generation').scrollIntoViewIfNeeded();
      await page.getByTestId('generate').click();
      await page.waitForFunction(() => window.__t6?.state().generation.status === 'done', null, {
        timeout: 60_000,
      });
      await page.getByTestId('compare-baselines').click();
      await page.getByTestId('baseline-table').waitFor();
      await page.locator('[data-testid="backend-badge"] summary').click();
      expect(await seriousAxeViolations(page, ['#training', '#generation'])).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await context.close();
    });
  }
});
