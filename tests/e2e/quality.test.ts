import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appURL, sharedBrowser, watchProblems } from './browser';
import { seriousAxeViolations } from './axe';
import { SHIPPED, shippedManifest } from './shipped-manifest';
import { withMadeUpLong } from './long-manifest';
import type { Manifest } from '../../src/sweep/manifest';
import { curveFlatness } from '../../src/sweep/flatness';

const browser = sharedBrowser();

async function openQuality(page: Page): Promise<void> {
  await page.goto(appURL());
  const chart = page.getByTestId('pareto-chart-corpus');
  await chart.waitFor({ timeout: 60_000 });
  await chart.scrollIntoViewIfNeeded();
}

/** Every table row of a task as run id → { column: data-value }. */
async function tableOf(page: Page, task: string): Promise<Record<string, Record<string, string>>> {
  return page.getByTestId(`quality-table-${task}`).evaluate((table) => {
    const out: Record<string, Record<string, string>> = {};
    for (const row of table.querySelectorAll('tbody tr')) {
      const cells: Record<string, string> = {};
      for (const cell of row.querySelectorAll('[data-col]'))
        cells[cell.getAttribute('data-col')!] = cell.getAttribute('data-value') ?? cell.textContent ?? '';
      out[row.getAttribute('data-run-id')!] = cells;
    }
    return out;
  });
}

/** Serves `manifest` in place of the shipped pretrained/manifest.json. */
async function serveManifest(page: Page, manifest: Manifest): Promise<void> {
  const body = JSON.stringify(manifest);
  await page.route('**/pretrained/manifest.json', (route) =>
    route.fulfill({ body, contentType: 'application/json' }),
  );
}

const ids = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((els) => els.map((e) => e.getAttribute('data-run-id')));

/**
 * The budget switch (by keyboard) and the views of training, whatever sections the manifest has: with a
 * long section its curves, gaps and the long Pareto chart; without, the note saying it is not trained.
 */
