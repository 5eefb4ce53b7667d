/**
 * Live runs of the quality sweep in Chromium, on wasm: a re-run of a shipped point (the quick budget's
 * cheapest run, precomputed by `npm run pretrain` through the same code) finishes and lands within the
 * stated tolerance; it survives a reload; compare mode trains runs one after another and cancel keeps the
 * finished ones; the panels' model is left alone.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appURL, sharedBrowser, watchProblems } from './browser';
import { seriousAxeViolations } from './axe';
import { shippedManifest } from './shipped-manifest';

const browser = sharedBrowser();

/** A live result row as numbers (see components/quality/LiveResults). */
async function liveRow(page: Page, key: string) {
  const row = page.locator(`[data-testid="quality-live-results"] tr[data-key="${key}"]`);
  await row.waitFor({ timeout: 90_000 });
  const attr = async (name: string) => (await row.getAttribute(name)) ?? '';
  return {
    backend: await attr('data-backend'),
    live: Number(await attr('data-live')),
    precomputed: Number(await attr('data-precomputed')),
    diff: Number(await attr('data-diff')),
    tolerance: Number(await attr('data-tolerance')),
    verdict: await attr('data-verdict'),
    text: (await row.textContent()) ?? '',
  };
}

/** Shows a budget on the corpus chart (the switch above the summary). */
async function showBudget(page: Page, budget: string): Promise<void> {
  await page
    .getByTestId('quality-budget-switch')
    .getByRole('radio', { name: new RegExp(`^${budget} `) })
    .check();
}

async function openLive(page: Page, search = ''): Promise<void> {
  await page.goto(appURL(['be=wasm', search].filter(Boolean).join('&')));
  const section = page.getByTestId('quality-live');
  await section.waitFor({ timeout: 60_000 });
  await section.scrollIntoViewIfNeeded();
}

