import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appURL, sharedBrowser, watchProblems } from './browser';

const browser = sharedBrowser();

/** Raw number in a per-token table cell (the panel puts the exact value in data-value). */
async function perTokenValue(page: Page, kind: string, col: string): Promise<number> {
  const cell = page.locator(`[data-testid="kv-per-token-table"] [data-kind="${kind}"] [data-col="${col}"]`);
  return Number(await cell.getAttribute('data-value'));
}

async function sliderValue(page: Page, key: string): Promise<string> {
  return (await page.getByTestId(`control-${key}-value`).textContent()) ?? '';
}

describe('KV memory explorer in Chromium', () => {
  it('loads with no console errors and shows every kind', async () => {
    const page = await browser().newPage();
    const problems = watchProblems(page);
    await page.goto(appURL());
    await page.getByTestId('kv-per-token-table').waitFor();
    const kinds = await page
      .locator('[data-testid="kv-per-token-table"] tbody tr[data-kind]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(kinds.sort()).toEqual(['gqa', 'mha', 'mla', 'mqa', 'tpa', 'tpa-kvonly']);
    // default: T6-small TPA shape, (2+2)(34+64) = 392
    expect(await perTokenValue(page, 'tpa', 'elements')).toBe(392);
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [] });
    await page.close();
  });

  it('a rank slider moved by keyboard changes the TPA number, the table and the link; the link restores it', async () => {
    const page = await browser().newPage();
    const problems = watchProblems(page);
    await page.goto(appURL());
    const historyBefore = await page.evaluate(() => history.length);
    const slider = page.getByTestId('control-rankK').locator('input[type="range"]');
    await slider.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await sliderValue(page, 'rankK')).toBe('5');
    // (R_K + R_V)(h + d_h) = (5 + 2)(34 + 64) = 686
    expect(await perTokenValue(page, 'tpa', 'elements')).toBe(686);
    expect(await perTokenValue(page, 'tpa-kvonly', 'elements')).toBe(686);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('rk') === '5');
    expect(await page.evaluate(() => history.length)).toBe(historyBefore);

    const link = page.url();
    const again = await browser().newPage();
    await again.goto(link);
    await again.getByTestId('kv-per-token-table').waitFor();
    expect(await sliderValue(again, 'rankK')).toBe('5');
    for (const kind of ['mha', 'mqa', 'gqa', 'mla', 'tpa-kvonly', 'tpa']) {
      expect(await perTokenValue(again, kind, 'elements')).toBe(await perTokenValue(page, kind, 'elements'));
    }
    expect(await again.getByTestId('link-notice').count()).toBe(0);
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [] });
    await Promise.all([page.close(), again.close()]);
  });

  it('the comparison toggle switches to parameter-matched heads', async () => {
    const page = await browser().newPage();
    // T6-medium shape: parameter-matched TPA (6,2,2) gets h = 47, so (2+2)(47+64) = 444
    await page.goto(appURL('v=1&k=tpa&h=16&dh=64&d=1024&L=24&rq=6&rk=2&rv=2&m=param'));
    await page.getByTestId('kv-per-token-table').waitFor();
    expect(await perTokenValue(page, 'tpa', 'elements')).toBe(444);
    expect(await perTokenValue(page, 'mha', 'elements')).toBe(2048);
    await page.close();
  });

  const hostile = [
    'h=abc',
    'h=NaN',
    'h=-12',
    'h=0',
    'h=99999',
    'rq=1000',
    'rk=-1',
    'rv=2.5',
    'k=quantum',
    'k=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    'dt=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E',
    `h=${'7'.repeat(10_240)}`,
    `k=${'x'.repeat(10_240)}`,
    'dh=63',
    'T=1e99',
    'T=-5',
    'b=Infinity',
    'g=7&h=12',
    'v=99&rq=3',
    'm=both',
    'bg=0',
    'd=%00%01',
    'L=%3Csvg%20onload%3Dwindow.__pwned%3D1%3E&L=12',
    'dc=1.5e3.2',
    '__proto__[x]=1&constructor=2&h=12x',
  ];

  it(`${hostile.length} hostile links each show one notice and nothing breaks`, async () => {
    const page = await browser().newPage();
    const problems = watchProblems(page);
    for (const query of hostile) {
      await page.goto(appURL(query));
      const notice = page.getByTestId('link-notice');
      await notice.waitFor({ timeout: 10_000 }).catch(() => {
        throw new Error(`no notice for hostile link ?${query.slice(0, 80)}`);
      });
      expect(await notice.count(), query).toBe(1);
      expect(await page.locator('#root script, #root img, #root iframe').count(), query).toBe(0);
      expect(
        await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
        query,
      ).toBeUndefined();
      expect(Number.isFinite(await perTokenValue(page, 'tpa', 'elements')), query).toBe(true);
    }
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });
});
