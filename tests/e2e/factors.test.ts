import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appURL, sharedBrowser, watchProblems } from './browser';
import { seriousAxeViolations } from './axe';
import type { PageProblems } from './browser';

// A tiny T6 on wasm: one layer, h = 4 heads of d_h = 8 (so MHA, MQA and GQA with G = 2 all differ),
// R_Q = 2, R_K = R_V = 1.
const TINY = 'md=32&ml=1&mh=4&mdh=8&mT=16&k=tpa&rq=2&rk=1&rv=1&g=2&s=3&be=wasm';

const browser = sharedBrowser();

const value = async (page: Page, testId: string) =>
  Number(await page.getByTestId(testId).first().getAttribute('data-value'));

/**
 * Waits until a factor panel shows an inspection of the current model. The panels start the worker and
 * their inspection when they come into view; lazy panels above them can still grow and push them out,
 * so the wait keeps them in view.
 */
async function waitForPanel(page: Page, testId: string) {
  await page.waitForFunction(
    (id) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      el?.scrollIntoView({ block: 'nearest' });
      return el?.getAttribute('data-status') === 'ready' && !el.hasAttribute('data-stale');
    },
    testId,
    { timeout: 120_000, polling: 250 },
  );
}

interface TableNumbers {
  rank: number;
  terms: number[][];
  sum: number[];
  reported: number[];
}

/** The factor panel's table view: one row per rank-1 term, their sum and the worker's Q, by feature. */
function readTable(page: Page): Promise<TableNumbers> {
  return page.evaluate(() => {
    const table = document.querySelector('[data-testid="factor-table"]')!;
    const row = (sel: string) =>
      [...table.querySelectorAll(`tr${sel} td`)].map((td) => Number(td.getAttribute('data-value')));
    return {
      rank: Number(table.getAttribute('data-rank')),
      terms: [...table.querySelectorAll('tr[data-row="term"]')].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => Number(td.getAttribute('data-value'))),
      ),
      sum: row('[data-row="sum"]'),
      reported: row('[data-row="reported"]'),
    };
  });
}

function expectTermsAddUp(t: TableNumbers, rank: number) {
  expect(t.rank).toBe(rank);
  expect(t.terms).toHaveLength(rank);
  expect(t.reported).toHaveLength(8); // d_h
  let largest = 0;
  for (let j = 0; j < t.reported.length; j++) {
    const summed = t.terms.reduce((s, term) => s + term[j]!, 0);
    expect(Math.abs(summed - t.reported[j]!)).toBeLessThan(1e-5);
    expect(Math.abs(summed - t.sum[j]!)).toBeLessThan(1e-12);
    largest = Math.max(largest, Math.abs(t.reported[j]!));
  }
  expect(largest).toBeGreaterThan(1e-4); // a real Q, not zeros
}