async function checkTrainingViews(page: Page, manifest: Manifest): Promise<void> {
  const switcher = page.getByTestId('quality-budget-switch');
  const radio = (budget: string) => switcher.getByRole('radio', { name: new RegExp(`^${budget} `) });
  expect(await radio('full').isChecked()).toBe(true);
  // arrow keys move through the radio group and choose as they go
  await radio('full').focus();
  await page.keyboard.press('ArrowRight');
  expect(await radio('long').isChecked()).toBe(true);
  expect(await page.getByTestId('quality-summary-budget').textContent()).toMatch(/long budget/);
  const long = manifest.long;
  if (!long) {
    expect(await page.getByTestId('pareto-unavailable-corpus-long').textContent()).toMatch(
      /long budget, .* has not been trained yet/,
    );
    expect(await page.getByTestId('curves-unavailable').isVisible()).toBe(true);
    expect(await page.getByTestId('curves-chart').count()).toBe(0);
    expect(await page.getByTestId('gap-chart').count()).toBe(0);
  } else {
    const longIds = long.runs.map((r) => r.id).sort();
    expect(
      (await ids(page, '[data-testid="pareto-chart-corpus-long"] [data-testid="pareto-point"]')).sort(),
    ).toEqual(longIds);
    const curves = page.getByTestId('curves-chart');
    await curves.scrollIntoViewIfNeeded();
    expect((await ids(page, '[data-testid="curves-line"]')).sort()).toEqual(longIds);
    const mha = long.runs.find((r) => r.kind === 'mha' && r.matching.includes('head'))!;
    expect((await ids(page, '[data-testid="gap-line"]')).sort()).toEqual(
      longIds.filter((id) => id !== mha.id),
    );
    // the table behind the loss chart holds the manifest's long finals
    for (const run of long.runs) {
      const cell = page.locator(
        `[data-testid="curves-table"] tr[data-run-id="${run.id}"] [data-col="final-long"]`,
      );
      expect(Number(await cell.getAttribute('data-value'))).toBe(run.final.valLoss);
    }
    // and the extended budget's finals, with the sentence about its flatness, where the manifest has them
    for (const run of manifest.extended?.runs ?? []) {
      const cell = page.locator(
        `[data-testid="curves-table"] tr[data-run-id="${run.id}"] [data-col="final-extended"]`,
      );
      expect(Number(await cell.getAttribute('data-value'))).toBe(run.final.valLoss);
    }
    // the extended budget's sentence gives way to the longest curves, which span it
    expect(await page.getByTestId('curves-extended-summary').count()).toBe(
      manifest.extended && !manifest.longest ? 1 : 0,
    );
    // the longest budget's finals, and the lowest points compared once a run is past its best
    for (const run of manifest.longest?.runs ?? []) {
      const cell = page.locator(
        `[data-testid="curves-table"] tr[data-run-id="${run.id}"] [data-col="final-longest"]`,
      );
      expect(Number(await cell.getAttribute('data-value'))).toBe(run.final.valLoss);
    }
    const pastBest = (manifest.longest ?? long).runs.some(
      (r) => curveFlatness(r.curve.valid, r.steps)?.state === 'past-best',
    );
    expect(await page.getByTestId('curves-lowest-summary').count()).toBe(pastBest ? 1 : 0);
    expect(await page.getByTestId('gap-summary').textContent()).toMatch(
      /\(long budget\), at d = \d+, \d+ layers/,
    );
    // untick a run: its curve leaves both charts
    const other = long.runs.find((r) => r.id !== mha.id)!;
    await page
      .getByTestId('curves-toggles')
      .getByRole('checkbox', { name: other.label, exact: true })
      .uncheck();
    expect(await ids(page, '[data-testid="curves-line"]')).not.toContain(other.id);
    expect(await ids(page, '[data-testid="gap-line"]')).not.toContain(other.id);
  }
  if (manifest.longest) {
    await radio('long').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await radio('longest').isChecked()).toBe(true);
    expect(
      (await ids(page, '[data-testid="pareto-chart-corpus-longest"] [data-testid="pareto-point"]')).sort(),
    ).toEqual(manifest.longest.runs.map((r) => r.id).sort());
  }
  await radio('long').focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  expect(await radio('quick').isChecked()).toBe(true);
  expect(
    (await ids(page, '[data-testid="pareto-chart-corpus-quick"] [data-testid="pareto-point"]')).sort(),
  ).toEqual(manifest.quick.runs.map((r) => r.id).sort());
}

