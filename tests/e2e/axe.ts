import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/**
 * Serious and critical axe violations on the page (inside the `include` selectors, if any), one line
 * each: "impact id: the offending nodes". Empty when there are none.
 */
export async function seriousAxeViolations(page: Page, include: readonly string[] = []): Promise<string[]> {
  const builder = include.reduce((b, selector) => b.include(selector), new AxeBuilder({ page }));
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
