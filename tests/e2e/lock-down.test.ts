import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appURL, sharedBrowser } from './browser';

// The built app under its Content-Security-Policy, and the preview server with long links.
const browser = sharedBrowser();
const TINY = 'md=32&ml=1&mh=2&mdh=8&mT=16&tb=4&ts=20&lr=0.01&k=tpa&rq=2&rk=1&rv=1&s=3&be=wasm';

interface Violations {
  events: () => Promise<string[]>;
  console: string[];
}

/** Records CSP violations: the document's securitypolicyviolation events and the console of page and workers. */
async function recordViolations(page: Page): Promise<Violations> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  const consoleHits: string[] = [];
  const csp = /Content Security Policy|Refused to/i;
  page.on('console', (m) => {
    if (csp.test(m.text())) consoleHits.push(m.text());
  });
  page.on('worker', (w) =>
    w.on('console', (m) => {
      if (csp.test(m.text())) consoleHits.push(`worker: ${m.text()}`);
    }),
  );
  return {
    events: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
    console: consoleHits,
  };
}

describe('lock-down', () => {
  it('the page and its worker scripts come with the policy, as a header and in the page', async () => {
    const page = await browser().newPage();
    const workers: string[] = [];
    page.on('response', (r) => {
      if (/\.worker-.*\.js$/.test(r.url())) workers.push(r.headers()['content-security-policy'] ?? '');
    });
    const response = await page.goto(appURL(TINY));
    const header = response?.headers()['content-security-policy'] ?? '';
    expect(header).toMatch(
      /^default-src 'self'; script-src 'self' 'wasm-unsafe-eval' blob:; worker-src 'self' blob:;/,
    );
    expect(header).toMatch(/object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/);
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(`${meta}; frame-ancestors 'none'`).toBe(header);
    await page.locator('#training').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => window.__t6?.state().phase === 'ready', null, { timeout: 120_000 });
    expect(workers.length).toBeGreaterThan(0);
    for (const w of workers) expect(w).toBe(header);
    await page.close();
  });

  it('loading, the article, training, generating, the import reader and the quality panel: 0 violations', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    const violations = await recordViolations(page);
    await page.goto(appURL(TINY));
    // the article typesets its formulas with KaTeX (fonts, inline styles)
    await page.locator('#article-findings').scrollIntoViewIfNeeded();
    await page.locator('[data-testid="article"] .katex').first().waitFor({ state: 'attached' });
    // training and generating: the model worker on wasm (WebAssembly compiled under the policy)
    await page.locator('#training').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => window.__t6?.state().phase === 'ready', null, { timeout: 120_000 });
    await page.getByTestId('train-start').click();
    await page.waitForFunction(
      () => window.__t6?.state().phase === 'ready' && window.__t6.state().history.at(-1)?.step === 20,
      null,
      { timeout: 120_000 },
    );
    await page.locator('#generation').scrollIntoViewIfNeeded();
    await page.getByTestId('generate').click();
    await page.waitForFunction(() => window.__t6?.state().generation.status === 'done', null, {
      timeout: 60_000,
    });
    // the import reader's own worker
    await page.locator('[data-testid="import-export"] > summary').click();
    await page
      .getByTestId('import-text')
      .fill('{"num_attention_heads": 8, "num_hidden_layers": 2, "hidden_size": 512}');
    await page.getByTestId('import-read').click();
    await expect.poll(() => page.getByTestId('import-result').textContent()).toMatch(/^Read /);
    // the quality panel (charts, the shipped manifest)
    await page.locator('#quality').scrollIntoViewIfNeeded();
    await page.getByTestId('pareto-chart-corpus').waitFor({ timeout: 60_000 });
    await page.locator('#factors').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500); // late reports
    expect(await violations.events()).toEqual([]);
    expect(violations.console).toEqual([]);
    await page.close();
  });

  it('the policy does refuse what it should: an inline script is reported as a violation', async () => {
    // the recorder above is only worth its zero if it sees a violation when there is one
    const page = await browser().newPage();
    const violations = await recordViolations(page);
    await page.goto(appURL());
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.body.append(s);
    });
    await expect.poll(async () => (await violations.events()).length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBeUndefined();
    expect((await violations.events())[0]).toMatch(/^script-src-elem inline/);
    await page.close();
  });
});

describe('long links', () => {
  it.each([20_000, 100_000])(
    'a %s-character link loads, and the page says it read the first 8,192',
    async (length) => {
      const page = await browser().newPage();
      const query = `h=12&x=${'a'.repeat(length - 7)}`;
      const response = await page.goto(appURL(query));
      expect(response?.status()).toBe(200);
      const notice = page.getByTestId('link-notice');
      await notice.waitFor();
      await expect(notice.textContent()).resolves.toMatch(
        new RegExp(`the link is ${length} characters long; only the first 8192 were read`),
      );
      await page.close();
    },
  );
});
