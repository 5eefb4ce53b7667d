import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appURL, sharedBrowser, watchProblems } from './browser';

const browser = sharedBrowser();

async function open(search = '', viewport = { width: 1440, height: 900 }, colorScheme?: 'light' | 'dark') {
  const context = await browser().newContext({ viewport, colorScheme: colorScheme ?? 'light' });
  const page = await context.newPage();
  await page.goto(appURL(search));
  await page.getByTestId('kv-per-token-table').waitFor();
  return page;
}

function linkParam(page: Page, key: string): string | null {
  return new URL(page.url()).searchParams.get(key);
}

async function waitForLink(page: Page, key: string, value: string): Promise<void> {
  await page.waitForFunction(([k, v]) => new URLSearchParams(location.search).get(k!) === v, [key, value]);
}

/** Pixels the page is wider than the viewport (0 = no horizontal scroll). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('guided tour, keyboard only', () => {
  it('Tab to the tour button, Enter, then Space/arrows through every step; the step is in the link', async () => {
    const page = await open();
    const problems = watchProblems(page);
    // Tab from the top of the page to the tour button (after the skip link)
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      if (await page.getByTestId('tour-start').evaluate((b) => b === document.activeElement)) break;
    }
    expect(await page.getByTestId('tour-start').evaluate((b) => b === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    const card = page.getByTestId('tour-card');
    await card.waitFor();
    const total = Number((await page.getByTestId('tour-progress').textContent())?.match(/of (\d+)/)?.[1]);
    expect(total).toBeGreaterThanOrEqual(6);
    expect(await card.getAttribute('data-step')).toBe('1');
    // step 1 sets MHA and highlights the KV panel
    await waitForLink(page, 'tour', '1');
    expect(linkParam(page, 'k')).toBe('mha');
    expect(await page.locator('#kv-memory[data-tour-highlight]').count()).toBe(1);

    await page.keyboard.press('Space');
    await expect.poll(() => card.getAttribute('data-step')).toBe('2');
    await waitForLink(page, 'k', 'mqa'); // step 2 is MQA
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => card.getAttribute('data-step')).toBe('1');
    for (let step = 2; step <= total; step++) {
      await page.keyboard.press(step % 2 === 0 ? 'Space' : 'ArrowRight');
      await expect.poll(() => card.getAttribute('data-step')).toBe(String(step));
      expect(await page.locator('[data-tour-highlight]').count()).toBe(1);
    }
    await waitForLink(page, 'tour', String(total));
    // a reload (the link) reopens the same step
    await page.reload();
    await expect.poll(() => page.getByTestId('tour-card').getAttribute('data-step')).toBe(String(total));
    // the reopened card has the focus; the last step's Space finishes: the card closes, the link says
    // tour=0, and focus returns to the tour button
    expect(await page.getByTestId('tour-card').evaluate((c) => c.contains(document.activeElement))).toBe(
      true,
    );
    await page.keyboard.press('Space');
    await page.getByTestId('tour-card').waitFor({ state: 'detached' });
    await waitForLink(page, 'tour', '0');
    expect(await page.getByTestId('tour-start').evaluate((b) => b === document.activeElement)).toBe(true);
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [] });
    await page.context().close();
  });

  it('Escape closes the tour; arrow keys on a slider move the slider, not the tour', async () => {
    const page = await open('tour=6');
    const card = page.getByTestId('tour-card');
    await card.waitFor();
    const slider = page.getByTestId('control-rankK').locator('input[type="range"]');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('control-rankK-value').textContent()).toBe('3');
    expect(await card.getAttribute('data-step')).toBe('6');
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });
    await page.context().close();
  });
});

describe('phone layout', () => {
  it('360×740 has no horizontal overflow: page, tour, article, import/export and classroom picker', async () => {
    const page = await open('', { width: 360, height: 740 });
    expect(await horizontalOverflow(page)).toBe(0);
    await page.locator('#article-findings').scrollIntoViewIfNeeded();
    await page.locator('[data-testid="article"] .katex').first().waitFor({ state: 'attached' });
    expect(await horizontalOverflow(page)).toBe(0);
    await page.locator('[data-testid="import-export"] > summary').click();
    await page.getByTestId('import-text').waitFor();
    await page.locator('[data-testid="classroom-picker"] > summary').click();
    await page.getByTestId('tour-start').click();
    await page.getByTestId('tour-card').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    // the tour card stays inside the viewport
    const box = await page.getByTestId('tour-card').boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    await page.context().close();
  });
});

describe('classroom links', () => {
  it('a link hides the chosen controls, locks the rest and says so', async () => {
    const page = await open('hide=ranks,shape,compare&lock=1');
    expect(await page.getByTestId('control-rankK').count()).toBe(0);
    expect(await page.getByTestId('control-heads').count()).toBe(0);
    expect(await page.getByTestId('kv-compare').isVisible()).toBe(false);
    expect(await page.getByTestId('control-kvHeads').isVisible()).toBe(true);
    expect(await page.getByTestId('control-kvHeads').locator('input').isDisabled()).toBe(true);
    expect(await page.getByTestId('control-kind').isDisabled()).toBe(true);
    const notice = page.getByTestId('classroom-notice');
    expect(await notice.textContent()).toMatch(/Locked by the link/);
    expect(await notice.textContent()).toMatch(/TPA ranks/);
    // unlocking and showing everything is one click each, and the link follows
    await notice.getByRole('button', { name: 'Unlock' }).click();
    expect(await page.getByTestId('control-kind').isDisabled()).toBe(false);
    await notice.getByRole('button', { name: 'Show all controls' }).click();
    await page.getByTestId('control-rankK').waitFor();
    await waitForLink(page, 'hide', '');
    await page.context().close();
  });

  it("the teacher's picker builds a link that hides exactly the ticked groups", async () => {
    const page = await open();
    await page.locator('[data-testid="classroom-picker"] > summary').click();
    await page.getByTestId('classroom-hide-mla').check();
    await page.getByTestId('classroom-hide-workload').check();
    await page.getByTestId('classroom-lock').check();
    const link = await page.getByTestId('classroom-link').inputValue();
    expect(new URL(link).searchParams.get('hide')).toBe('mla,workload');
    // the teacher's own view is unchanged
    expect(await page.getByTestId('control-kvLatentDim').count()).toBe(1);
    const student = await page.context().newPage();
    await student.goto(link);
    await student.getByTestId('kv-per-token-table').waitFor();
    expect(await student.getByTestId('control-kvLatentDim').count()).toBe(0);
    expect(await student.getByTestId('control-contextLength').count()).toBe(0);
    expect(await student.getByTestId('control-dtype').count()).toBe(0);
    expect(await student.getByTestId('kv-budget').isVisible()).toBe(false);
    expect(await student.getByTestId('control-rankK').locator('input').isDisabled()).toBe(true);
    await page.context().close();
  });
});

describe('themes', () => {
  const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  it('the switch sets light and dark, keeps it in the link, and "system" follows the OS', async () => {
    const page = await open('', undefined, 'dark');
    const systemDark = await background(page);
    await page.getByTestId('control-theme').selectOption('light');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    const light = await background(page);
    expect(light).not.toBe(systemDark);
    await page.getByTestId('control-theme').selectOption('dark');
    expect(await background(page)).toBe(systemDark);
    await waitForLink(page, 'ui', 'dark');
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByTestId('control-theme').selectOption('system');
    expect(await page.evaluate(() => document.documentElement.hasAttribute('data-theme'))).toBe(false);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background(page)).toBe(light);
    await page.context().close();
  });
});

describe('article', () => {
  it('numbers follow the controls and formulas are typeset', async () => {
    const page = await open();
    const tpa = page.getByTestId('article-tpa-numbers');
    // default T6-small TPA: (2+2)(34+64) = 392, each further rank adds 34 + 64 = 98
    expect(await tpa.textContent()).toMatch(/392.*11\.1× smaller than MHA.*h \+ d_h = 98/);
    const slider = page.getByTestId('control-heads').locator('input[type="range"]');
    await slider.focus();
    await page.keyboard.press('ArrowLeft'); // h = 33: (2+2)(33+64) = 388, and 33 + 64 = 97
    await expect.poll(() => tpa.textContent()).toMatch(/388.*h \+ d_h = 97/);
    await page.locator('[data-testid="article"] .katex').first().waitFor({ state: 'attached' });
    // KaTeX's MathML copy is there for screen readers
    expect(await page.locator('[data-testid="article"] .katex math').count()).toBeGreaterThan(3);
    await page.context().close();
  });
});

describe('import and export', () => {
  it('a pasted Llama-3-8B config.json fills the explorer', async () => {
    const page = await open();
    await page.locator('[data-testid="import-export"] > summary').click();
    const config = {
      model_type: 'llama',
      hidden_size: 4096,
      num_attention_heads: 32,
      num_key_value_heads: 8,
      num_hidden_layers: 32,
      max_position_embeddings: 8192,
      torch_dtype: 'bfloat16',
    };
    await page.getByTestId('import-text').fill(JSON.stringify(config));
    await page.getByTestId('import-read').click();
    // GQA: 2·8·128 = 2048 elements per token per layer
    const cell = page.locator('[data-testid="kv-per-token-table"] [data-kind="gqa"] [data-col="elements"]');
    await expect.poll(() => cell.getAttribute('data-value')).toBe('2048');
    await waitForLink(page, 'g', '8');
    expect(linkParam(page, 'k')).toBe('gqa');
    await page.getByTestId('import-text').fill('{"num_attention_heads": 32,');
    await page.getByTestId('import-read').click();
    // read off the page's thread: the answer comes a moment later
    await expect.poll(() => page.getByTestId('import-result').textContent()).toMatch(/not valid JSON/);
    await page.context().close();
  });

  it('downloads the T6 training config and the memory CSV', async () => {
    const page = await open();
    await page.locator('[data-testid="import-export"] > summary').click();
    const [t6] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-t6').click()]);
    expect(t6.suggestedFilename()).toBe('train_T6_h34_L12.py');
    const py = await readFile((await t6.path())!, 'utf8');
    expect(py).toMatch(/^n_head = 34$/m);
    expect(py).toMatch(/^model_type = 'T6'$/m);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const text = await readFile((await csv.path())!, 'utf8');
    expect(text.split('\r\n')[6]).toMatch(/^TPA,head-matched,34,\(2\+2\)\(34\+64\) = 392,392,/);
    await page.context().close();
  });
});
