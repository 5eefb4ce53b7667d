import AxeBuilder from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appURL, sharedBrowser, watchProblems } from './browser';

// axe-core in Chromium on every main view, in the light and the dark theme (forced through the link's
// `ui` key, so the theme switch itself is exercised). Only serious and critical violations fail.

const browser = sharedBrowser();

interface View {
  name: string;
  search: string;
  viewport?: { width: number; height: number };
  /** puts the page into the state to check */
  prepare?: (page: Page) => Promise<void>;
}

const LLAMA_3_8B = JSON.stringify({
  model_type: 'llama',
  hidden_size: 4096,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  num_hidden_layers: 32,
  max_position_embeddings: 8192,
  torch_dtype: 'bfloat16',
});

const VIEWS: readonly View[] = [
  { name: 'explorer and article (typeset)', search: '' },
  { name: 'parameter-matched comparison', search: 'm=param&k=mla' },
  { name: 'tour, fair-comparison step', search: 'tour=8&m=param' },
  { name: 'classroom link (hidden groups, locked)', search: 'hide=ranks,shape,compare&lock=1' },
  {
    name: 'import/export and classroom picker open, after an import',
    search: '',
    prepare: async (page) => {
      await page.locator('[data-testid="import-export"] > summary').click();
      await page.getByTestId('import-text').fill(LLAMA_3_8B);
      await page.getByTestId('import-read').click();
      await page.getByTestId('import-result').getByText('Read').waitFor();
      await page.locator('[data-testid="classroom-picker"] > summary').click();
      await page.locator('[data-testid="import-export"] details > summary').click();
    },
  },
  { name: 'phone 360×740 with the tour open', search: 'tour=5', viewport: { width: 360, height: 740 } },
];

async function openView(view: View, theme: 'light' | 'dark'): Promise<Page> {
  // axe needs a page in a context of its own
  const context = await browser().newContext({ viewport: view.viewport ?? { width: 1440, height: 900 } });
  const page = await context.newPage();
  const search = [view.search, `ui=${theme}`].filter(Boolean).join('&');
  await page.goto(appURL(search));
  await page.getByTestId('kv-per-token-table').waitFor();
  // the article's formulas are typeset once KaTeX has loaded (when the article comes near): check that page
  await page.locator('#article-findings').scrollIntoViewIfNeeded();
  await page.locator('[data-testid="article"] .katex').first().waitFor({ state: 'attached' });
  await view.prepare?.(page);
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
  return page;
}

describe('no serious or critical axe violations', () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const view of VIEWS) {
      it(`${view.name}, ${theme}`, async () => {
        const page = await openView(view, theme);
        const problems = watchProblems(page);
        const results = await new AxeBuilder({ page }).analyze();
        const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        const report = bad.map(
          (v) =>
            `${v.impact} ${v.id}: ${v.help}\n` +
            v.nodes
              .slice(0, 4)
              .map((n) => `    ${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`)
              .join('\n'),
        );
        expect(report, report.join('\n')).toEqual([]);
        expect(problems.pageErrors).toEqual([]);
        await page.context().close();
      });
    }
  }
});