describe('quality against memory (precomputed sweep) in Chromium', () => {
  const manifest = shippedManifest();

  it('shows a point per shipped run and tables that match the shipped manifest', async () => {
    const page = await browser().newPage();
    const problems = watchProblems(page);
    await openQuality(page);
    expect(await page.getByTestId('quality-provenance').textContent()).toMatch(/precomputed/i);
    for (const task of ['corpus', 'recall'] as const) {
      const runs = manifest.runs.filter((r) => r.task === task);
      expect(runs.length).toBeGreaterThan(0);
      const ids = await page
        .getByTestId(`pareto-chart-${task}`)
        .getByTestId('pareto-point')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-run-id')));
      expect(ids.sort()).toEqual(runs.map((r) => r.id).sort());
      const table = await tableOf(page, task);
      expect(Object.keys(table).sort()).toEqual(runs.map((r) => r.id).sort());
      for (const run of runs) {
        const row = table[run.id]!;
        expect(Number(row['kv-bytes'])).toBe(run.kvBytesPerToken);
        expect(Number(row.parameters)).toBe(run.parameters);
        expect(Number(row['attention-params'])).toBe(run.attentionParamsPerLayer);
        expect(Number(row.metric)).toBe(task === 'corpus' ? run.final.valLoss : run.final.accuracy);
      }
    }
    expect(await page.getByTestId('quality-summary').textContent()).toMatch(
      /per token \(your configuration\)/,
    );
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [] });
    await page.close();
  });

  it('has no serious or critical axe violations with a point’s details open, in both themes', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(appURL(`ui=${theme}`));
      await page.getByTestId('pareto-chart-corpus').waitFor({ timeout: 60_000 });
      await page.getByTestId('pareto-chart-corpus').getByTestId('pareto-point').first().focus();
      await page.getByTestId('quality-details').waitFor();
      expect((await seriousAxeViolations(page, ['.quality-panel'])).map((v) => `${theme} ${v}`)).toEqual([]);
      await context.close();
    }
  });

  it('serves every shipped checkpoint with the size and SHA-256 the manifest records', async () => {
    const page = await browser().newPage();
    await page.goto(appURL());
    for (const run of manifest.runs) {
      if (!run.checkpoint) continue;
      const { file, bytes, sha256 } = run.checkpoint;
      const served = await page.evaluate(async (name) => {
        const buffer = await (await fetch(`pretrained/${name}`)).arrayBuffer();
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
        return {
          size: buffer.byteLength,
          hash: [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''),
        };
      }, file);
      expect(served).toEqual({ size: bytes, hash: sha256 });
      expect(
        createHash('sha256')
          .update(readFileSync(`${SHIPPED}/${file}`))
          .digest('hex'),
      ).toBe(sha256);
    }
    await page.close();
  });

  it('the live marker follows the rank sliders, and a click or Enter loads a run into the link', async () => {
    const page = await browser().newPage();
    const problems = watchProblems(page);
    await openQuality(page);
    const live = page.getByTestId('pareto-live-corpus');
    const before = Number(await live.getAttribute('data-value'));
    const slider = page.getByTestId('control-rankK').locator('input[type="range"]');
    await slider.focus();
    await page.keyboard.press('ArrowLeft'); // R_K 2 → 1: the small model's cache shrinks
    await page.waitForFunction(
      (b) =>
        Number(document.querySelector('[data-testid="pareto-live-corpus"]')?.getAttribute('data-value')) < b,
      before,
    );

    // click where the reader sees the point: on its mark (marks may overlap; the hit areas do not)
    const mqa = manifest.runs.find(
      (r) => r.task === 'corpus' && r.kind === 'mqa' && r.matching.includes('head'),
    )!;
    const mark = await page
      .locator(`[data-testid="pareto-chart-corpus"] [data-mark-id="${mqa.id}"] circle`)
      .first()
      .boundingBox();
    if (!mark) throw new Error('the MQA mark is not drawn');
    await page.mouse.click(mark.x + mark.width / 2, mark.y + mark.height / 2);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('k') === 'mqa');
    expect(Number(await live.getAttribute('data-value'))).toBe(mqa.kvBytesPerToken);

    const tpa = manifest.runs.find(
      (r) => r.task === 'corpus' && r.kind === 'tpa' && r.matching.includes('head'),
    )!;
    const point = page.locator(`[data-testid="pareto-chart-corpus"] [data-run-id="${tpa.id}"]`);
    await point.focus();
    expect(await page.getByTestId('quality-details').getAttribute('data-run-id')).toBe(tpa.id);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('k') === 'tpa');
    expect(Number(await live.getAttribute('data-value'))).toBe(tpa.kvBytesPerToken);
    expect(await point.getAttribute('data-current')).toBe('true');
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [] });
    await page.close();
  });

  it('switches the Pareto chart between budgets by keyboard, and shows the views of training the shipped manifest has', async () => {
    // (axe needs a page of a context of our own)
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await openQuality(page);
    await checkTrainingViews(page, manifest);
    expect(await seriousAxeViolations(page, ['.quality-panel'])).toEqual([]);
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [] });
    await context.close();
  });

  it('with a long section, draws loss and gap against tokens; readable on a phone and in the dark theme', async () => {
    const long = withMadeUpLong(manifest);
    for (const [width, theme] of [
      [1280, 'light'],
      [360, 'dark'],
    ] as const) {
      // no service worker: page.route does not see the requests one answers
      const context = await browser().newContext({
        viewport: { width, height: 900 },
        serviceWorkers: 'block',
      });
      const page = await context.newPage();
      const problems = watchProblems(page);
      await serveManifest(page, long);
      await page.goto(appURL(`ui=${theme}`));
      await page.getByTestId('pareto-chart-corpus').waitFor({ timeout: 60_000 });
      await checkTrainingViews(page, long);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect((await seriousAxeViolations(page, ['.quality-panel'])).map((v) => `${width} ${v}`)).toEqual([]);
      expect(problems).toEqual({ consoleErrors: [], pageErrors: [] });
      await context.close();
    }
  });
});