describe('live runs of the quality sweep in Chromium (wasm)', () => {
  const manifest = shippedManifest();
  // the cheapest shipped point to train again: the quick budget's fastest run
  const point = manifest.quick.runs.reduce((a, r) => (r.wallMs < a.wallMs ? r : a));
  const key = `quick:${point.id}`;

  it('a live re-run of a shipped point finishes and lands within the stated tolerance, and is kept after a reload', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await openLive(page);
    const tolerance = (await page.getByTestId('quality-tolerance').textContent()) ?? '';
    expect(tolerance).toContain(`±${manifest.check.tolerance.toExponential(0)} nats on wasm`);

    await showBudget(page, 'quick');
    const started = Date.now();
    await page
      .getByTestId('quality-table-corpus-quick')
      .getByRole('button', { name: `Re-run ${point.label} live` })
      .click();
    await page.getByTestId('quality-live-progress').first().waitFor();
    const row = await liveRow(page, key);
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `[quality-live] ${point.id} on ${row.backend}: live ${row.live}, precomputed ${row.precomputed}, ` +
        `difference ${row.diff}, tolerance ${row.tolerance}, ${row.verdict} (${seconds.toFixed(1)} s)\n`,
    );
    expect(row.backend).toBe('wasm');
    expect(row.precomputed).toBe(point.final.valLoss);
    expect(row.tolerance).toBe(manifest.check.tolerance);
    expect(Math.abs(row.live - point.final.valLoss)).toBeLessThanOrEqual(manifest.check.tolerance);
    expect(row.verdict).toBe('within');

    // it lands next to its precomputed point on the quick chart
    const diamond = page.locator(
      `[data-testid="pareto-chart-corpus-quick"] [data-testid="pareto-live-point"][data-run-id="${point.id}"]`,
    );
    expect(Number(await diamond.getAttribute('data-y'))).toBe(row.live);
    expect(await diamond.getAttribute('data-within')).toBe('true');
    // the panels' model was not trained by it
    expect(await page.evaluate(() => window.__t6?.state().history.length ?? 0)).toBe(0);
    expect(await seriousAxeViolations(page, ['.quality-panel'])).toEqual([]);

    // kept after a reload; on a phone in the dark theme, still readable without sideways scrolling
    await page.setViewportSize({ width: 360, height: 740 });
    await openLive(page, 'ui=dark');
    expect((await liveRow(page, key)).live).toBe(row.live);
    await showBudget(page, 'quick');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // the marker's label does not fit beside it at this width: it is written under the chart instead
    const caption = page.getByTestId('pareto-live-caption-corpus-quick');
    expect(await caption.isVisible()).toBe(true);
    expect(await caption.textContent()).toBe(
      await page.getByTestId('pareto-live-corpus-quick').getAttribute('data-label'),
    );
    expect(await seriousAxeViolations(page, ['.quality-panel'])).toEqual([]);
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [] });
    await context.close();
  });

  it('compare mode trains the picked runs one after another; cancel keeps the finished ones', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await openLive(page);
    const form = page.getByTestId('quality-compare');
    await form.getByRole('radio', { name: /quick \(/ }).check();
    const boxes = form.getByRole('checkbox');
    const count = await boxes.count();
    // keep the first two (MHA, MQA)
    for (let i = 2; i < count; i++) await boxes.nth(i).uncheck();
    await page.getByTestId('quality-compare-start').click();
    const progress = page.locator('[data-testid="quality-live"] [data-testid="quality-live-progress"]');
    await expect
      .poll(async () => (await progress.textContent()) ?? '', { timeout: 90_000, interval: 100 })
      .toMatch(/^Run 2 of 2 \(MQA\): step [1-9]/);
    await page.getByTestId('quality-live-cancel').click();
    await expect
      .poll(async () => page.getByTestId('quality-live-outcome').textContent())
      .toBe('Cancelled: 1 of 2 runs finished; it is kept.');
    const first = manifest.quick.runs.find((r) => r.kind === 'mha' && r.matching.includes('head'))!;
    const row = await liveRow(page, `quick:${first.id}`);
    expect(row.verdict).toBe('within');
    expect(
      await page.locator('[data-testid="quality-live-results"] tr[data-key^="quick:corpus-mqa"]').count(),
    ).toBe(0);
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [] });
    await context.close();
  });

  it('trains your own configuration (R_Q = 3, in no sweep run) at the quick budget and draws it where it landed', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await openLive(page, 'k=tpa&rq=3&rk=2&rv=2');
    await showBudget(page, 'quick');
    const control = page.getByTestId('quality-yours-corpus-quick');
    await control.scrollIntoViewIfNeeded();
    const runId = await control.getAttribute('data-run-id');
    expect(runId).toBe('yours-tpa-h4-r3-2-2-dh32-d128-l2');
    await control.getByRole('button', { name: 'Train your configuration live' }).click();
    const row = await liveRow(page, `quick:${runId}`);
    process.stdout.write(`[quality-live] ${runId} on ${row.backend}: live ${row.live}\n`);
    expect(row.backend).toBe('wasm');
    expect(row.verdict).toBe('not judged');
    expect(row.text).toMatch(/^Your TPA \(h=4 d_h=32 R_Q=3 R_K=2 R_V=2, d=128, 2 layers\)/);
    // a trained model of this size ends well below the loss of guessing among the corpus's characters
    expect(row.live).toBeGreaterThan(0);
    expect(row.live).toBeLessThan(Math.log(manifest.quick.runs[0]!.config.vocabSize));
    const mark = page.locator('[data-testid="pareto-chart-corpus-quick"] [data-testid="pareto-your-point"]');
    expect(await mark.count()).toBe(1);
    expect(Number(await mark.getAttribute('data-y'))).toBe(row.live);
    expect(await mark.getAttribute('data-current')).toBe('true');
    // (R_K + R_V)(h + d_h) numbers per token and layer, 2 layers, 4 bytes
    expect(Number(await mark.getAttribute('data-x'))).toBe((2 + 2) * (4 + 32) * 2 * 4);
    expect(await page.getByTestId('pareto-live-corpus-quick').getAttribute('data-label')).toContain(
      `trained live ${row.live.toFixed(3)}`,
    );
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [] });
    await context.close();
  });
});
