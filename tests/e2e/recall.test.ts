import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appURL, sharedBrowser, watchProblems } from './browser';
import { seriousAxeViolations } from './axe';
import { shippedManifest } from './shipped-manifest';

const browser = sharedBrowser();
const SEARCH = 'be=wasm';

/** Opens the page, scrolls to the recall panel and waits for it to draw from the shipped manifest. */
async function openRecall(page: Page, search = SEARCH): Promise<void> {
  await page.goto(appURL(search));
  await page.locator('#recall').scrollIntoViewIfNeeded();
  await page.getByTestId('recall-panel').waitFor({ timeout: 60_000 });
  await page.getByTestId('recall-panel').scrollIntoViewIfNeeded();
}

describe('why TPA does not learn recall (shipped diagnosis) in Chromium', () => {
  const section = shippedManifest().recallDiagnosis;

  it('the shipped manifest holds the diagnosis', () => {
    expect(section).toBeDefined();
    expect(section!.runs.map((r) => r.role)).toContain('official');
  });

  it('draws the shipped per-query accuracy and attention, and follows the keyboard', async () => {
    const s = section!;
    const page = await browser().newPage();
    const problems = watchProblems(page);
    await openRecall(page);
    const values = (id: string) =>
      page
        .getByTestId('recall-positions')
        .locator(`[data-series="${id}"] [data-value]`)
        .evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-value'))));
    const official = s.runs.find((r) => r.role === 'official')!;
    const mha = s.runs.find((r) => r.role === 'baseline' && r.kind === 'mha')!;
    expect(await values(official.id)).toEqual(official.byQuery);
    expect(await values(mha.id)).toEqual(mha.byQuery);
    expect(await values('elimination')).toEqual(official.elimination);
    expect((await page.getByTestId('recall-tokens').textContent())!.replace(/ /g, '')).toBe(
      s.sequence.tokens.join(''),
    );

    // the viewer opens on official TPA at the first query's row
    const model = page.getByLabel('Model', { exact: true });
    expect(await model.inputValue()).toBe(official.id);
    const heatmap = page.getByTestId('recall-heatmap');
    expect(await heatmap.getAttribute('data-row')).toBe(String(s.sequence.queries[0]!.position));
    const finding = page.getByTestId('recall-finding');
    expect(await finding.textContent()).toContain(
      `${official.label} answers ${official.sequence!.predicted[0]}`,
    );

    // keyboard: the next model with the arrow key, the next query with the arrow key in the radio group
    await model.focus();
    await page.keyboard.press('ArrowDown');
    expect(await model.inputValue()).not.toBe(official.id);
    const chosenId = await model.inputValue();
    const chosen = s.runs.find((r) => r.id === chosenId)!;
    expect(await finding.textContent()).toContain(`${chosen.label} answers ${chosen.sequence!.predicted[0]}`);
    const radios = page.getByTestId('recall-viewer').getByRole('radio');
    await radios.first().focus();
    await page.keyboard.press('ArrowRight');
    expect(await heatmap.getAttribute('data-row')).toBe(String(s.sequence.queries[1]!.position));
    expect(await radios.nth(1).isChecked()).toBe(true);

    // the table lists every run of the diagnosis
    const ids = await page
      .getByTestId('recall-table')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id')));
    expect(ids).toEqual(s.runs.map((r) => r.id));
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [] });
    await page.close();
  });

  for (const theme of ['light', 'dark'] as const)
    it(`has no serious axe violations and no sideways scroll at 360 px (${theme})`, async () => {
      const context = await browser().newContext({ viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      await openRecall(page, `${SEARCH}&ui=${theme}`);
      await page.getByLabel(/Show every run tried/).check();
      expect(await seriousAxeViolations(page, ['#recall'])).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      const box = await page.getByTestId('recall-heatmap').boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(360);
      await context.close();
    });
});