describe('factor panels on the live model (wasm)', () => {
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    problems = watchProblems(page);
    await page.goto(appURL(TINY));
    await page.locator('#factors').scrollIntoViewIfNeeded();
    await waitForPanel(page, 'factor-panel');
  });
  afterAll(async () => {
    await page?.close();
  });

  it('shows R_Q rank-1 terms whose sum is the Q the worker reports', async () => {
    await expect(page.getByTestId('factor-terms').getAttribute('data-count')).resolves.toBe('2');
    expectTermsAddUp(await readTable(page), 2);
    expect(await value(page, 'factor-max-error')).toBeLessThan(1e-5);
    // the cache list: (R_K + R_V)(h + d_h) = 2·12 = 24 numbers against MHA's 2·4·8 = 64
    const total = page
      .locator('[data-testid="factor-cache"] tr[data-name="tpa-total"] td[data-value]')
      .first();
    await expect(total.getAttribute('data-value')).resolves.toBe('24');
  });

  it('hovering an entry of the sum names its row of A and column of B', async () => {
    const running = page
      .getByTestId('factor-running')
      .locator('rect')
      .nth(8 * 2 + 5); // row 2, column 5
    await running.hover();
    await expect(page.getByTestId('factor-entry').textContent()).resolves.toMatch(
      /^Q\[2, 5\] = .+ \+ .+ = .+: row 2 of A_Q times column 5 of B̃_Q\.$/,
    );
    const marks = await page.getByTestId('factor-b').locator('rect.heatmap__mark').count();
    expect(marks).toBe(2); // the current term's row and the hovered column
  });

  it('the RoPE check: rotating B then assembling equals assembling then rotating', async () => {
    await page.locator('#rope').scrollIntoViewIfNeeded();
    await waitForPanel(page, 'rope-panel');
    for (const part of ['q', 'k']) {
      const check = page.getByTestId(`rope-check-${part}`);
      await expect(check.getAttribute('data-equal')).resolves.toBe('true');
      expect(await value(page, `rope-check-${part}`)).toBeLessThan(1e-5);
    }
    expect(await value(page, 'rope-max-spread')).toBeLessThan(1e-5);
    expect(await value(page, 'rope-row-error')).toBeLessThan(1e-5);
    // at position 0 nothing turns; further on, the low-rank latent no longer commutes with RoPE
    await page.getByTestId('rope-position').locator('input').fill('9');
    expect(await value(page, 'rope-gap-tpa')).toBeLessThan(1e-12);
    expect(await value(page, 'rope-gap-lowrank')).toBeGreaterThan(1e-3);
    await expect(page.getByTestId('rope-dials').getAttribute('data-count')).resolves.toBe('4');
  });

  it('each special-case stop shows equality with its baseline, and the stop is in the link', async () => {
    await page.locator('#special-cases').scrollIntoViewIfNeeded();
    const expected = { mha: 64, mqa: 16, gqa: 32 }; // 2·h·d_h, 2·d_h, 2·G·d_h
    for (const stop of ['mha', 'mqa', 'gqa'] as const) {
      await page.getByTestId(`special-stop-${stop}`).click();
      const error = page.locator(
        `[data-testid="special-view"][data-stop="${stop}"] [data-testid="special-max-error"]`,
      );
      await error.waitFor({ timeout: 60_000 });
      await expect(error.getAttribute('data-equal')).resolves.toBe('true');
      expect(Number(await error.getAttribute('data-value'))).toBeLessThan(1e-5);
      expect(await value(page, 'special-cache-fixed')).toBe(expected[stop]);
      await page.waitForFunction((s) => new URL(location.href).searchParams.get('sc') === s, stop);
    }
    await expect(page.getByTestId('special-table-A_K').getAttribute('data-cols')).resolves.toBe('2');
  });

  it('changing R_Q rebuilds the model and updates the panel and the link', async () => {
    await page.locator('#factors').scrollIntoViewIfNeeded();
    const slider = page.getByTestId('factor-rankQ').locator('input[type="range"]');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('rq') === '3');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="factor-table"]')?.getAttribute('data-rank') === '3',
      null,
      { timeout: 120_000 },
    );
    await waitForPanel(page, 'factor-panel');
    await expect(page.getByTestId('factor-terms').getAttribute('data-count')).resolves.toBe('3');
    expectTermsAddUp(await readTable(page), 3);
    expect(await page.evaluate(() => window.__t6?.state().model?.config.attention)).toMatchObject({
      kind: 'tpa',
      rankQ: 3,
    });
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });

  it('a new inspection fades the running sum alone: the other heatmaps switch colour with no transition', async () => {
    await page.locator('#factors').scrollIntoViewIfNeeded();
    // every cell whose fill starts a CSS transition, by the heatmap it belongs to
    await page.evaluate(() => {
      const w = window as unknown as { __fading: Record<string, number> };
      w.__fading = {};
      document.addEventListener(
        'transitionrun',
        (e) => {
          const cell = e.target as Element;
          if (cell.tagName !== 'rect') return;
          const map = cell.closest('[data-testid]')?.getAttribute('data-testid') ?? '?';
          w.__fading[map] = (w.__fading[map] ?? 0) + 1;
        },
        true,
      );
    });
    const fills = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('[data-testid="factor-terms"] rect:not([class])')].map((r) =>
          r.getAttribute('fill'),
        ),
      );
    const before = await fills();
    await page.getByTestId('factor-text').fill('A dog ran far.');
    // the running sum's cells fade to the new inspection's colours (all heatmaps change in that frame)
    await page.waitForFunction(
      () => ((window as unknown as { __fading: Record<string, number> }).__fading['factor-running'] ?? 0) > 0,
      null,
      { timeout: 120_000 },
    );
    await waitForPanel(page, 'factor-panel');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await fills()).not.toEqual(before); // the terms changed colour too, without fading
    const fading = await page.evaluate(
      () => (window as unknown as { __fading: Record<string, number> }).__fading,
    );
    expect(Object.keys(fading)).toEqual(['factor-running']);
  });
});

describe('factor panels at 360 px', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`no serious axe violations and no sideways scroll (${theme})`, async () => {
      const context = await browser().newContext({ viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      await page.goto(appURL(`${TINY}&sc=gqa&ui=${theme}`));
      await page.locator('#factors').scrollIntoViewIfNeeded();
      await waitForPanel(page, 'factor-panel');
      await page.locator('#special-cases').scrollIntoViewIfNeeded();
      await page.getByTestId('special-max-error').waitFor({ timeout: 60_000 });
      await page.locator('#rope').scrollIntoViewIfNeeded();
      await waitForPanel(page, 'rope-panel');
      expect(await seriousAxeViolations(page, ['#factors', '#rope', '#special-cases'])).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await context.close();
    });
  }
});
